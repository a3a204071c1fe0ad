"""Mixed soak: readers, commenters, proposers and a moderator against gunicorn for N minutes.

Usage (after `make test` once; needs PostgreSQL on 127.0.0.1:5432 and redis-server or REDIS_URL):

    .venv/bin/python bench/soak.py [--minutes 20] [--port 8121] [--workers 2]
                                   [--readers 3] [--commenters 3] [--proposers 2]

Not part of the test suite. It builds a fresh PostgreSQL database `kochbuch_bench_soak` (the
demo book and the accounts below), starts its own redis-server on a free port (or uses
REDIS_URL when redis-server is missing), collects static files and starts gunicorn (sync
workers, the default 30 s timeout) on 127.0.0.1. Then, for the given minutes, bounded loops
with think times run in threads:

- readers: anonymous and signed-in page views (start, chapters, recipes, history, changes);
- commenters: a comment with a unique marker on a random recipe, every ~1 s;
- proposers: a proposal adding one paragraph with a unique marker to one of their own recipes,
  every ~3 s;
- a moderator (signed in with password and TOTP) accepting every open proposal.

At the end it counts what was sent and answered as stored against what the database holds
(comments and proposals by marker; the marker of every accepted proposal in its recipe's
current text), and reports every 5xx, the latencies, and the RSS of the gunicorn workers at
the start, every minute and at the end (the same worker processes throughout, or it says so).
Rate limits for comments and proposals are lifted for the run (COMMENTS_RATE_LIMIT,
PROPOSALS_RATE_LIMIT); everything else is the production configuration. Exit status 1 when a
5xx or a lost write was seen.
"""

import argparse
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DB_NAME = "kochbuch_bench_soak"
PASSWORD = "Sichere-Passphrase-2026"  # tests/factories.py

SETUP = """
import json, django
django.setup()
from django.core.management import call_command
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from accounts.roles import MITWIRKENDE, MODERATION
from recipes.models import Chapter, Recipe
from tests.factories import make_user

call_command("migrate", verbosity=0)
call_command("load_demo_book", verbosity=0)
people = {"readers": [], "commenters": [], "proposers": []}
for kind, count in (("readers", %(readers)d), ("commenters", %(commenters)d), ("proposers", %(proposers)d)):
    for index in range(count):
        email = f"{kind}{index}@kommune.example"
        make_user(email, role=MITWIRKENDE, display_name=f"{kind.capitalize()} {index}", institution="Stadt Soak")
        people[kind].append(email)
moderator = make_user("moderation@kommune.example", role=MODERATION, display_name="Mona Moderation")
secret = get_adapter().decrypt(Authenticator.objects.get(user=moderator, type="totp").data["secret"])
recipes = [[recipe.pk, recipe.slug] for recipe in Recipe.objects.order_by("sort_key")]
chapters = [chapter.slug for chapter in Chapter.objects.order_by("number")]
print("SETUP " + json.dumps({"people": people, "secret": secret, "recipes": recipes, "chapters": chapters}))
"""

COUNT = """
import json, sys, django
django.setup()
from comments.models import Comment
from proposals.models import EditProposal
from recipes.models import Recipe
marker = sys.argv[1]
accepted = EditProposal.objects.filter(summary__contains=marker, status__in=["accepted", "partly_accepted"])
bodies = {recipe.pk: recipe.body for recipe in Recipe.objects.all()}
missing = [p.pk for p in accepted.select_related("recipe") if p.summary.split()[-1] not in bodies[p.recipe_id]]
print("COUNT " + json.dumps({
    "comments": list(Comment.objects.filter(body__contains=marker).values_list("body", flat=True)),
    "proposals": list(EditProposal.objects.filter(summary__contains=marker).values_list("summary", flat=True)),
    "accepted": accepted.count(), "accepted_text_missing": missing,
    "statuses": {s: EditProposal.objects.filter(summary__contains=marker, status=s).count()
                 for s in EditProposal.Status.values},
}))
"""


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.status = defaultdict(lambda: defaultdict(int))
        self.server_errors = []
        self.sent = {"comments": [], "proposals": [], "accepted": 0, "conflicts": 0}
        self.failures = defaultdict(int)

    def record(self, kind, status, seconds, path):
        with self.lock:
            self.latency[kind].append(seconds)
            self.status[kind][status] += 1
            if status >= 500:
                self.server_errors.append((kind, status, path))


class Client:
    """One person's cookies on one keep-alive-less connection per request (as gunicorn sync)."""

    def __init__(self, port, stats, kind):
        self.port, self.stats, self.kind = port, stats, kind
        self.cookies = {}

    def request(self, path, form=None):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("POST" if form is not None else "GET", path, body, headers)
            response = connection.getresponse()
            content = response.read().decode(errors="replace")
        except OSError as error:
            with self.stats.lock:
                self.stats.failures[f"{self.kind}: {type(error).__name__}"] += 1
            return 0, {}, ""
        finally:
            connection.close()
        self.stats.record(self.kind, response.status, time.monotonic() - started, path)
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value or morsel.value == '""':
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def sign_in(self, email, secret=None):
        self.request("/konto/login/")
        status, headers, _ = self.request("/konto/login/", {"login": email, "password": PASSWORD})
        if status != 302:
            raise SystemExit(f"Anmeldung von {email} scheiterte ({status})")
        if secret is not None:
            self.request(headers["Location"])
            code = totp(secret)
            status, _, _ = self.request(headers["Location"], {"code": code})
            if status != 302:
                raise SystemExit(f"Zweiter Faktor für {email} scheiterte ({status})")


def totp(secret, period=30, digits=6):
    """The code an authenticator app shows now (RFC 6238, as allauth checks it)."""
    import base64
    import hashlib
    import hmac
    import struct

    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // period), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10 ** digits).zfill(digits)


def reader(client, data, stop, rng):
    pages = ["/", "/aenderungen/"] + [f"/kapitel/{slug}/" for slug in data["chapters"]]
    recipes = [slug for _, slug in data["recipes"]]
    while not stop.wait(rng.uniform(0.05, 0.3)):
        roll = rng.random()
        if roll < 0.2:
            path = rng.choice(pages)
        elif roll < 0.9:
            path = f"/rezepte/{rng.choice(recipes)}/"
        else:
            path = f"/rezepte/{rng.choice(recipes)}/versionen/"
        client.request(path)


def commenter(client, data, stop, rng, stats, marker, name):
    number = 0
    while not stop.wait(rng.uniform(0.5, 1.5)):
        pk, slug = rng.choice(data["recipes"])
        client.request(f"/rezepte/{slug}/")
        number += 1
        text = f"Erfahrung aus der Praxis {marker}-{name}-{number}"
        status, _, _ = client.request(f"/kommentare/neu/rezept/{pk}/", {"body": text})
        if status == 302:
            with stats.lock:
                stats.sent["comments"].append(text)


def proposer(client, data, stop, rng, stats, marker, name, share):
    number = 0
    import html

    while not stop.wait(rng.uniform(2, 4)):
        _, slug = share[number % len(share)]
        number += 1
        status, _, form = client.request(f"/rezepte/{slug}/vorschlagen/")
        base = re.search(r'name="base_version" value="(\d+)"', form)
        title = re.search(r'name="title"[^>]*value="([^"]*)"', form)
        body = re.search(r'<textarea name="body"[^>]*>\n?(.*?)</textarea>', form, re.DOTALL)
        if status != 200 or not (base and title and body):
            continue
        token = f"{marker}-{name}-{number}"
        new_body = html.unescape(body.group(1)).rstrip() + f"\n\nErgänzung aus der Praxis {token}."
        status, _, _ = client.request(f"/rezepte/{slug}/vorschlagen/", {
            "title": html.unescape(title.group(1)), "body": new_body, "base_version": base.group(1),
            "summary": f"Praxisergänzung {token}",
        })
        if status == 302:
            with stats.lock:
                stats.sent["proposals"].append(f"Praxisergänzung {token}")


def moderator(client, stop, rng, stats):
    while not stop.wait(rng.uniform(1, 3)):
        status, _, queue = client.request("/vorschlaege/")
        for pk in sorted(set(re.findall(r'href="/vorschlaege/(\d+)/', queue)))[:5]:
            status, _, page = client.request(f"/vorschlaege/{pk}/pruefen/")
            if status != 200 or 'value="alle"' not in page:
                continue
            current = re.search(r'name="current_version" value="(\d*)"', page)
            status, _, _ = client.request(f"/vorschlaege/{pk}/pruefen/", {
                "aktion": "alle", "nachricht": "Danke!", "current_version": current.group(1) if current else "",
            })
            if status == 302:
                with stats.lock:
                    stats.sent["accepted"] += 1
            elif status == 409:  # an edit conflict: sent back, not lost
                with stats.lock:
                    stats.sent["conflicts"] += 1
                client.request(f"/vorschlaege/{pk}/pruefen/", {"aktion": "ablehnen",
                                                              "nachricht": "Überschneidung, bitte neu."})


def worker_rss(master_pid):
    """{pid: RSS in MB} of gunicorn's workers."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    result = {}
    for pid in children:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        result[int(pid)] = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
    return result


def run(command, env, **kwargs):
    result = subprocess.run(command, cwd=ROOT, env=env, text=True, capture_output=True, check=False, **kwargs)
    if result.returncode:
        raise SystemExit(f"{' '.join(map(str, command[:3]))} scheiterte:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare_database():
    import psycopg2

    connection = psycopg2.connect(dbname="postgres", user="postgres", host="127.0.0.1")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DB_NAME}")
    connection.close()


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))] if values else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=20)
    parser.add_argument("--port", type=int, default=8121)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--commenters", type=int, default=3)
    parser.add_argument("--proposers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    temp = Path(tempfile.mkdtemp(prefix="kochbuch-soak-"))
    redis_process = None
    if shutil.which("redis-server"):
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            redis_port = probe.getsockname()[1]
        redis_process = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1",
                                          "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
    else:
        redis_url = os.environ.get("REDIS_URL") or sys.exit("redis-server fehlt und REDIS_URL ist nicht gesetzt")
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "kochbuch.settings", "DEBUG": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}", "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": f"soak-{uuid.uuid4().hex[:8]}",
        "SECRET_KEY": "soak-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1", "STATIC_ROOT": str(temp / "static"), "MEDIA_ROOT": str(temp / "media"),
        "COMMENTS_RATE_LIMIT": "100000/m", "PROPOSALS_RATE_LIMIT": "100000/m", "PRINT_REBUILD_ON_SAVE": "0",
        "LOG_LEVEL": "WARNING",
    }
    for name in ("TESTING", "TEST_DB_NAME", "TASKS_BACKEND"):
        env.pop(name, None)
    gunicorn = None
    stop = threading.Event()
    try:
        print("Datenbank und Konten anlegen …", flush=True)
        prepare_database()
        setup_script = SETUP % {"readers": 1, "commenters": args.commenters, "proposers": args.proposers}
        line = next(line for line in run([PYTHON, "-c", setup_script], env).splitlines()
                    if line.startswith("SETUP "))
        data = json.loads(line[len("SETUP "):])
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        log = open(temp / "gunicorn.log", "wb")  # noqa: SIM115 (kept for the report)
        gunicorn = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "kochbuch.wsgi", "--workers", str(args.workers), "--timeout", "30",
             "--bind", f"127.0.0.1:{args.port}", "--access-logfile", "/dev/null", "--error-logfile", "-"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=2).request("GET", "/")
                break
            except OSError:
                if time.monotonic() > deadline or gunicorn.poll() is not None:
                    raise SystemExit("gunicorn startet nicht") from None
                time.sleep(0.3)

        stats = Stats()
        marker = f"soak{uuid.uuid4().hex[:6]}"
        rng = random.Random(args.seed)
        threads = []

        def start(target, *extra):
            thread = threading.Thread(target=target, args=extra, daemon=True)
            thread.start()
            threads.append(thread)

        for index in range(args.readers):  # the first one signed in, the others anonymous
            client = Client(args.port, stats, "Lesen (angemeldet)" if index == 0 else "Lesen (anonym)")
            if index == 0:
                client.sign_in(data["people"]["readers"][0])
            start(reader, client, data, stop, random.Random(rng.random()))
        for index, email in enumerate(data["people"]["commenters"]):
            client = Client(args.port, stats, "Kommentieren")
            client.sign_in(email)
            start(commenter, client, data, stop, random.Random(rng.random()), stats, marker, f"k{index}")
        recipes = data["recipes"][1:]  # each proposer keeps to recipes of its own: no overlaps
        for index, email in enumerate(data["people"]["proposers"]):
            client = Client(args.port, stats, "Vorschlagen")
            client.sign_in(email)
            share = recipes[index::args.proposers]
            start(proposer, client, data, stop, random.Random(rng.random()), stats, marker, f"v{index}", share)
        client = Client(args.port, stats, "Moderation")
        client.sign_in("moderation@kommune.example", data["secret"])
        start(moderator, client, stop, random.Random(rng.random()), stats)

        time.sleep(min(30, args.minutes * 60 / 4))  # warm-up: every worker has its caches filled
        rss_start = worker_rss(gunicorn.pid)
        load_start = os.getloadavg()[0]
        samples = [rss_start]
        print(f"Start: Worker-RSS {fmt_rss(rss_start)}, Last {load_start:.2f}", flush=True)
        end = time.monotonic() + args.minutes * 60
        while time.monotonic() < end:
            time.sleep(min(60, max(0, end - time.monotonic())))
            samples.append(worker_rss(gunicorn.pid))
            done = sum(sum(by_status.values()) for by_status in stats.status.values())
            print(f"  {len(samples) - 1} min: {done} Anfragen, {len(stats.server_errors)} 5xx, "
                  f"RSS {fmt_rss(samples[-1])}", flush=True)
        stop.set()
        for thread in threads:
            thread.join(timeout=90)
        time.sleep(1)
        rss_end = worker_rss(gunicorn.pid)
        load_end = os.getloadavg()[0]
        line = next(line for line in run([PYTHON, "-c", COUNT, marker], env).splitlines()
                    if line.startswith("COUNT "))
        stored = json.loads(line[len("COUNT "):])
        ok = report(args, stats, stored, rss_start, rss_end, samples, load_start, load_end)
        log.close()
        errors = (temp / "gunicorn.log").read_text(errors="replace")
        if "WORKER TIMEOUT" in errors or "Traceback" in errors:
            print("\ngunicorn-Protokoll (Auszug):\n" + errors[-3000:])
            ok = False
        return 0 if ok else 1
    finally:
        stop.set()
        if gunicorn is not None:
            gunicorn.terminate()
            try:
                gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        if redis_process is not None:
            redis_process.terminate()
            redis_process.wait(timeout=10)
        shutil.rmtree(temp, ignore_errors=True)


def fmt_rss(rss):
    return ", ".join(f"{mb:.0f} MB" for _, mb in sorted(rss.items()))


def report(args, stats, stored, rss_start, rss_end, samples, load_start, load_end):
    sent_comments, stored_comments = set(stats.sent["comments"]), set(stored["comments"])
    sent_proposals, stored_proposals = set(stats.sent["proposals"]), set(stored["proposals"])
    lost_comments = sent_comments - stored_comments
    lost_proposals = sent_proposals - stored_proposals
    print(f"\n### Soak: {args.minutes:g} Minuten, gunicorn mit {args.workers} Sync-Workern\n")
    print("| Schleife | Anfragen | p50 ms | p95 ms | p99 ms | 5xx | Statuscodes |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for kind in sorted(stats.latency):
        values = stats.latency[kind]
        codes = ", ".join(f"{code}: {count}" for code, count in sorted(stats.status[kind].items()))
        fives = sum(count for code, count in stats.status[kind].items() if code >= 500)
        print(f"| {kind} | {len(values)} | {statistics.median(values) * 1000:.0f} | "
              f"{percentile(values, 0.95) * 1000:.0f} | {percentile(values, 0.99) * 1000:.0f} | {fives} | {codes} |")
    print()
    print(f"- Kommentare: {len(sent_comments)} gesendet und bestätigt, {len(stored_comments)} gespeichert, "
          f"{len(lost_comments)} verloren")
    print(f"- Vorschläge: {len(sent_proposals)} gesendet und bestätigt, {len(stored_proposals)} gespeichert, "
          f"{len(lost_proposals)} verloren; {stats.sent['accepted']} angenommen (gespeichert: "
          f"{stored['accepted']}, Text fehlt im Rezept: {len(stored['accepted_text_missing'])}), "
          f"{stats.sent['conflicts']} Konflikte")
    print(f"- 5xx: {len(stats.server_errors)}; Verbindungsfehler: {dict(stats.failures) or 0}")
    peak = {pid: max(sample.get(pid, 0) for sample in samples) for pid in rss_end}
    print(f"- Worker-RSS Beginn: {fmt_rss(rss_start)}; Ende: {fmt_rss(rss_end)}; Höchstwert: {fmt_rss(peak)}"
          + ("" if set(rss_start) == set(rss_end) else " (Worker wurden ersetzt!)"))
    print(f"- Last (1 min) vorher {load_start:.2f}, nachher {load_end:.2f}")
    lost = lost_comments or lost_proposals or stored["accepted_text_missing"] or \
        stats.sent["accepted"] != stored["accepted"]
    return not stats.server_errors and not lost and set(rss_start) == set(rss_end)


if __name__ == "__main__":
    sys.exit(main())

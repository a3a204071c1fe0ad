"""Load benchmark: gunicorn (2 workers) + PostgreSQL + Redis on loopback, measured with wrk.

Usage (after `make test` once, so .venv has everything; needs Debian's `wrk`):

    .venv/bin/python bench/load.py [--seconds 10] [--connections 16] [--repeat 3]
                                   [--threads 0] [--reuse-db] [--preload] [--only TEXT]

It builds a fresh PostgreSQL database `kochbuch_bench_load` (demo book, a recipe with 200
comments in threads by 12 people, 30 versions of it, 30 open proposals, a moderator with a
second factor), collects static files, starts gunicorn with two workers on 127.0.0.1:8077 (sync
workers; `--threads N`: gthread workers with N threads each), and runs wrk against the start
page, a chapter, the recipe with 200 comments, its versions, the recent changes, a selective and
a broad search (anonymous, as Mitwirkende and as Moderation; each also "ohne Cache", with an
address of its own for every request, so no page cache answers) and the proposal queue
(Moderation), plus a static file as the ceiling. Each
measurement follows a one-second warm-up (every worker has its caches filled); with `--repeat`
the run with the median requests/s is reported. It prints requests/s, p50/p95/p99 latency and
the app's CPU time per request (gunicorn master and workers, from /proc) as a Markdown table
(copy it into the README), with the load average before and after: wrk runs on the same cores,
and anything else busy on the machine lowers the figures (CPU per request hardly changes).
`--reuse-db` keeps the database of an earlier run. Only loopback addresses are used; every run
is bounded in time. After the measurements gunicorn is started again (Redis as it is) and the
first requests its fresh workers serve are timed: a signed-in recipe page, a chapter, a search.
On a shared machine, BENCH_DB_NAME, BENCH_PORT and BENCH_REDIS_DB keep runs apart.

It also reports each worker's memory from /proc (smaps_rollup) once the warmed workers are up and
again after the load run: RSS, PSS (shared pages split between the processes sharing them) and
USS (the worker's own pages). `--preload` starts gunicorn with --preload (the app loaded and
warmed once in the master, the workers forked from it: RSS still counts the shared pages in
every worker, PSS and USS show the saving). `--only TEXT` measures only the pages whose label
contains TEXT (e.g. "Rezept"), for short A/B runs.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
# A shared machine: several people may run this at once, so the database, the ports and the
# Redis database can be chosen (BENCH_DB_NAME, BENCH_PORT, BENCH_REDIS_DB).
DB_NAME = os.environ.get("BENCH_DB_NAME", "kochbuch_bench_load")
PORT = int(os.environ.get("BENCH_PORT", "8077"))
REDIS_DB = os.environ.get("BENCH_REDIS_DB", "3")
BASE = f"http://127.0.0.1:{PORT}"
# Sync workers close every connection, and each closed one waits 60 s in TIME_WAIT on the
# server side. Past ~28,000 connections to one port, new ones meet old ones and wait for a
# SYN retry (1 s), a measurement artefact. So every measurement gets a port of its own.
PORTS = range(PORT, PORT + 30)

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d\\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, summary.requests))
end
"""

# "ohne Cache": every request has an address of its own (a parameter the page ignores), so the
# page caches never answer and each request runs the whole search; thread number, start time
# and a counter keep the addresses apart between threads, runs and the warm-up.
UNCACHED_SCRIPT = """
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("number", threads)
end
init = function(args)
  counter = 0
  started = os.time()
end
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "&frisch=" .. started .. "-" .. number .. "-" .. counter)
end
"""

SETUP = """
import django, random
django.setup()
from importlib import import_module
from django.conf import settings
from django.core.management import call_command
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from accounts.models import User
from accounts.roles import MITWIRKENDE, MODERATION
from comments.services import comment_create
from proposals.services import proposal_create
from recipes.models import Recipe
from recipes.services import recipe_save
from recipes.versions import latest_version_id
from tests.factories import make_user


def build():
    call_command("load_demo_book", verbosity=0)
    make_user("leser@kommune.example", role=MITWIRKENDE, display_name="Lea Leserin")
    writers = [make_user(f"autor{index}@kommune.example", role=MITWIRKENDE, display_name=f"Autorin {index}",
                         institution=f"Stadt {index}", bundesland="NW") for index in range(12)]
    recipe = Recipe.objects.get(number="7.1.3")
    for index in range(29):
        recipe.body += f"\\n\\nErgänzung {index}: Der Posteingang wird digital verteilt."
        recipe_save(recipe=recipe, user=writers[index % len(writers)], comment=f"Ergänzung {index}")
    rng = random.Random(7)
    comments = []
    for index in range(200):  # through the service, as on the site: threads, many authors
        parent = rng.choice(comments) if comments and rng.random() < 0.6 else None
        comments.append(comment_create(recipe=recipe, parent=parent, author=rng.choice(writers),
            body=f"Kommentar {index}: In unserer Kommune hat sich das **bewährt**, siehe [[7.1.4]]."))
    # The Moderation's queue: 30 open proposals on as many recipes, by the writers.
    for index, other in enumerate(Recipe.objects.exclude(pk=recipe.pk).order_by("number")[:30]):
        proposal_create(recipe=other, author=writers[index % len(writers)], base_version_id=latest_version_id(other),
                        title=other.title, body=other.body + "\\n\\nEin Vorschlag aus der Praxis.",
                        summary=f"Vorschlag {index}", rate_limited=False)
    make_user("moderation@kommune.example", role=MODERATION, display_name="Mo Moderation")  # with TOTP


def session_of(user):
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.CachedPermissionsBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


call_command("migrate", verbosity=0)
if not User.objects.filter(email="leser@kommune.example").exists():  # else: --reuse-db
    build()
reader = User.objects.get(email="leser@kommune.example")
moderator = User.objects.get(email="moderation@kommune.example")
recipe = Recipe.objects.get(number="7.1.3")
print("SESSION", session_of(reader), session_of(moderator), recipe.slug, recipe.chapter.slug)
"""



def run(command, env, **kwargs):
    result = subprocess.run(command, cwd=ROOT, env=env, text=True, **kwargs)
    if result.returncode:
        raise SystemExit(f"{command[:3]} scheiterte:\n{result.stderr or ''}")
    return result


def prepare_database(env, *, reuse):
    import psycopg2

    connection = psycopg2.connect(dbname="postgres", user="postgres", host="127.0.0.1")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
        exists = cursor.fetchone() is not None
        if not (reuse and exists):
            cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
            cursor.execute(f"CREATE DATABASE {DB_NAME}")
    connection.close()
    output = run([PYTHON, "-c", SETUP], env, capture_output=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("SESSION"))
    _, session_key, moderator_session_key, recipe_slug, chapter_slug = line.split()
    return session_key, moderator_session_key, recipe_slug, chapter_slug


def wait_for_server(server, path="/"):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn ist beendet")
        try:
            urllib.request.urlopen(BASE + path, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn startet nicht")


def wrk(url, *, seconds, connections, cookie, script):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", script]
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, timeout=seconds + 30).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    rps, p50, p95, p99, errors, total = line.split()[1:]
    return float(rps), float(p50), float(p95), float(p99), int(errors), int(total)


def first_request(url, cookie):
    """Milliseconds for one request (wall clock)."""
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"} if cookie else {})
    started = time.perf_counter()
    urllib.request.urlopen(request, timeout=30).read()
    return (time.perf_counter() - started) * 1000


def server_cpu_seconds(master_pid):
    """CPU time used so far by gunicorn's master and workers (user + system, from /proc)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        pid, ppid = int(stat.parent.name), int(fields[1])
        if master_pid in (pid, ppid):
            total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def worker_memory(master_pid):
    """(RSS, PSS, USS) in MB of each gunicorn worker (the master's children), from /proc.

    RSS counts every page a worker maps, also those it shares with the master and the other
    worker (after ``--preload``, copy-on-write); PSS splits shared pages between their users,
    USS counts only the worker's own pages (what stopping it would free)."""
    workers = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != master_pid:
                continue
            rollup = (stat.parent / "smaps_rollup").read_text()
        except OSError:
            continue
        kb = {line.split(":")[0]: int(line.split()[1]) for line in rollup.splitlines()[1:]}
        workers.append((kb["Rss"] / 1024, kb["Pss"] / 1024,
                        (kb["Private_Clean"] + kb["Private_Dirty"]) / 1024))
    return sorted(workers)


def memory_text(workers):
    # RSS to a tenth: issue 13's goal is 70 MB, and whole megabytes hide which side a worker is on.
    return "; ".join(f"RSS {rss:.1f} MB, PSS {pss:.0f} MB, USS {uss:.0f} MB" for rss, pss, uss in workers)


def measure(url, *, repeat, server, **options):
    """A warm-up second, then ``repeat`` runs; the run with the median requests/s, with the
    server's CPU time per request (unlike latency, hardly affected by other load)."""
    wrk(url, **{**options, "seconds": 1})
    runs = []
    for _ in range(repeat):
        cpu = server_cpu_seconds(server.pid)
        result = wrk(url, **options)
        runs.append((*result, (server_cpu_seconds(server.pid) - cpu) * 1000 / max(result[-1], 1)))
    runs.sort(key=lambda run: run[0])
    return runs[len(runs) // 2]


def gunicorn_command(threads, preload=False):
    command = [PYTHON, "-m", "gunicorn", "kochbuch.wsgi", "--workers", "2",
               "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning"]
    for port in PORTS:
        command += ["--bind", f"127.0.0.1:{port}"]
    if threads:
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    if preload:
        command.append("--preload")
    return command


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0, help="gthread workers with N threads (0: sync)")
    parser.add_argument("--reuse-db", action="store_true")
    parser.add_argument("--preload", action="store_true", help="gunicorn --preload (copy-on-write)")
    parser.add_argument("--only", help="measure only the pages whose label contains this text")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk fehlt: apt-get install wrk")

    static_root = tempfile.mkdtemp(prefix="kochbuch-static-")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "STATIC_ROOT": static_root, "DEBUG": "0",
        "CACHE_KEY_PREFIX": "bench", "DB_CONN_MAX_AGE": "600",
        "DJANGO_SETTINGS_MODULE": "kochbuch.settings",
        "COMMENTS_RATE_LIMIT": "1000/1m",  # the set-up writes 200 comments in a few seconds
        "PRINT_REBUILD_ON_SAVE": "0",  # no worker runs; the queue would only grow
    }
    subprocess.run(["redis-cli", "-n", REDIS_DB, "flushdb"], capture_output=True)
    session_key, moderator_session_key, recipe_slug, chapter_slug = prepare_database(env, reuse=args.reuse_db)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    css = next(Path(static_root, "css").glob("kochbuch.*.css")).name

    server = subprocess.Popen(gunicorn_command(args.threads, args.preload), cwd=ROOT, env=env)
    people = {"anonym": None, "Mitwirkende": session_key, "Moderation": moderator_session_key}
    pages = [  # (label, path, who sees it)
        ("Startseite", "/", people),
        ("Kapitel", f"/kapitel/{chapter_slug}/", people),
        ("Rezept mit 200 Kommentaren", f"/rezepte/{recipe_slug}/", people),
        ("Versionen (30)", f"/rezepte/{recipe_slug}/versionen/", people),
        ("Änderungen", "/aenderungen/", people),
        ("Vorschläge (30 offen)", "/vorschlaege/", {"Moderation": moderator_session_key}),
        ("Suche, gezielt", "/suche/?q=Posteingang", people),
        ("Suche, breit", "/suche/?q=Verwaltung", people),
        ("Suche, gezielt, ohne Cache", "/suche/?q=Posteingang", people),
        ("Suche, breit, ohne Cache", "/suche/?q=Verwaltung", people),
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as uncached_script:
        uncached_script.write(WRK_SCRIPT + UNCACHED_SCRIPT)
    options = {"seconds": args.seconds, "connections": args.connections, "script": script.name,
               "repeat": args.repeat, "server": server}
    load_before = os.getloadavg()
    rows, firsts = [], []
    try:
        wait_for_server(server)
        time.sleep(3)  # both workers up and warmed
        memory_started = worker_memory(server.pid)
        cases = [(label, who, path, cookie) for label, path, viewers in pages
                 for who, cookie in viewers.items()]
        cases.append(("Statische Datei (Obergrenze)", "anonym", f"/static/css/{css}", None))
        assert len(cases) <= len(PORTS), "mehr Messungen als Ports"
        for port, (label, who, path, cookie) in zip(PORTS, cases):
            if args.only and args.only not in label:
                continue
            script_name = uncached_script.name if "ohne Cache" in label else script.name
            rows.append((label, who, *measure(f"http://127.0.0.1:{port}{path}", cookie=cookie,
                                              **{**options, "script": script_name})))
        memory_loaded = worker_memory(server.pid)
        # Fresh workers with the caches (Redis) as they are, like after a deployment or a worker
        # recycled by max_requests: the first requests they serve. The workers warmed themselves
        # while starting (kochbuch/warmup.py), so no visitor should pay for a cold process.
        server.terminate()
        server.wait(timeout=20)
        server = subprocess.Popen(gunicorn_command(args.threads, args.preload), cwd=ROOT, env=env)
        wait_for_server(server, path=f"/static/css/{css}")
        time.sleep(3)  # both workers up
        for label, path, cookie in (("Rezept, angemeldet", f"/rezepte/{recipe_slug}/", session_key),
                                    ("Kapitel, anonym", f"/kapitel/{chapter_slug}/", None),
                                    ("Suche", "/suche/?q=Ablage", None)):
            firsts.append((label, first_request(BASE + path, cookie)))
    finally:
        server.terminate()
        server.wait(timeout=20)
        os.unlink(script.name)
        os.unlink(uncached_script.name)
        shutil.rmtree(static_root, ignore_errors=True)
    load_after = os.getloadavg()

    workers = f"gthread, {args.threads} threads each" if args.threads else "sync"
    print(f"\ngunicorn 2 workers ({workers}), wrk 2 threads / {args.connections} connections / "
          f"{args.seconds} s each (median of {args.repeat}), PostgreSQL + Redis, {os.cpu_count()} cores; "
          f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}\n")
    print("Erste Anfragen frisch gestarteter Worker: " + ", ".join(f"{label} {ms:.0f} ms" for label, ms in firsts) + "\n")
    print(f"Worker-Speicher{' (--preload)' if args.preload else ''} nach dem Start (aufgewärmt): "
          f"{memory_text(memory_started)}")
    print(f"Worker-Speicher nach dem Lastlauf: {memory_text(memory_loaded)}\n")
    print("| Seite | Leser | Anfragen/s | p50 ms | p95 ms | p99 ms | CPU ms/Anfrage | Fehler |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for label, who, rps, p50, p95, p99, errors, total, cpu in rows:
        print(f"| {label} | {who} | {rps:.0f} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {cpu:.1f} | {errors}/{total} |")


if __name__ == "__main__":
    main()

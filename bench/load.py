"""Load benchmark: gunicorn (2 workers) + PostgreSQL + Redis on loopback, measured with wrk.

Usage (after `make test` once, so .venv has everything; needs Debian's `wrk`):

    .venv/bin/python bench/load.py [--seconds 10] [--connections 16]

It builds a fresh PostgreSQL database `kochbuch_bench_load` (demo book, a recipe with 200
comments in threads, 30 versions of it), collects static files, starts gunicorn with two workers
on 127.0.0.1:8077, and runs wrk against the start page, a chapter, the recipe with 200 comments,
its history and a search, anonymous and signed in, plus a static file as the ceiling. It prints
requests/s and p50/p95/p99 latency as a Markdown table (copy it into the README).
Only loopback addresses are used; every run is bounded in time.
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
DB_NAME = "kochbuch_bench_load"
PORT = 8077
BASE = f"http://127.0.0.1:{PORT}"

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d\\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, summary.requests))
end
"""

SETUP = """
import django, random
django.setup()
from django.core.management import call_command
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from accounts.roles import MITWIRKENDE
from comments.models import Comment
from recipes.models import Recipe
from recipes.services import recipe_save
from tests.factories import make_user
from reversion.models import Version

call_command("migrate", verbosity=0)
call_command("load_demo_book", verbosity=0)
reader = make_user("leser@kommune.example", role=MITWIRKENDE, display_name="Lea Leserin")
recipe = Recipe.objects.get(number="7.1.3")
for index in range(29):
    recipe.body += f"\\n\\nErgänzung {index}: Der Posteingang wird digital verteilt."
    recipe_save(recipe=recipe, user=reader, comment=f"Ergänzung {index}")
version = Version.objects.get_for_object(recipe).first()
rng = random.Random(7)
comments = []
for index in range(200):
    parent = rng.choice(comments) if comments and rng.random() < 0.6 else None
    comment = Comment.objects.create(recipe=recipe, parent=parent, author=reader, version=version,
        body=f"Kommentar {index}: In unserer Kommune hat sich das **bewährt**, siehe [[7.1.4]].")
    comments.append(comment)
session = SessionStore()
session[SESSION_KEY] = str(reader.pk)
session[BACKEND_SESSION_KEY] = "accounts.backends.CachedPermissionsBackend"
session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
session.create()
print("SESSION", session.session_key, recipe.slug, recipe.chapter.slug)
"""


def run(command, env, **kwargs):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, text=True, **kwargs)


def prepare_database(env):
    import psycopg2

    connection = psycopg2.connect(dbname="postgres", user="postgres", host="127.0.0.1")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        cursor.execute(f"CREATE DATABASE {DB_NAME}")
    connection.close()
    output = run([PYTHON, "-c", SETUP], env, capture_output=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("SESSION"))
    _, session_key, recipe_slug, chapter_slug = line.split()
    return session_key, recipe_slug, chapter_slug


def wait_for_server():
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(BASE + "/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def measure(url, *, seconds, connections, cookie, script):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", script]
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, timeout=seconds + 30).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    rps, p50, p95, p99, errors, total = line.split()[1:]
    return float(rps), float(p50), float(p95), float(p99), int(errors), int(total)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk fehlt: apt-get install wrk")

    static_root = tempfile.mkdtemp(prefix="kochbuch-static-")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "STATIC_ROOT": static_root, "DEBUG": "0",
        "CACHE_KEY_PREFIX": "bench", "DB_CONN_MAX_AGE": "600",
    }
    env.pop("TESTING", None)
    subprocess.run(["redis-cli", "-n", "3", "flushdb"], capture_output=True)
    session_key, recipe_slug, chapter_slug = prepare_database(env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    css = next(Path(static_root, "css").glob("kochbuch.*.css")).name

    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "kochbuch.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{PORT}",
         "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    pages = [
        ("Startseite", "/"),
        ("Kapitel", f"/kapitel/{chapter_slug}/"),
        ("Rezept mit 200 Kommentaren", f"/rezepte/{recipe_slug}/"),
        ("Versionen (30)", f"/rezepte/{recipe_slug}/versionen/"),
        ("Suche", "/suche/?q=Verwaltung"),
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    rows = []
    try:
        wait_for_server()
        for label, path in pages:
            for who, cookie in (("anonym", None), ("angemeldet", session_key)):
                urllib.request.urlopen(BASE + path).read()  # warm caches
                rows.append((label, who, *measure(BASE + path, seconds=args.seconds,
                                                  connections=args.connections, cookie=cookie,
                                                  script=script.name)))
        rows.append(("Statische Datei (Obergrenze)", "anonym", *measure(
            f"{BASE}/static/css/{css}", seconds=args.seconds, connections=args.connections,
            cookie=None, script=script.name)))
    finally:
        server.terminate()
        server.wait(timeout=20)
        os.unlink(script.name)
        shutil.rmtree(static_root, ignore_errors=True)

    print(f"\ngunicorn 2 workers, wrk 2 threads / {args.connections} connections / {args.seconds} s each,"
          f" PostgreSQL + Redis, {os.cpu_count()} cores\n")
    print("| Seite | Leser | Anfragen/s | p50 ms | p95 ms | p99 ms | Fehler |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for label, who, rps, p50, p95, p99, errors, total in rows:
        print(f"| {label} | {who} | {rps:.0f} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {errors}/{total} |")


if __name__ == "__main__":
    main()

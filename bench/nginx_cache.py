"""nginx's micro-cache from docs/deployment.md in front of gunicorn, against nginx serving the
same bytes as a static file, in the same run (issue 13: the anonymous hot page through the cache
at ≥ 25 % of the static file's requests/s).

Usage (needs Debian's nginx and wrk, PostgreSQL and Redis on 127.0.0.1):

    apt-get install -y nginx wrk
    .venv/bin/python bench/nginx_cache.py [--seconds 5] [--repeat 3] [--connections 16]

The cache configuration is read from docs/deployment.md (the ``nginx`` block of "Micro-cache for
anonymous readers"), so what is measured is what the operator copies; only the cache directory
and the upstream port are replaced. nginx runs as a child process with its own configuration,
pid file and temp directories in a temporary directory (never the system service), listening on
loopback only. The database is bench/load.py's (built if missing; BENCH_DB_NAME, BENCH_PORT,
BENCH_REDIS_DB as there).

Before measuring, it checks what the cache must do and stops if one fails: an anonymous page is
a MISS and then a HIT; a request with a session cookie, or a messages cookie, passes the cache
(BYPASS) and reaches Django, which answers the signed-in page (the reader's name, "private"); the
anonymous page after it is still the cached, anonymous one; a POST reaches Django (its CSRF check
answers 403); a conditional request for a cached page gets 304 from nginx.

Then wrk (2 threads) alternates between the recipe page with 200 comments through the cache and
the same bytes as a static file from the same nginx, ``--repeat`` times each, and reports
requests/s (the median run), latency, the CPU time per request of nginx and of gunicorn (from
/proc), and the ratio. For reference it also measures the page from gunicorn directly.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402  (bench/load.py: the database, wrk and /proc helpers)

ROOT = load.ROOT
NGINX_PORT = load.PORT + 20
GUNICORN_PORT = load.PORT + 21
DOCS = ROOT / "docs" / "deployment.md"


def documented_cache_config():
    """The two parts of the documented micro-cache: the http block's lines and the location."""
    text = DOCS.read_text()
    section = text.split("### Micro-cache for anonymous readers", 1)[1]
    block = re.search(r"```nginx\n(.*?)```", section, re.S).group(1)
    http_part, location = block.split("# in the server block", 1)
    location = location.split("\n", 1)[1]  # the rest of the comment line
    return http_part, location


def nginx_config(tmp, *, static_dir):
    http_part, location = documented_cache_config()
    http_part = http_part.replace("/var/cache/nginx/kochbuch", str(tmp / "cache"))
    location = location.replace("127.0.0.1:8000", f"127.0.0.1:{GUNICORN_PORT}")
    assert str(tmp / "cache") in http_part and str(GUNICORN_PORT) in location, "docs snippet changed"
    temp_paths = "\n".join(f"    {name}_temp_path {tmp / name};"
                           for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # As root, nginx's workers would switch to "nobody", who cannot enter the temporary directory.
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""
{user}
worker_processes 2;
pid {tmp / "nginx.pid"};
error_log {tmp / "error.log"} warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
{temp_paths}
    default_type application/octet-stream;
    types {{ text/html html; }}
{http_part}
    server {{
        listen 127.0.0.1:{NGINX_PORT};
        server_name localhost;
        # the same bytes as the recipe page, served as a file (the ceiling)
        location /_bench_static/ {{ alias {static_dir}/; }}
{location}
    }}
}}
"""


def fetch(url, *, cookie=None, method="GET", headers=None):
    """(status, headers, body) of one request; error statuses are answers too."""
    request = urllib.request.Request(url, method=method, headers=dict(headers or {}),
                                     data=b"q=x" if method == "POST" else None)
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def check(condition, text, failures):
    print(("ok    " if condition else "FEHLER") + " " + text)
    if not condition:
        failures.append(text)


def behaviour_checks(base, recipe_path, session_key, reader_name):
    failures = []
    url = base + recipe_path
    _, first, _ = fetch(url)
    time.sleep(0.2)
    _, second, anonymous_body = fetch(url)
    check(first["X-Cache"] in ("MISS", "EXPIRED", "HIT") and second["X-Cache"] == "HIT",
          f"anonym: {first['X-Cache']}, dann {second['X-Cache']}", failures)
    status, signed, body = fetch(url, cookie=f"csrftoken=x; sessionid={session_key}")
    check(status == 200 and signed["X-Cache"] == "BYPASS" and reader_name.encode() in body
          and "private" in signed.get("Cache-Control", ""),
          f"mit Sitzungs-Cookie: {status}, X-Cache {signed['X-Cache']}, Django antwortet angemeldet "
          f"(Name im HTML: {reader_name.encode() in body}, Cache-Control {signed.get('Cache-Control')})", failures)
    _, after, body = fetch(url)
    check(after["X-Cache"] == "HIT" and reader_name.encode() not in body,
          "anonym danach: aus dem Cache, ohne den Namen der Angemeldeten", failures)
    _, messages, _ = fetch(url, cookie="messages=abc")
    check(messages["X-Cache"] == "BYPASS", f"mit messages-Cookie: X-Cache {messages['X-Cache']}", failures)
    status, posted, body = fetch(base + "/suche/", method="POST")
    check(status == 403 and posted.get("X-Cache", "") != "HIT" and "Content-Security-Policy" in posted,
          f"POST erreicht Django: {status} (CSRF-Prüfung, mit den Kopfzeilen der App), "
          f"X-Cache {posted.get('X-Cache', '-')!r}", failures)
    etag = second["ETag"]
    status, conditional, _ = fetch(url, headers={"If-None-Match": etag})
    check(status == 304 and conditional["X-Cache"] == "HIT",
          f"If-None-Match: {status}, X-Cache {conditional['X-Cache']}", failures)
    return failures, anonymous_body


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for program in ("nginx", "wrk"):
        if not shutil.which(program):
            raise SystemExit(f"{program} fehlt: apt-get install nginx wrk")

    tmp = Path(tempfile.mkdtemp(prefix="kochbuch-nginx-"))
    static_root, page_dir = tmp / "static", tmp / "page"
    page_dir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{load.DB_NAME}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{load.REDIS_DB}",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "STATIC_ROOT": str(static_root), "DEBUG": "0",
        "CACHE_KEY_PREFIX": "bench", "DB_CONN_MAX_AGE": "600", "DJANGO_SETTINGS_MODULE": "kochbuch.settings",
        "COMMENTS_RATE_LIMIT": "1000/1m", "PRINT_REBUILD_ON_SAVE": "0",
    }
    session_key, recipe_slug, _ = load.prepare_database(env, reuse=True)
    load.run([load.PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    recipe_path = f"/rezepte/{recipe_slug}/"

    gunicorn = subprocess.Popen(
        [load.PYTHON, "-m", "gunicorn", "kochbuch.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{GUNICORN_PORT}",
         "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning"], cwd=ROOT, env=env)
    nginx = None
    script = tmp / "result.lua"
    script.write_text(load.WRK_SCRIPT)
    load_before = os.getloadavg()
    try:
        direct = f"http://127.0.0.1:{GUNICORN_PORT}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(direct + "/", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or gunicorn.poll() is not None:
                    raise SystemExit("gunicorn startet nicht")
                time.sleep(0.3)
        # The static copy: exactly the bytes an anonymous reader gets for the recipe page.
        (page_dir / "rezept.html").write_bytes(urllib.request.urlopen(direct + recipe_path).read())
        config = tmp / "nginx.conf"
        config.write_text(nginx_config(tmp, static_dir=page_dir))
        subprocess.run(["nginx", "-t", "-q", "-c", str(config), "-p", str(tmp)], check=True)
        nginx = subprocess.Popen(["nginx", "-c", str(config), "-p", str(tmp)])
        base = f"http://127.0.0.1:{NGINX_PORT}"
        for _ in range(50):
            try:
                urllib.request.urlopen(base + "/_bench_static/rezept.html", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)

        reader_name = "Lea Leserin"
        failures, cached_body = behaviour_checks(base, recipe_path, session_key, reader_name)
        if failures:
            raise SystemExit(f"{len(failures)} Prüfung(en) fehlgeschlagen; keine Messung")
        static_body = urllib.request.urlopen(base + "/_bench_static/rezept.html").read()
        print(f"Seite {len(cached_body)} Bytes aus dem Cache, Datei {len(static_body)} Bytes\n")

        cases = [("Rezept mit 200 Kommentaren, nginx-Cache", base + recipe_path),
                 ("dieselben Bytes als statische Datei (nginx)", base + "/_bench_static/rezept.html"),
                 ("zum Vergleich: Rezept direkt von gunicorn", direct + recipe_path)]
        options = {"seconds": args.seconds, "connections": args.connections, "cookie": None,
                   "script": str(script)}
        for _, url in cases:  # warm-up
            load.wrk(url, **{**options, "seconds": 1})
        runs = {label: [] for label, _ in cases}
        for _ in range(args.repeat):  # alternating, so both meet the same background load
            for label, url in cases:
                before = (load.server_cpu_seconds(nginx.pid), load.server_cpu_seconds(gunicorn.pid))
                result = load.wrk(url, **options)
                after = (load.server_cpu_seconds(nginx.pid), load.server_cpu_seconds(gunicorn.pid))
                requests = max(result[-1], 1)
                runs[label].append((*result, (after[0] - before[0]) * 1000 / requests,
                                    (after[1] - before[1]) * 1000 / requests))
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=20)
        gunicorn.terminate()
        gunicorn.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)
    load_after = os.getloadavg()

    print(f"nginx {subprocess.run(['nginx', '-v'], capture_output=True, text=True).stderr.strip()}, "
          f"2 nginx workers, gunicorn 2 sync workers, wrk 2 threads / {args.connections} connections / "
          f"{args.seconds} s each, median of {args.repeat} alternating runs, {os.cpu_count()} cores; "
          f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}\n")
    print("| Messung | Anfragen/s | p50 ms | p95 ms | CPU ms/Anfrage nginx | CPU ms/Anfrage gunicorn | Fehler |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    medians = {}
    for label, results in runs.items():
        results.sort(key=lambda run: run[0])
        rps, p50, p95, _, errors, total, nginx_cpu, app_cpu = results[len(results) // 2]
        medians[label] = rps
        print(f"| {label} | {rps:.0f} | {p50:.1f} | {p95:.1f} | {nginx_cpu:.2f} | {app_cpu:.2f} | {errors}/{total} |")
    cached, static = medians[cases[0][0]], medians[cases[1][0]]
    print(f"\nnginx-Cache / statische Datei: {100 * cached / static:.0f} % (Ziel ≥ 25 %); "
          f"alle Läufe (Anfragen/s): Cache {[round(r[0]) for r in runs[cases[0][0]]]}, "
          f"Datei {[round(r[0]) for r in runs[cases[1][0]]]}")


if __name__ == "__main__":
    main()

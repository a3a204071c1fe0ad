"""Benchmark of the JSON API's recipe endpoint (issue 15), in process through the test client.

Builds a throw-away test database (SQLite in memory by default; DATABASE_URL for PostgreSQL)
with the demo book, gives recipe 7.1.3 30 versions by 12 people and 200 comments in threads,
then requests through Django's test client and prints median and p95 in milliseconds, the SQL
queries and the size of the answer:

- the recipe (Markdown, HTML, tags, authors, links), page cache bypassed (a fresh query
  string each time, so the view's real work), through the page cache, and as a conditional
  request answered 304;
- the first page of the recipe's 200 comments as threads, the recipe list and the whole-book
  JSON dump, each with the page cache bypassed.

    .venv/bin/python bench/api.py [--runs 50]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kochbuch.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("TESTING", "1")
os.environ.setdefault("COMMENTS_RATE_LIMIT", "100000/m")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the test client's host
os.environ.setdefault("PRINT_REBUILD_ON_SAVE", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


class QueryCounter(list):
    """The SQL statements sent while the block runs (the debug log is full after the set-up)."""

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self._record)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc_info):
        self._wrapper.__exit__(*exc_info)

    def _record(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def build(seed=7):
    from accounts.roles import MITWIRKENDE
    from comments.services import comment_create
    from recipes.models import Recipe
    from recipes.services import recipe_save
    from tests.factories import make_user

    call_command("load_demo_book", verbosity=0)
    writers = [make_user(f"autor{index}@kommune.example", role=MITWIRKENDE, display_name=f"Autorin {index}",
                         institution=f"Stadt {index}", bundesland="NW") for index in range(12)]
    recipe = Recipe.objects.get(number="7.1.3")
    for index in range(29):
        recipe.body += f"\n\nErgänzung {index}: Der Posteingang wird **digital** verteilt, siehe [[7.1.4]]."
        recipe_save(recipe=recipe, user=writers[index % len(writers)], comment=f"Ergänzung {index}")
    rng = random.Random(seed)
    comments = []
    for index in range(200):
        parent = rng.choice(comments) if comments and rng.random() < 0.6 else None
        comments.append(comment_create(recipe=recipe, parent=parent, author=rng.choice(writers),
                                       body=f"Kommentar {index}: Das hat sich **bewährt**, siehe [[7.1.4]]."))
    return recipe


def timed(client, url, runs, *, fresh, headers=None, status=200):
    times, cpu = [], []
    for run in range(runs):
        target = f"{url}{'&' if '?' in url else '?'}lauf={run}" if fresh else url
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(target, **(headers or {}))
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == status, (target, response.status_code)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], statistics.median(cpu)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        recipe = build()
        print(f"Demo-Buch, 30 Fassungen, 200 Kommentare angelegt in {time.perf_counter() - started:.1f} s "
              f"({connection.vendor})")
        client = Client()
        recipe_url = f"/api/v1/recipes/{recipe.slug}/"
        cases = [
            ("Rezept, ohne Seiten-Cache", recipe_url, True, None, 200),
            ("Rezept, mit Seiten-Cache", recipe_url, False, None, 200),
            ("Rezept, If-None-Match → 304", recipe_url, False, "etag", 304),
            ("200 Kommentare als Threads (Seite 1), ohne Cache", f"{recipe_url}comments/", True, None, 200),
            ("Rezeptliste (Seite 1), ohne Cache", "/api/v1/recipes/", True, None, 200),
            ("ganzes Buch (JSON), ohne Cache", "/api/v1/dump/", True, None, 200),
        ]
        print("\n| Fall | Abfragen | Antwort | Median | p95 | CPU (Median) |\n|---|---:|---:|---:|---:|---:|")
        for label, url, fresh, conditional, status in cases:
            cache.clear()
            first = client.get(url)
            headers = {"HTTP_IF_NONE_MATCH": first["ETag"]} if conditional else None
            probe = f"{url}{'&' if '?' in url else '?'}zaehlen=1" if fresh else url
            with QueryCounter() as queries:
                size = len(client.get(probe, **(headers or {})).content)
            median, p95, cpu = timed(client, url, args.runs, fresh=fresh, headers=headers, status=status)
            print(f"| {label} | {len(queries)} | {size / 1024:.1f} KiB | {median:.1f} ms | {p95:.1f} ms | {cpu:.1f} ms |")
        print(f"\nLast: {os.getloadavg()[0]:.1f} (1 min), {os.cpu_count()} Kerne")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

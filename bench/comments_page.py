"""Benchmark of a recipe page with many comments in deep threads.

Builds a throw-away test database (SQLite in memory by default; DATABASE_URL for PostgreSQL),
a recipe of about 1,000 words with 1,000 comments (30 threads, replies up to a chain more than
100 deep, a tenth of the threads on passages, some edited, hidden and deleted), then requests the
page through Django's test client and prints median and p95 in milliseconds:

- anonymous, page cache bypassed (a fresh query string each time): the view's real work;
- anonymous, through the page cache (what most readers get);
- signed in as a contributor, and as a moderator (reports and moderation log on top): from the
  role's shared page (kochbuch/fragments.py), and with it bypassed (rendered for the role anew).

    .venv/bin/python bench/comments_page.py [--comments 1000] [--runs 30]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The test settings: plain static files (no collectstatic), the fast password hasher.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("COMMENTS_RATE_LIMIT", "100000/m")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the test client's host

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # moderation notices

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

WORDS = ("Antrag Bescheid Bürgerbüro Verwaltung Gemeinde Landkreis Fachverfahren Schnittstelle "
         "Zuständigkeit Datenschutz Postfach Portal Signatur Formular Prozess Kommune Registratur "
         "prüft bearbeitet digitalisiert unterstützt ermöglicht vereinfacht koordiniert die der das "
         "eine für mit über im nach zentrale kommunale elektronische einheitliche").split()


def sentence(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."


def build(n_comments, seed=7):
    from reversion.models import Version

    from accounts.roles import MITWIRKENDE, MODERATION
    from comments import services
    from comments.anchoring import anchor_at
    from comments.models import Comment
    from comments.passages import blocks_of
    from recipes.rendering import render_markdown
    from tests.factories import make_recipe, make_user

    rng = random.Random(seed)
    body = "\n\n".join(" ".join(sentence(rng) for _ in range(5)) for _ in range(14))
    recipe = make_recipe("7.1", "Bausteine eines kommunalen Musterprozesses", body)
    make_recipe("7.2", "Nachbar", "Kurz.")
    people = [make_user(f"person{i}@kommune.example", role=MITWIRKENDE, display_name=f"Person {i}",
                        funktion="Sachbearbeitung", institution=f"Gemeinde {i}", bundesland="NW")
              for i in range(12)]
    moderator = make_user("moderation@kommune.example", role=MODERATION, display_name="Moderation")
    version = Version.objects.get_for_object(recipe).first()
    blocks = blocks_of(render_markdown(recipe.body).html)

    def comment(parent=None, anchored=False):
        fields = {}
        if anchored:
            block = rng.choice(blocks)
            start = rng.randrange(0, max(1, len(block.text) - 60))
            anchor = anchor_at(block, start, start + 40)
            fields = {"anchor_quote": anchor.quote, "anchor_prefix": anchor.prefix,
                      "anchor_suffix": anchor.suffix, "anchor_block": anchor.block}
        text = " ".join(sentence(rng) for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.2:
            text += "\n\n- erstens\n- zweitens\n\n> zitiert *kursiv*"
        return Comment(recipe=recipe, author=rng.choice(people), parent=parent, body=text, version=version,
                       **fields)

    made = Comment.objects.bulk_create([comment(anchored=i % 10 == 0) for i in range(30)])
    chain = made[0]
    while len(made) < n_comments:
        batch = [comment(parent=chain)]  # one chain grows a level per batch
        batch += [comment(parent=rng.choice(made)) for _ in range(min(9, n_comments - len(made) - 1))]
        made += Comment.objects.bulk_create(batch)
        chain = made[-len(batch)]
    for target in rng.sample(made, 10):
        services.comment_edit(comment=target, user=target.author, body=target.body + " (ergänzt)")
    services.comment_hide(comment=made[5], moderator=moderator, reason="Werbung")
    services.comment_delete(comment=made[7], user=made[7].author)
    services.comment_report(comment=made[9], reporter=moderator, reason="Bitte prüfen")
    return recipe, people[0], moderator


def measure(client, url, runs, *, fresh=False):
    """Median and p95 of wall-clock time, and median CPU time of this process, in ms.

    CPU time is the steadier figure on a busy machine: it leaves out waiting for other processes.
    """
    wall, cpu = [], []
    for run in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(f"{url}?lauf={run}" if fresh else url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    wall.sort()
    return statistics.median(wall), wall[max(0, round(0.95 * len(wall)) - 1)], statistics.median(cpu)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    # No setup_test_environment(): its instrumented template rendering would be measured too.
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        recipe, contributor, moderator = build(args.comments)
        print(f"{args.comments} Kommentare angelegt in {time.perf_counter() - started:.1f} s "
              f"({connection.vendor})")
        url = recipe.get_absolute_url()
        client = Client()
        started = time.perf_counter()
        client.get(url + "?kalt=1")
        print(f"erster Aufruf (Markdown, Passagen, Caches kalt): {(time.perf_counter() - started) * 1000:.0f} ms")
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url + "?zaehlen=1").content.decode()
        shown = page.count('class="comment-item')
        print(f"Seite: {len(page) / 1024:.0f} KiB HTML, {shown} Kommentare, "
              f"{len(queries)} SQL-Abfragen (anonym)")
        rows = [("anonym, ohne Seiten-Cache", measure(client, url, args.runs, fresh=True)),
                ("anonym, mit Seiten-Cache", measure(client, url, args.runs))]
        for label, user in (("angemeldet (Mitwirkende)", contributor), ("angemeldet (Moderation)", moderator)):
            client.force_login(user)
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            rows.append((f"{label}, {len(queries)} Abfragen", measure(client, url, args.runs)))
            # A fresh query string misses the role's shared page (kochbuch/fragments.py): the
            # render once per content change, then made personal.
            rows.append((f"{label}, geteilte Seite neu", measure(client, url, args.runs, fresh=True)))
        print(f"\n{'Fall':46} {'Median':>10} {'p95':>10} {'CPU (Median)':>13}")
        for label, (median, p95, cpu) in rows:
            print(f"{label:46} {median:7.1f} ms {p95:7.1f} ms {cpu:10.1f} ms")
        print(f"\nLast: {os.getloadavg()[0]:.1f} (1 min), {os.cpu_count()} Kerne")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

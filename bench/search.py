"""Benchmark of the German full-text search on 10,000 recipes (PostgreSQL and SQLite).

Generates a corpus of German administrative text (sentences of the demo book, recombined,
with compounds, place names and rare terms mixed in), loads it into a separate database
(PostgreSQL: ``kochbuch_bench`` on 127.0.0.1:5432, created and dropped here; SQLite: a file
in /tmp), migrates it, bulk-indexes it with ``search.indexing.index_rebuild`` and runs a set
of selective and broad queries many times, through the same code as the results page.

    .venv/bin/python bench/search.py [--db postgres|sqlite|both] [--recipes 10000] [--runs 50]

Prints p50/p95 in ms per query and per class (selective: under 1 % of the recipes found,
broad: over 20 %, medium between). "engine" is ``search.engine.search`` (all SQL,
loading the page of hits and building their snippets); "page" is the whole GET /suche/
request through Django's test client (plus the filter lists and the template).
Goals (PostgreSQL): p95 < 30 ms for selective queries, < 150 ms for broad ones.
"""

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PG_ADMIN = dict(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
PG_BENCH_DB = "kochbuch_bench"
SQLITE_FILE = Path("/tmp/kochbuch-bench.sqlite3")

PLACES = """Düren Gütersloh Halle Norderstedt Ibbenbüren Cochem-Zell Heidekreis Ortenaukreis Aachen
Bielefeld Bochum Bonn Bottrop Brilon Celle Coesfeld Cottbus Dessau Detmold Dortmund Eberswalde
Emden Erfurt Essen Flensburg Fulda Gera Gießen Goslar Greifswald Hagen Hameln Hanau Herne
Hildesheim Ingolstadt Jena Kassel Kempten Kiel Koblenz Konstanz Krefeld Landshut Leer Lemgo Lingen
Lübeck Lüneburg Mainz Marburg Meppen Minden Moers Neuss Nordhorn Offenburg Oldenburg Paderborn
Passau Peine Pforzheim Plauen Potsdam Ravensburg Regensburg Rheine Rostock Saarlouis Schwerin
Siegen Soest Speyer Stade Stralsund Suhl Trier Tübingen Ulm Unna Verden Viersen Weimar Wesel
Wismar Witten Wolfsburg Worms Wuppertal Würzburg Zwickau""".split()
HEADS = """akte büro amt portal verfahren konto antrag bescheid leistung prozess plattform register
dienst stelle konzept planung management system daten gebühr vertrag strategie beteiligung
haushalt postfach signatur formular archiv schnittstelle""".split()
MODIFIERS = """Bürger Personal Bau Steuer Melde Ordnungs Sozial Jugend Standes Gewerbe Service Online
Verwaltungs Kommunal Kreis Landes Fach Projekt Daten Finanz Rechnungs Vergabe Schul Umwelt Kita
Wohngeld Fahrerlaubnis Eltern Gesundheits Kataster""".split()
RARE = ["Zweckverbandssatzung", "Friedhofsgebührensatzung", "Hundesteuerbescheid", "Wohngeldstelle",
        "Kampfmittelräumdienst", "Schornsteinfegerregister", "Fischereischein", "Sondernutzungserlaubnis"]

SELECTIVE = [
    "Ibbenbüren", "Friedhofsgebührensatzung", "Kampfmittelräumdienst", "Fischereischein", "Hundesteuerbescheid",
    '"elektronische Personalakte"', "Wohngeldstelle Lübeck", "Schornsteinfegerregister",
    "Sondernutzungserlaubnisse", "Kampfmittelraeumdienst", "Fischereischien",
]
BROAD = [
    "Verwaltung", "Kommunen", "E-Government", "Akte", "digital", "Bürger", "Prozesse",
    "Verwaltung Bürger", '"die Verwaltung"', "Verwaltnug",
]


def demo_sentences():
    sentences = []
    for path in sorted((REPO / "fixtures" / "demo-book").glob("*/*.md")):
        text = path.read_text(encoding="utf-8").split("---", 2)[-1]
        text = re.sub(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]", lambda m: m.group(2) or m.group(1), text)
        for line in text.splitlines():
            line = line.strip().lstrip("-#>|* ").strip()
            for sentence in re.split(r"(?<=[.!?])\s+", line):
                if len(sentence.split()) >= 5 and "|" not in sentence:
                    sentences.append(sentence)
    return sentences


def compound(rng):
    return rng.choice(MODIFIERS) + rng.choice(HEADS)


def body(rng, sentences, number):
    paragraphs = []
    for _ in range(rng.randint(2, 6)):
        chosen = []
        for _ in range(rng.randint(2, 6)):
            sentence = rng.choice(sentences)
            if rng.random() < 0.5:
                sentence = f"{sentence} Das betrifft auch {rng.choice(['die', 'das', 'den'])} {compound(rng)}."
            if rng.random() < 0.01:
                sentence = f"In {rng.choice(PLACES)} wurde das {compound(rng)} neu geordnet. {sentence}"
            chosen.append(sentence)
        paragraphs.append(" ".join(chosen))
    if rng.random() < 0.004:
        paragraphs.append(f"Sonderfall: {rng.choice(RARE)} (siehe [[{number}]]).")
    if rng.random() < 0.002:
        paragraphs.append("Die elektronische Personalakte ersetzt die Papierakte.")
    return "\n\n".join(paragraphs)


def numbers(count):
    """Section numbers in reading order: chapters 1–10, sections, subsections 1–9."""
    per_chapter = count // 10
    result = []
    for chapter in range(1, 11):
        section, made = 0, 0
        while made < per_chapter:
            section += 1
            result.append(f"{chapter}.{section}")
            made += 1
            for sub in range(1, 10):
                if made >= per_chapter:
                    break
                result.append(f"{chapter}.{section}.{sub}")
                made += 1
    return result


def load_corpus(count, seed=2016):
    from django.db import transaction

    from accounts.models import User
    from comments.models import Comment
    from recipes.models import Chapter, Recipe, Tag
    from recipes.numbering import parent_number, sort_key
    from search.indexing import index_rebuild

    rng = random.Random(seed)
    sentences = demo_sentences()
    started = time.perf_counter()
    with transaction.atomic():
        chapters = {n: Chapter.objects.create(number=n, slug=f"kapitel-{n}", title=f"Kapitel {n}", order=n)
                    for n in range(1, 11)}
        tags = [Tag.objects.create(kind=kind, name=f"{kind} {n}", slug=f"{kind}-{n}")
                for kind in ("thema", "stichwort") for n in range(15)]
        by_number = {}
        for number in numbers(count):
            parent = by_number.get(parent_number(number)) if parent_number(number) else None
            recipe = Recipe(
                chapter=chapters[int(number.split(".")[0])], parent=parent, number=number,
                sort_key=sort_key(number), slug="r-" + number.replace(".", "-"),
                title=f"{rng.choice(MODIFIERS)}{rng.choice(HEADS)} in {rng.choice(PLACES)}",
                body=body(rng, sentences, number),
            )
            if "." in number and number.count(".") == 1:
                recipe.save()  # sections first: subsections point to them
            by_number[number] = recipe
        Recipe.objects.bulk_create([r for r in by_number.values() if r.pk is None], batch_size=1000)
        through = Recipe.tags.through
        through.objects.bulk_create([
            through(recipe_id=recipe.pk, tag_id=tag.pk)
            for recipe in by_number.values() for tag in rng.sample(tags, rng.randint(0, 2))
        ], batch_size=2000)
        author = User.objects.create_user(username="bench@example.org", email="bench@example.org",
                                          password="bench-bench-bench", display_name="Bench")
        recipes = list(by_number.values())
        Comment.objects.bulk_create([
            Comment(recipe=rng.choice(recipes), author=author, body=" ".join(rng.sample(sentences, 2)))
            for _ in range(count // 5)
        ], batch_size=1000)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    counts = index_rebuild()
    indexed = time.perf_counter() - started
    return loaded, indexed, counts


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run_queries(runs):
    from django.db import connection, reset_queries
    from django.test import Client

    from recipes.models import Recipe
    from search.backends import Filters
    from search.engine import search
    from search.german import parse_query

    client = Client()
    recipes = Filters(kind="recipe")
    comments = Filters(kind="comment")
    recipe_count = Recipe.objects.count()
    rows, by_class = [], {label: {"engine": [], "page": []} for label in ("selektiv", "mittel", "breit")}
    for q in SELECTIVE + BROAD:
        parsed = parse_query(q)
        for _ in range(3):  # warm caches (lexicon, plans, connection)
            result = search(parsed, filters=recipes, other_filters=comments)
            client.get("/suche/", {"q": q})
        engine, page = [], []
        for _ in range(runs):
            started = time.perf_counter()
            result = search(parse_query(q), filters=recipes, other_filters=comments)
            engine.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            response = client.get("/suche/", {"q": q})
            page.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            reset_queries()
        # The class follows the share of recipes found: under 1 % selective, over 20 % broad.
        share = result.total / recipe_count
        label = "selektiv" if share < 0.01 else "breit" if share > 0.2 else "mittel"
        by_class[label]["engine"] += engine
        by_class[label]["page"] += page
        rows.append((label, q, result.total, statistics.median(engine), percentile(engine, .95),
                     statistics.median(page), percentile(page, .95)))
    print(f"{'Klasse':9} {'Anfrage':32} {'Treffer':>7} {'engine p50':>10} {'p95':>7} {'page p50':>9} {'p95':>7}")
    for label, q, total, e50, e95, p50, p95 in rows:
        print(f"{label:9} {q[:32]:32} {total:7d} {e50:10.1f} {e95:7.1f} {p50:9.1f} {p95:7.1f}")
    print()
    for label, values in by_class.items():
        if not values["engine"]:
            continue
        print(f"{label:9} alle Läufe: engine p50 {statistics.median(values['engine']):.1f} ms, "
              f"p95 {percentile(values['engine'], .95):.1f} ms; page p50 {statistics.median(values['page']):.1f} ms, "
              f"p95 {percentile(values['page'], .95):.1f} ms")
    print(f"({connection.vendor}, {runs} Läufe je Anfrage)")


def child(args):
    """Runs inside the configured environment: migrate, load, index, measure."""
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    loaded, indexed, counts = load_corpus(args.recipes)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would after a bulk load
    from search.models import SearchTerm

    print(f"Korpus: {counts['recipes']} Rezepte, {counts['comments']} Kommentare, "
          f"{SearchTerm.objects.count()} Einträge im Lexikon; geladen in {loaded:.1f} s, "
          f"indexiert in {indexed:.1f} s")
    run_queries(args.runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument("--recipes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    args = parser.parse_args()
    if args.child:
        return child(args)

    base_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings",  # plain static files
                "SECRET_KEY": "bench-only", "ALLOWED_HOSTS": "testserver", "DEBUG": "0"}
    command = [sys.executable, __file__, "--child", "--recipes", str(args.recipes), "--runs", str(args.runs)]
    if args.db in ("postgres", "both"):
        import psycopg2

        admin = psycopg2.connect(**PG_ADMIN)
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
            cursor.execute(f"CREATE DATABASE {PG_BENCH_DB}")
        print(f"=== PostgreSQL ({PG_BENCH_DB}) ===", flush=True)
        url = f"postgres://{PG_ADMIN['user']}@{PG_ADMIN['host']}:{PG_ADMIN['port']}/{PG_BENCH_DB}"
        try:
            subprocess.run(command, env={**base_env, "DATABASE_URL": url}, check=True)
        finally:
            if not args.keep:
                with admin.cursor() as cursor:
                    cursor.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
            admin.close()
    if args.db in ("sqlite", "both"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
        print("=== SQLite ===", flush=True)
        env = {key: value for key, value in base_env.items() if key != "DATABASE_URL"}
        try:
            subprocess.run(command, env={**env, "SQLITE_PATH": str(SQLITE_FILE)}, check=True)
        finally:
            if not args.keep:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()

"""Benchmark of the attribution of words to versions (authorship.attribution).

A generated German recipe of 2,000 words gets a history of 200 versions by 20 people: each
version rewrites a few words, adds or deletes a sentence, now and then moves a paragraph or
goes back to an earlier version. Printed (best of ``--repeat`` runs):

- one new version's attribution as the service computes it on save: the previous version's
  stored runs expanded over its text, the new text attributed, runs and memory serialised;
- the whole history of 200 versions at once (what a rebuild does);
- with ``--db``: the same through the database (``authorship_attribute`` and
  ``authorship_rebuild`` on a temporary SQLite file, versions saved by ``recipe_save``).

    .venv/bin/python bench/authorship.py [--words 2000] [--versions 200] [--repeat 5] [--db]
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.diff_merge import markdown, sentence  # noqa: E402


def history(n_words: int, n_versions: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = [markdown(n_words, seed)]
    for _ in range(n_versions - 1):
        paragraphs = texts[-1].split("\n\n")
        roll = rng.random()
        if roll < 0.05 and len(texts) > 3:
            texts.append(texts[-3])  # a revert
            continue
        if roll < 0.12 and len(paragraphs) > 3:
            block = paragraphs.pop(rng.randrange(len(paragraphs)))
            paragraphs.insert(rng.randrange(len(paragraphs)), block)  # a moved paragraph
        for _ in range(rng.randint(1, 3)):
            index = rng.randrange(len(paragraphs))
            if paragraphs[index].startswith("#"):
                continue
            sentences = paragraphs[index].split(". ")
            what = rng.random()
            if what < 0.4:
                words = sentences[rng.randrange(len(sentences))].split()
                if words:
                    words[rng.randrange(len(words))] = rng.choice(["digital", "neu", "zentral", "sofort"])
                    sentences[rng.randrange(len(sentences))] = " ".join(words)
            elif what < 0.7:
                sentences.insert(rng.randrange(len(sentences) + 1), sentence(rng).rstrip("."))
            elif len(sentences) > 1:
                sentences.pop(rng.randrange(len(sentences)))
            paragraphs[index] = ". ".join(sentences)
        texts.append("\n\n".join(paragraphs))
    return texts


def best(fn, repeat):
    from authorship.attribution import _paragraph

    times = []
    for _ in range(repeat):
        _paragraph.cache_clear()  # no paragraph known from the run before: the cold case
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def pure(texts, repeat):
    from authorship.attribution import Attribution, attribute, attribute_history

    full = best(lambda: attribute_history(list(enumerate(texts, start=1))), repeat)
    results = attribute_history(list(enumerate(texts[:-1], start=1)))
    memory = {}
    # The memory after all but the last version (what RecipeAuthorship holds).
    previous = None
    for number, text in enumerate(texts[:-1], start=1):
        previous = attribute(text, number, previous, memory)
    runs, stored_memory = json.dumps(results[-1].runs), json.dumps(memory)

    def one():
        prev = Attribution.from_runs(texts[-2], json.loads(runs))
        mem = json.loads(stored_memory)
        new = attribute(texts[-1], len(texts), prev, mem)
        json.dumps(new.runs), json.dumps(mem)

    single = best(one, repeat * 4)
    words = len(results[-1].words())
    return single, full, words, len(memory), len(runs), len(stored_memory)


def database(texts, repeat):
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    os.environ.setdefault("PRINT_REBUILD_ON_SAVE", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kochbuch.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from reversion.models import Version

    from accounts.models import User
    from authorship.services import authorship_attribute, authorship_rebuild
    from recipes.models import Chapter, Recipe
    from recipes.services import chapter_save, recipe_save

    call_command("migrate", verbosity=0)
    people = [User.objects.create_user(username=f"p{i}", email=f"p{i}@k.example", display_name=f"P{i}",
                                       institution=f"Stadt {i}") for i in range(20)]
    chapter_save(chapter=Chapter(number=7, title="Die Gerichte", order=7), user=None, comment="x")
    recipe = recipe_save(recipe=Recipe(number="7.1", title="Bench", body=texts[0]), user=people[0], comment="1")
    save_times = []
    for index, text in enumerate(texts[1:], start=1):
        recipe.body = text
        start = time.perf_counter()
        recipe_save(recipe=recipe, user=people[index % 20], comment=str(index))
        save_times.append(time.perf_counter() - start)
    from authorship.models import RecipeAuthorship, VersionAuthorship

    newest, previous = Version.objects.get_for_object(recipe)[:2]
    state = RecipeAuthorship.objects.get(recipe=recipe)

    def one():  # the state as it was before the newest version was saved, then attribute it
        VersionAuthorship.objects.filter(version=newest).delete()
        RecipeAuthorship.objects.filter(recipe=recipe).update(version_id=previous.pk, memory=state.memory)
        start = time.perf_counter()
        authorship_attribute(version=newest)
        return time.perf_counter() - start

    single = min(one() for _ in range(repeat * 4))
    full = best(lambda: authorship_rebuild(recipe_id=recipe.pk), repeat)
    return single, full, sorted(save_times)[len(save_times) // 2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--versions", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", action="store_true")
    args = parser.parse_args()
    texts = history(args.words, args.versions)
    single, full, words, memory, runs_bytes, memory_bytes = pure(texts, args.repeat)
    print(f"{words} words, {len(texts)} versions; stored: runs {runs_bytes:,} B, "
          f"memory {memory} sentences / {memory_bytes:,} B")
    print("| case | time | goal |\n|---|---:|---:|")
    print(f"| one new version (pure, incl. runs/memory JSON) | {single * 1000:.1f} ms | 50 ms |")
    print(f"| whole history of {len(texts)} versions (pure) | {full:.2f} s | 2 s |")
    if args.db:
        single_db, full_db, save = database(texts, args.repeat)
        print(f"| one new version through the database (SQLite) | {single_db * 1000:.1f} ms | 50 ms |")
        print(f"| rebuild of {len(texts)} versions through the database (SQLite) | {full_db:.2f} s | 2 s |")
        print(f"| a whole recipe_save, median (all side effects) | {save * 1000:.0f} ms | – |")


if __name__ == "__main__":
    main()

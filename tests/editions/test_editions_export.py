"""The Markdown export: a ZIP in the format of recipes/bookfiles.py that re-imports exactly."""

import io
import zipfile

import pytest
import yaml
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from editions.export_markdown import front_matter
from editions.models import Edition
from editions.snapshot import edition_snapshot
from recipes.bookfiles import parse_recipe, read_book_zip
from recipes.models import Chapter, Recipe
from recipes.services import chapter_save, recipe_save, tags_get_or_create
from tests.editions.editionhelpers import publish
from tests.factories import make_chapter, make_recipe

pytestmark = pytest.mark.django_db

TRICKY_BODY = (
    "Einleitung mit **Fettdruck** und [[7.1.3]].\n\n"
    "---\n\n"  # a rule: the front matter's fence inside the text
    "| Stufe | Frage |\n| --- | --- |\n| 1 | Wer? |\n\n"
    "- eins\n- zwei\n"
)


@pytest.fixture
def book(small_book, editor):
    """The small book plus what could trip an export: a renamed chapter (old slug), a recipe
    whose slug is not its title's, numbers like 7.10, YAML-looking titles, umlaut tags."""
    chapter = Chapter.objects.get(number=7)
    chapter.title, chapter.intro = "Die Gerichte: praktisch", "Einleitung *Kapitel 7*.\n"
    chapter.page_start, chapter.page_end = 95, 130
    chapter_save(chapter=chapter, user=editor, comment="umbenannt")
    make_chapter(10, "Gemeinsam kochen", subtitle="E-Government kooperativ gestalten", teaser="")
    make_recipe("7.10", "Ja", TRICKY_BODY, stichwort=["Größenordnung", "E-Akte"], page_start=120, page_end=120)
    make_recipe("7.2", "7.1: Null --- oder true?", "Text\n", thema=["Öffentlichkeit"],
                source_edition="Ausgabe 2016", page_start=110, page_end=112)
    make_recipe("10.1", "Kooperationsperspektiven", "Gemeinsam.\n")
    recipe = Recipe.objects.get(number="7.1.4")
    recipe.slug = "sachbearbeitung-neu"
    recipe_save(recipe=recipe, user=editor, comment="Kurzname")
    return publish(editor)


def _state():
    """Every field a reader or the importer cares about, per chapter and recipe."""
    chapters = [
        (c.number, c.slug, c.title, c.subtitle, c.teaser, c.intro.strip("\n"), c.page_start, c.page_end)
        for c in Chapter.objects.order_by("number")
    ]
    recipes = [
        (r.number, r.slug, r.title, r.body.strip("\n"), r.page_start, r.page_end, r.source_edition,
         r.chapter.number, r.parent.number if r.parent else None,
         sorted((t.kind, t.name) for t in r.tags.all()))
        for r in Recipe.objects.select_related("chapter", "parent").prefetch_related("tags").order_by("sort_key")
    ]
    return chapters, recipes


@pytest.fixture
def flushable(db):
    """``flush`` inside the test's transaction recreates the content types with new ids; after
    the rollback the old rows are back, so Django's content-type cache must forget the new ones."""
    yield
    ContentType.objects.clear_cache()


def test_export_flush_and_import_reproduce_the_edition_exactly(client, book, tmp_path, flushable):
    before = _state()
    response = client.get("/ausgaben/2027/kochbuch-2027.zip")
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="kochbuch-2027.zip"'
    path = tmp_path / "kochbuch-2027.zip"
    path.write_bytes(response.content)

    if connection.vendor == "postgresql":  # TRUNCATE refuses pending deferred FK checks
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", "--noinput", verbosity=0)
    assert not Recipe.objects.exists() and not Edition.objects.exists()
    call_command("import_edition", str(path), "--edition", "Ausgabe 2027", stdout=io.StringIO())

    assert _state() == before
    reimported = edition_snapshot(Edition.objects.get(name="Ausgabe 2027"))
    assert [r.number for r in reimported.recipes] == [r[0] for r in before[1]]


def test_the_zip_has_chapter_folders_and_numbered_files_with_quoted_numbers(client, book):
    archive = zipfile.ZipFile(io.BytesIO(client.get("/ausgaben/2027/kochbuch-2027.zip").content))
    names = archive.namelist()
    assert "kochbuch-2027/07-kapitel-7/kapitel.md" in names  # the chapter keeps its slug
    assert "kochbuch-2027/07-kapitel-7/7.10-ja.md" in names
    assert "kochbuch-2027/07-kapitel-7/7.1.4-sachbearbeitung-neu.md" in names
    assert "kochbuch-2027/LIESMICH.txt" in names
    text = archive.read("kochbuch-2027/07-kapitel-7/7.10-ja.md").decode()
    head = text.split("---")[1]
    assert 'number: "7.10"' in head and 'title: "Ja"' in head and 'pages: "120"' in head
    assert 'source: ""' in head and 'stichwort: ["E-Akte", "Größenordnung"]' in head
    assert yaml.safe_load(head)["number"] == "7.10"
    entry = parse_recipe(archive.read("kochbuch-2027/07-kapitel-7/7.2-71-null-oder-true.md").decode(), "x")
    assert (entry.title, entry.number, entry.source_edition) == ("7.1: Null --- oder true?", "7.2", "Ausgabe 2016")


def test_the_export_shows_the_edition_not_later_edits(client, book, editor):
    recipe = Recipe.objects.get(number="6.1")
    recipe.body = "Später geändert."
    recipe_save(recipe=recipe, user=editor, comment="danach", tags=tags_get_or_create(thema=["Neu"]))
    _, recipes = read_book_zip(io.BytesIO(client.get("/ausgaben/2027/kochbuch-2027.zip").content))
    assert recipes[0].body == "Die **Komponenten** im Überblick.\n" and recipes[0].thema == []
    _, current = read_book_zip(io.BytesIO(client.get("/ausgaben/aktuell/kochbuch.zip").content))
    assert current[0].body == "Später geändert.\n" and current[0].thema == ["Neu"]


def test_front_matter_is_valid_yaml_whatever_the_values(db):
    text = front_matter({"number": "7.1", "title": 'Zitat "x" --- yes: no', "tags": {"thema": ["a: b"]}})
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta == {"number": "7.1", "title": 'Zitat "x" --- yes: no', "tags": {"thema": ["a: b"]}}
    assert text.count("---") == 2

"""Keeping the index: one entry per text, the database's own index in step, rebuilding."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from kochbuch.pagecache import content_changed
from recipes.models import Recipe
from recipes.services import recipe_save
from search import german
from search.models import SearchDocument, SearchTerm

pytestmark = pytest.mark.template_context  # reads response.context


def hit_numbers(client, q):
    response = client.get(reverse("search"), {"q": q})
    return [hit.document.number for hit in response.context["results"].hits]


def test_every_save_replaces_the_recipes_one_entry(corpus):
    recipe = corpus["7.1"]
    for n in range(3):
        recipe.body = f"Fassung {n}"
        recipe_save(recipe=recipe, user=None, comment=f"Fassung {n}")
    [document] = SearchDocument.objects.filter(recipe=recipe)
    assert document.body_terms == "fassung 2"
    assert document.title_terms == "7 1 verwalt im wandel"


def test_the_lexicon_knows_the_terms_and_the_words_as_written(corpus):
    personal = SearchTerm.objects.get(term="personal")
    assert personal.is_word and personal.is_term and personal.reversed_term == "lanosrep"
    assert SearchTerm.objects.get(term="verwalt").is_term
    assert not SearchTerm.objects.get(term="verwaltungen").is_term


def test_a_failed_save_leaves_the_index_as_it_was(corpus):
    recipe = Recipe.objects.get(number="7.1")
    recipe.title = ""  # invalid: the service refuses before writing anything
    with pytest.raises(Exception):
        recipe_save(recipe=recipe, user=None, comment="kaputt")
    assert SearchDocument.objects.get(recipe=recipe).title == "Verwaltung im Wandel"


def test_rebuild_search_index_builds_the_same_index_from_scratch(client, corpus):
    before = hit_numbers(client, "Akte")
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    content_changed()  # the rows went without a service; cached results pages must go too
    assert hit_numbers(client, "Akte") == []
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    assert hit_numbers(client, "Akte") == before
    chapters = {recipe.chapter_id for recipe in corpus.values()}
    assert SearchDocument.objects.count() == len(corpus) + len(chapters)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 exists on SQLite only")
def test_sqlite_keeps_its_fts5_table_in_step_through_triggers(corpus):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_searchdocument'")
        assert {row[0] for row in cursor.fetchall()} == {"search_fts_insert", "search_fts_update", "search_fts_delete"}
        cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
        cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH '\"personalakt\"'")
        assert cursor.fetchone()[0] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_stores_generated_tsvectors_with_gin_indexes(corpus):
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text, title_vector::text FROM search_searchdocument "
                       "WHERE number = '7.1'")
        vector, title_vector = cursor.fetchone()
        assert "'verwalt':3,8" in vector and "'verwalt':3" in title_vector and "'kommunal'" not in title_vector
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_searchdocument'")
        indexes = dict(cursor.fetchall())
        assert "USING gin (search_vector)" in indexes["search_document_vector"]
        assert "USING gin (title_vector)" in indexes["search_document_title_vector"]
        cursor.execute("SELECT extname FROM pg_extension WHERE extname IN ('pg_trgm', 'unaccent')")
        assert {row[0] for row in cursor.fetchall()} == {"pg_trgm", "unaccent"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.parametrize("a, b", [
    ("verwaltnug", "verwalt"), ("burgrburo", "burgerburo"), ("word", "two words"), ("akt", "akteur"),
    ("persnalakt", "personalakt"),
])
def test_pg_trgm_and_the_python_similarity_agree(db, a, b):
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity(%s, %s)", [a, b])
        assert cursor.fetchone()[0] == pytest.approx(german.similarity(a, b), abs=1e-6)


def test_a_chapter_introduction_is_found_and_leads_to_the_chapter(client, db):
    from recipes.services import chapter_save
    from tests.factories import make_chapter

    chapter = make_chapter(4, "Organisation", intro="Die Lenkungsgruppe tagt monatlich.")
    response = client.get(reverse("search"), {"q": "Lenkungsgruppen"})
    [hit] = response.context["results"].hits
    assert hit.url == chapter.get_absolute_url()
    assert "Einleitung des Kapitels" in response.content.decode()

    chapter.intro = "Der Steuerkreis tagt monatlich."
    chapter_save(chapter=chapter, user=None, comment="umbenannt")
    assert not client.get(reverse("search"), {"q": "Lenkungsgruppe"}).context["results"].hits
    assert SearchDocument.objects.filter(chapter=chapter, recipe=None).count() == 1
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    assert [hit.url for hit in client.get(reverse("search"), {"q": "Steuerkreis"}).context["results"].hits] == [
        chapter.get_absolute_url()]


def test_snippet_text_keeps_headings_apart_from_the_paragraph_after_them():
    from search.indexing import plain_text

    assert plain_text("## Posteingang\n\nDer Posteingang wird gescannt.\n\n## Verteilung") == (
        "Posteingang – Der Posteingang wird gescannt. Verteilung")

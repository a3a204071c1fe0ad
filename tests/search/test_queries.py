"""German test queries with their expected hits: the same answers on SQLite and PostgreSQL."""

import pytest
from django.urls import reverse

from recipes.models import Recipe
from recipes.services import recipe_save, tags_get_or_create
from tests.factories import make_recipe

pytestmark = pytest.mark.template_context  # reads response.context

URL = reverse("search")


def search(client, q, **params):
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    return response


def numbers(client, q, **params):
    """The numbers of the hits, in the order shown."""
    return [hit.document.number for hit in search(client, q, **params).context["results"].hits]


# query → the recipes it must find (and no others)
EXPECTED = [
    # inflections
    ("Verwaltung", {"7.1", "4.2", "7.2", "8.1"}),
    ("Verwaltungen", {"7.1", "4.2", "7.2", "8.1"}),
    ("Bürgerbüro", {"4.1", "4.2"}),
    ("Bürgerbüros", {"4.1", "4.2"}),
    ("Personalakten", {"7.2"}),
    # umlauts and ß, typed or transcribed
    ("Buergerbuero", {"4.1", "4.2"}),
    ("BUERGERBUEROS", {"4.1", "4.2"}),
    ("Strasse", {"4.1", "8.1"}),
    ("Straße", {"4.1", "8.1"}),
    ("Oeffnungszeiten", {"4.2"}),
    # parts of compounds: hyphenated, at the start, at the end
    ("Akte", {"6.1", "6.2", "7.2", "7.3", "8.1"}),  # E-Akte, Papierakte, Aktenplan, Personalakte, Verwaltungsakt
    ("Büro", {"4.1", "4.2"}),  # Bürgerbüro(s)
    ("Bürger", {"4.1", "4.2", "6.3"}),
    ("Plan", {"6.1"}),  # Aktenplan
    ("E-Akte", {"6.1"}),
    # no false compounds: Kontakt, Akteure, Fakten, Konten
    ("Kontakt", {"6.3"}),
    ("Fakten", {"6.3"}),
    # small typos
    ("Verwaltnug", {"7.1", "4.2"}),
    ("Bürgrbüro", {"4.1", "4.2"}),
    ("Persnalakte", {"7.2"}),
    # phrases and several words
    ('"elektronische Akte"', {"6.2"}),
    ("„elektronische Akte“", {"6.2"}),
    ("elektronische Akte", {"6.2", "7.2", "7.3", "8.1"}),
    ('"Akte"', {"6.1", "6.2", "7.3"}),  # quoted: exactly this word, no compounds
    ("Verwaltung Akte", {"7.2", "8.1"}),
    # tags are words of the text too
    ("Bürgerservice", {"4.1", "4.2"}),
    # stop words alone and nothing
    ("die Akte", {"6.1", "6.2", "7.2", "7.3", "8.1"}),
    ("Raumschiff", set()),
]


@pytest.mark.parametrize("q, expected", EXPECTED, ids=[q for q, _ in EXPECTED])
def test_german_queries_find_exactly_the_expected_recipes(client, corpus, q, expected):
    found = numbers(client, q)
    assert set(found) == expected
    assert len(found) == len(expected)


def test_title_hits_come_before_body_hits(client, corpus):
    hits = search(client, "Verwaltung").context["results"].hits
    assert hits[0].document.number == "7.1"
    assert numbers(client, "Akte")[0] == "6.1"
    assert [hit.in_title for hit in hits] == [True, False, False, False]


def test_words_as_typed_rank_before_compounds_and_typo_guesses(client, corpus):
    # 6.2 and 7.3 contain "Akte" itself; 7.2 and 8.1 only Personalakte and Verwaltungsakt.
    assert set(numbers(client, "Akte")[1:3]) == {"6.2", "7.3"}


def test_the_snippet_marks_the_found_words_and_the_title_its_hits(client, corpus):
    response = search(client, "Akte")
    hit = response.context["results"].hits[0]
    assert str(hit.title_html) == "Dokumentenmanagement und E-<mark>Akte</mark>"
    assert "die <mark>Papierakte</mark>" in hit.snippet_html
    assert "dem <mark>Aktenplan</mark>" in hit.snippet_html
    assert "<mark>Akte</mark>" in response.content.decode()


def test_each_hit_shows_its_number_and_chapter_and_links_to_the_recipe(client, corpus):
    content = search(client, "Personalakte").content.decode()
    assert '<span class="num">7.2</span>' in content
    assert "Kapitel 7 · Kapitel 7" in content  # the test chapters are called "Kapitel N"
    assert f'href="{corpus["7.2"].get_absolute_url()}"' in content


def test_old_versions_are_no_hits(client, corpus):
    recipe = corpus["6.1"]
    recipe.body = "Die E-Akte ersetzt den Pergamentstapel. Abgelegt wird nach dem Aktenplan."
    recipe_save(recipe=recipe, user=None, comment="Papier raus")
    assert numbers(client, "Papierakte") == []
    assert numbers(client, "Pergamentstapel") == ["6.1"]


def test_the_index_follows_renames_renumbering_and_new_tags(client, corpus):
    recipe = Recipe.objects.get(number="7.1")
    recipe.title, recipe.number = "Verwaltung im Umbruch", "7.4"
    recipe_save(recipe=recipe, user=None, comment="Umbenannt",
                tags=tags_get_or_create(thema=["Organisation"]))
    assert numbers(client, "Wandel") == []
    response = search(client, "Umbruch")
    [hit] = response.context["results"].hits
    assert hit.document.number == "7.4" and hit.in_title
    assert numbers(client, "Verwaltung", schlagwort="thema:organisation") == ["7.4"]


def test_a_new_recipe_is_found_at_once(client, corpus):
    recipe = Recipe(number="8.2", title="Onlinezugangsgesetz", body="Das OZG verpflichtet Bund und Länder.")
    recipe_save(recipe=recipe, user=None, comment="Neu")
    assert numbers(client, "Onlinezugangsgesetze") == ["8.2"]


def test_a_deleted_recipe_leaves_the_index(client, corpus):
    Recipe.objects.get(number="6.3").delete()
    assert numbers(client, "Kontakt") == []


def test_filters_by_chapter_and_tag(client, corpus):
    assert set(numbers(client, "Akte", kapitel=7)) == {"7.2", "7.3"}
    assert set(numbers(client, "Akte", schlagwort="thema:prozesse")) == {"6.1", "6.2"}
    assert numbers(client, "Akte", schlagwort="stichwort:aktenfuehrung") == ["6.1"]
    assert set(numbers(client, "Akte", kapitel=6, schlagwort="thema:prozesse")) == {"6.1", "6.2"}
    assert numbers(client, "Akte", kapitel=4) == []


def test_unknown_filter_values_are_ignored(client, corpus):
    assert set(numbers(client, "Büro", kapitel="abc", schlagwort="gibt:es-nicht", ausgabe="1999",
                       seite="x")) == {"4.1", "4.2"}


def test_hits_are_paged_and_the_count_covers_all_pages(client, db):
    for n in range(1, 26):
        make_recipe(f"5.{n}", f"Haushalt {n}", "Der Haushalt wird beschlossen.")
    first = search(client, "Haushalt").context["results"]
    assert first.total == 25 and first.pages == 2 and len(first.hits) == 20
    second = search(client, "Haushalt", seite=2).context["results"]
    assert len(second.hits) == 5
    assert {hit.document.number for hit in first.hits} | {hit.document.number for hit in second.hits} == {
        f"5.{n}" for n in range(1, 26)
    }
    # A page beyond the end (an old link) shows the last page.
    assert search(client, "Haushalt", seite=9).context["results"].page == 2

""""Was ist neu?": recipes added, removed and changed between two editions, and who wrote them."""

import datetime

import pytest

from editions.comparison import compare_snapshots, contributors
from editions.snapshot import current_snapshot, edition_snapshot
from recipes.models import Recipe
from recipes.services import recipe_save, tags_get_or_create
from tests.editions.editionhelpers import publish
from tests.factories import make_recipe

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editions(small_book, editor, contributor, other_contributor):
    """2026: the small book, with an edit by the editor before it. 2027: Mia adds 7.1.5,
    Omar rewrites 7.1.3, 7.1.4 is gone and 6.1 gets a new title."""
    recipe = Recipe.objects.get(number="7.1")
    recipe.body += "\n\nVor der Ausgabe 2026 ergänzt."
    recipe_save(recipe=recipe, user=editor, comment="vorher")
    old = publish(editor, name="Ausgabe 2026", date=datetime.date(2026, 1, 15))
    make_recipe("7.1.5", "Digitale Akte", "Die E-Akte kommt.", user=contributor)
    recipe = Recipe.objects.get(number="7.1.3")
    recipe.body = recipe.body.replace("gescannt", "digital erfasst")
    recipe_save(recipe=recipe, user=other_contributor, comment="Posteingang digital",
                tags=tags_get_or_create(thema=["Prozesse"], stichwort=["E-Akte"]))
    Recipe.objects.get(number="7.1.4").delete()
    recipe = Recipe.objects.get(number="6.1")
    recipe.title = "IT-Komponenten auf einen Blick"
    recipe_save(recipe=recipe, user=contributor, comment="Titel")
    new = publish(editor)
    return old, new


def test_added_removed_and_changed_recipes_are_matched_by_identity(two_editions):
    old, new = two_editions
    result = compare_snapshots(edition_snapshot(old), edition_snapshot(new))
    assert [c.new.number for c in result.added] == ["7.1.5"]
    assert [c.old.number for c in result.removed] == ["7.1.4"]
    assert [c.new.number for c in result.changed] == ["6.1", "7.1.3"]  # a new title is a change
    retitled = result.changed[0]
    assert retitled.retitled and not retitled.body_changed
    rewritten = result.changed[1]
    assert rewritten.body_changed and rewritten.tags_changed
    diff = rewritten.body_diff().html
    assert '<del class="diff-del">gescannt</del>' in diff and '<ins class="diff-ins">digital erfasst</ins>' in diff


def test_contributors_are_the_authors_of_the_versions_in_between(two_editions):
    old, new = two_editions
    people = contributors(edition_snapshot(new), edition_snapshot(old))
    # Rita's edit came before 2026; Omar hides his Kommune.
    assert [(p.name, p.kommune) for p in people] == [("Mia Muster", "Stadt Musterstadt"), ("Omar Ortmann", "")]
    assert [p.name for p in contributors(edition_snapshot(old))] == ["Rita Redaktion"]


def test_the_comparison_page(client, two_editions):
    page = client.get("/ausgaben/2026/vergleich/2027/").content.decode()
    assert "Ausgabe 2026 → Ausgabe 2027" in page
    added = page[page.index("Neue Abschnitte"):page.index("Geänderte Abschnitte")]
    assert "Digitale Akte" in added and 'href="/ausgaben/2027/rezepte/digitale-akte/"' in added
    changed = page[page.index("Geänderte Abschnitte"):page.index("Entfallene Abschnitte")]
    assert changed.count('<details class="edition-diff">') == 2  # collapsed until opened
    assert '<del class="diff-del">gescannt</del>' in changed
    assert "vorher „IT-Komponenten im Überblick“" in changed and "Der Text selbst ist unverändert." in changed
    assert "Prozesse, Scannen → Prozesse, E-Akte" in changed
    removed = page[page.index("Entfallene Abschnitte"):page.index("Mitwirkende in diesem Zeitraum")]
    assert "Sachbearbeitung" in removed and 'href="/ausgaben/2026/rezepte/sachbearbeitung/"' in removed
    people = page[page.index("Mitwirkende in diesem Zeitraum"):]
    assert "Mia Muster" in people and "Stadt Musterstadt" in people and "Omar Ortmann" in people
    assert "Kreis Beispiel" not in people and "Rita Redaktion" not in people


def test_the_older_edition_always_comes_first(client, two_editions):
    response = client.get("/ausgaben/2027/vergleich/2026/")
    assert response.status_code == 302 and response["Location"] == "/ausgaben/2026/vergleich/2027/"


def test_an_edition_compared_with_the_current_state(client, two_editions, editor):
    recipe = Recipe.objects.get(number="7.1")
    recipe.body = "Nach 2027 neu geschrieben."
    recipe_save(recipe=recipe, user=editor, comment="danach")
    result = compare_snapshots(edition_snapshot(two_editions[1]), current_snapshot())
    assert [c.new.number for c in result.changed] == ["7.1"] and not result.added and not result.removed
    page = client.get("/ausgaben/2027/vergleich/aktuell/").content.decode()
    assert "Ausgabe 2027 → aktueller Stand" in page and "Rita Redaktion" in page


def test_the_picker_form_leads_to_the_comparison(client, two_editions):
    response = client.get("/ausgaben/vergleich/", {"von": "2026", "zu": "aktuell"})
    assert response["Location"] == "/ausgaben/2026/vergleich/aktuell/"
    assert client.get("/ausgaben/vergleich/", {"von": "gibt-es-nicht"})["Location"] == "/ausgaben/"


def test_two_editions_with_the_same_content_have_nothing_new(client, small_book, editor):
    publish(editor, name="Ausgabe 2026", date=datetime.date(2026, 1, 15))
    publish(editor)
    page = client.get("/ausgaben/2026/vergleich/2027/").content.decode()
    assert "hat sich inhaltlich nichts geändert" in page

"""Reading an edition: its table of contents, chapters and recipes as they were, the banner."""

import datetime

import pytest
from django.urls import reverse

from editions.services import edition_record
from editions.snapshot import latest_version_ids
from recipes.models import Recipe
from recipes.services import recipe_save
from tests.editions.editionhelpers import publish
from tests.factories import make_recipe

pytestmark = pytest.mark.django_db


def test_the_list_shows_every_edition_with_its_downloads_and_the_current_state(client, small_book, editor):
    publish(editor, name="Ausgabe 2026", date=datetime.date(2026, 1, 15), note="Mit **Fettdruck**.")
    publish(editor)
    page = client.get(reverse("edition_list")).content.decode()
    assert page.index("Ausgabe 2027") < page.index("Ausgabe 2026")  # newest first
    assert "15. Januar 2026" in page and "Mit Fettdruck." in page and "**" not in page
    for url in ("/ausgaben/2027/kochbuch-2027.pdf", "/ausgaben/2026/kochbuch-2026.zip",
                "/ausgaben/aktuell/kochbuch.pdf", "/ausgaben/aktuell/kochbuch.zip",
                "/ausgaben/2026/vergleich/aktuell/"):
        assert f'href="{url}"' in page
    assert 'href="/ausgaben/"' in client.get("/").content.decode()  # in the main navigation


def test_the_table_of_contents_and_banner_of_an_edition(client, small_book, editor):
    publish(editor, note="Die Redaktion *dankt*.")
    page = client.get("/ausgaben/2027/").content.decode()
    assert "Sie lesen die Ausgabe 2027 vom 1. März 2027." in page
    assert 'href="/"' in page and 'href="/ausgaben/2027/vergleich/aktuell/"' in page
    assert "Die Redaktion <em>dankt</em>." in page
    assert 'href="/ausgaben/2027/kapitel/7-kapitel-7/"' in page
    assert 'href="/ausgaben/2027/rezepte/bausteine-eines-kommunalen-musterprozesses/"' in page


def test_an_edition_chapter_shows_its_intro_and_the_nested_sections_of_then(client, small_book, editor):
    publish(editor)
    page = client.get("/ausgaben/2027/kapitel/7-kapitel-7/").content.decode()
    assert "Sie lesen die Ausgabe 2027" in page and 'href="/kapitel/7-kapitel-7/"' in page
    assert page.index("7.1.3") < page.index("7.1.4")
    assert 'href="/ausgaben/2027/rezepte/sachbearbeitung/"' in page
    assert client.get("/ausgaben/2027/kapitel/gibt-es-nicht/").status_code == 404


def test_an_edition_recipe_is_rendered_from_the_snapshot_through_the_one_render_function(client, small_book, editor):
    publish(editor)
    recipe = Recipe.objects.get(number="6.1")
    recipe.body = "<script>alert(1)</script> Später **geändert**."
    recipe_save(recipe=recipe, user=editor, comment="Geändert")
    page = client.get("/ausgaben/2027/rezepte/it-komponenten-im-ueberblick/").content.decode()
    assert "Die <strong>Komponenten</strong> im Überblick." in page
    assert "<script>" not in page and "Später" not in page
    assert 'href="/rezepte/it-komponenten-im-ueberblick/"' in page  # the current text
    assert "Seitdem geändert – Unterschiede ansehen" in page


def test_an_unchanged_recipe_says_so_and_a_removed_one_has_no_current_link(client, small_book, editor):
    publish(editor)
    url = "/ausgaben/2027/rezepte/sachbearbeitung/"
    page = client.get(url).content.decode()
    assert "Der aktuelle Text ist unverändert." in page
    assert 'rel="prev"' in page  # 7.1.3 before it in the edition
    Recipe.objects.get(number="7.1.4").delete()
    page = client.get(url).content.decode()
    assert "Diesen Abschnitt gibt es in der aktuellen Fassung nicht mehr." in page
    assert "Die Sachbearbeitung folgt." in page


def test_the_imported_2016_edition_is_readable_at_its_year(client, small_book):
    edition_record(name="Ausgabe 2016", user=None, version_ids=latest_version_ids(),
                   date=datetime.date(2016, 5, 1))
    page = client.get("/ausgaben/2016/rezepte/eingangsbearbeitung-in-der-kommunalverwaltung/").content.decode()
    assert "Sie lesen die Ausgabe 2016 vom 1. Mai 2016." in page
    assert "Ausgabe 2016, S. 101–102" in page
    assert "Der Posteingang wird gescannt." in page


def test_an_unknown_edition_is_not_found_and_aktuell_is_the_live_book(client, db):
    assert client.get("/ausgaben/1999/").status_code == 404
    assert client.get("/ausgaben/aktuell/")["Location"] == "/"


def _warm(client, url):
    assert client.get(url).status_code == 200  # fills the snapshot, link-index and Markdown caches


@pytest.mark.parametrize("more_recipes", [0, 12])
def test_edition_pages_cost_a_fixed_number_of_queries(client, small_book, editor, more_recipes,
                                                      django_assert_num_queries):
    for number in range(more_recipes):
        make_recipe(f"6.{number + 2}", f"Weiterer Abschnitt {number}")
    publish(editor)
    toc, recipe = "/ausgaben/2027/", "/ausgaben/2027/rezepte/eingangsbearbeitung-in-der-kommunalverwaltung/"
    chapter = "/ausgaben/2027/kapitel/7-kapitel-7/"
    for url in (toc, recipe, chapter):
        _warm(client, url)
    with django_assert_num_queries(2):  # the edition, the ids of its versions
        client.get(toc)
    with django_assert_num_queries(4):  # + the recipe's current slug and newest version
        client.get(recipe)
    with django_assert_num_queries(3):  # + the chapter's current slug
        client.get(chapter)

"""The demo book in fixtures/: the real 2016 structure, loaded through the services."""

import pytest
from django.core.management import call_command
from django.db import transaction
from reversion.models import Version

from recipes.models import Chapter, Recipe
from recipes.rendering import render_markdown

pytestmark = pytest.mark.django_db

CHAPTER_TITLES = {
    1: ("E-Government per Kochbuch?", "Zu dieser Publikation"),
    2: ("Appetit machen", "E-Government-Beispiele"),
    3: ("Von der Kochkunst", "E-Government möglich machen"),
    4: ("Der Speiseplan", "E-Government planen"),
    5: ("Die Küche einrichten", "E-Government organisieren"),
    6: ("Von Quirl bis Herd", "E-Government-Werkzeuge vorbereiten"),
    7: ("Die Gerichte", "E-Government-Vorhaben praktisch"),
    8: ("Zubereitungstipps", "E-Government-Kniffe"),
    9: ("Hat's geschmeckt?", "E-Government evaluieren"),
    10: ("Gemeinsam kochen", "E-Government kooperativ gestalten"),
}


@pytest.fixture(scope="module")
def demo_book(django_db_setup, django_db_blocker):
    """Loaded once for the module (it takes seconds), in a transaction rolled back after the
    module's last test; each test runs in a savepoint within it, so none sees another's writes."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_book")
        yield
        transaction.set_rollback(True)


def test_the_demo_book_has_the_ten_chapters_of_2016_with_hints(demo_book):
    chapters = {c.number: (c.title, c.subtitle) for c in Chapter.objects.all()}
    assert chapters == CHAPTER_TITLES
    assert all(c.teaser.startswith("Lesen Sie dieses Kapitel, wenn Sie") for c in Chapter.objects.all())


def test_the_demo_book_has_all_86_sections_in_place(demo_book):
    assert Recipe.objects.count() == 86
    assert Recipe.objects.filter(number="7.1.12", parent__number="7.1", chapter__number=7).exists()
    assert Recipe.objects.get(number="4.1.5").title == "»Quick Wins« nutzen"
    assert Recipe.objects.filter(number__startswith="7.1.").count() == 12
    assert Recipe.objects.filter(number__startswith="7.3.").count() == 6
    assert not Recipe.objects.filter(page_start=None).exists()


def test_every_chapter_and_recipe_has_its_initial_version(demo_book):
    for obj in list(Chapter.objects.all()) + list(Recipe.objects.all()):
        versions = Version.objects.get_for_object(obj)
        assert versions.count() == 1
        assert versions.first().revision.comment == "Demo-Buch geladen (Ausgabe 2016)"


def test_every_cross_link_resolves_except_the_announced_one(demo_book):
    missing = [r.number for r in Recipe.objects.all() if "wikilink-missing" in render_markdown(r.body).html]
    assert missing == ["10.2"]


def test_loading_twice_changes_nothing(demo_book):
    before = Version.objects.count()
    call_command("load_demo_book")
    assert Version.objects.count() == before


def test_every_page_of_the_demo_book_renders(demo_book, client):
    for obj in list(Chapter.objects.all()) + list(Recipe.objects.all()):
        assert client.get(obj.get_absolute_url()).status_code == 200

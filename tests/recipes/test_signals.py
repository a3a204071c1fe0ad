"""Every write path announces its chapter and recipe saves, so every path has the same effects."""

import pytest
from django.urls import reverse

from accounts.models import User
from recipes.models import Chapter, Recipe
from recipes.signals import chapter_saved, recipe_saved
from tests.factories import add_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    events = []

    def listen(signal):
        return lambda sender, **kwargs: events.append((sender.__name__, kwargs.get("created")))

    receivers = [listen(chapter_saved), listen(recipe_saved)]
    chapter_saved.connect(receivers[0])
    recipe_saved.connect(receivers[1])
    yield events
    chapter_saved.disconnect(receivers[0])
    recipe_saved.disconnect(receivers[1])


def test_a_recipe_saved_in_the_admin_is_announced_and_found_by_the_search(client, small_book, heard):
    admin = User.objects.create_superuser("admin@kommune.example", "admin@kommune.example", "x-Admin-2026!")
    add_second_factor(admin)
    client.force_login(admin)
    recipe = Recipe.objects.get(number="7.1.4")
    response = client.post(reverse("admin:recipes_recipe_change", args=[recipe.pk]), {
        "number": "7.1.4", "title": "Sachbearbeitung", "slug": "sachbearbeitung",
        "body": "Zauberwortverwaltung im Verwaltungsbereich.", "page_start": "", "page_end": "",
        "source_edition": "", "tags": [],
    })
    assert response.status_code == 302
    assert heard == [("Recipe", False)]
    assert "Zauberwortverwaltung" in client.get(reverse("search"), {"q": "Zauberwortverwaltung"}).content.decode()


def test_a_chapter_saved_in_the_admin_is_announced_too(client, small_book, heard):
    admin = User.objects.create_superuser("admin@kommune.example", "admin@kommune.example", "x-Admin-2026!")
    add_second_factor(admin)
    client.force_login(admin)
    chapter = Chapter.objects.get(number=7)
    response = client.post(reverse("admin:recipes_chapter_change", args=[chapter.pk]), {
        "number": 7, "title": chapter.title, "slug": chapter.slug, "subtitle": "", "teaser": "",
        "intro": "Zauberkapitel Einleitung.", "order": chapter.order, "page_start": "", "page_end": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    assert heard == [("Chapter", False)]

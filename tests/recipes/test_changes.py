import pytest
from django.urls import reverse

from recipes.models import Recipe
from recipes.services import recipe_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed(small_book, moderator):
    recipe = Recipe.objects.get(number="6.1")
    recipe.body += " Neu: Servicekonto."
    return recipe_save(recipe=recipe, user=moderator, comment="Servicekonto ergänzt")


def test_recent_changes_lists_the_newest_versions_first(client, changed):
    page = client.get(reverse("recent_changes")).content.decode()
    assert "Servicekonto ergänzt" in page and "Moritz Moderation" in page
    assert page.index("Servicekonto ergänzt") < page.index("Rezept angelegt")


def test_site_feed_is_atom_with_links_to_the_versions(client, changed):
    response = client.get(reverse("recent_changes_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<feed" in body and "Servicekonto ergänzt" in body and "/versionen/" in body


def test_chapter_feed_has_only_that_chapters_changes(client, changed):
    chapter_seven = Recipe.objects.get(number="7.1").chapter
    body = client.get(reverse("chapter_changes_feed", args=[chapter_seven.slug])).content.decode()
    assert "Servicekonto ergänzt" not in body
    assert "7.1.3 Eingangsbearbeitung" in body
    chapter_six = changed.chapter
    assert "Servicekonto ergänzt" in client.get(
        reverse("chapter_changes_feed", args=[chapter_six.slug])).content.decode()


def test_recent_changes_page_runs_a_fixed_number_of_queries(client, changed, moderator,
                                                           django_assert_max_num_queries):
    for index in range(20):
        changed.body += f" {index}"
        recipe_save(recipe=changed, user=moderator, comment=f"Änderung {index}")
    with django_assert_max_num_queries(3):
        client.get(reverse("recent_changes"))

import pytest
from django.urls import reverse

from recipes.models import Recipe
from recipes.services import recipe_save

pytestmark = pytest.mark.django_db


def test_anonymous_recipe_pages_are_served_from_the_cache_without_sql(client, small_book, django_assert_num_queries):
    url = Recipe.objects.get(number="7.1.3").get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_a_save_is_visible_to_the_next_anonymous_reader_at_once(client, small_book, moderator):
    recipe = Recipe.objects.get(number="7.1.3")
    assert "Neu gescannt" not in client.get(recipe.get_absolute_url()).content.decode()
    client.get(reverse("book"))
    recipe.body += "\n\nNeu gescannt wird alles."
    recipe.title = "Eingangsbearbeitung neu"
    recipe_save(recipe=recipe, user=moderator, comment="Ergänzt")
    assert "Neu gescannt wird alles." in client.get(recipe.get_absolute_url()).content.decode()
    assert "Eingangsbearbeitung neu" in client.get(recipe.chapter.get_absolute_url()).content.decode()


def test_signed_in_readers_get_fresh_personal_pages(client, small_book, contributor):
    url = Recipe.objects.get(number="7.1.3").get_absolute_url()
    client.get(url)
    client.force_login(contributor)
    page = client.get(url).content.decode()
    assert "Mia Muster" in page  # the header shows who is signed in, not a cached anonymous page

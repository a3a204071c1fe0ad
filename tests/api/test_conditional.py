"""ETag, Last-Modified and 304 on every read; the answers come from the page cache (issue 15)."""

import pytest
from django.core.cache import cache

from recipes.models import Recipe
from recipes.services import recipe_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipe(small_book):
    return Recipe.objects.get(number="7.1.3")


def test_a_matching_etag_gets_304_without_a_body_and_a_change_gets_200(api, recipe, moderator):
    url = f"/api/v1/recipes/{recipe.slug}/"
    first = api.get(url)
    etag = first["ETag"]
    assert etag and first["Last-Modified"]
    again = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    recipe.body += "\n\nNeuer Absatz."
    recipe_save(recipe=recipe, user=moderator, comment="Ergänzt")
    changed = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Neuer Absatz" in changed.json()["body_markdown"]


def test_if_modified_since_gets_304_until_the_recipe_changes(api, recipe):
    url = f"/api/v1/recipes/{recipe.slug}/"
    modified = api.get(url)["Last-Modified"]
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert api.get(url, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/chapters/", "/api/v1/recipes/", "/api/v1/editions/",
                                  "/api/v1/search/?q=Posteingang", "/api/v1/dump/"])
def test_every_read_has_an_etag_and_the_licence_link(api, small_book, path):
    response = api.get(path)
    assert response.status_code == 200 and response["ETag"]
    assert 'rel="license"' in response["Link"]
    assert api.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_a_repeated_read_is_served_from_the_cache_without_sql(api, recipe, django_assert_num_queries):
    url = f"/api/v1/recipes/{recipe.slug}/comments/"
    api.get(url)
    with django_assert_num_queries(0):
        assert api.get(url).status_code == 200
    cache.clear()

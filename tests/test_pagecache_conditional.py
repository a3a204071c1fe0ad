"""Anonymous pages and feeds answer conditional requests and may be kept by a reverse proxy for a
few seconds; signed-in pages never (kochbuch/pagecache.py, kochbuch/fragments.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from recipes.models import Recipe
from recipes.services import recipe_save

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["recipe", "book", "feed", "comments_feed"])
def test_an_unchanged_page_or_feed_is_answered_304_and_a_changed_one_in_full(client, small_book, moderator, page):
    recipe = Recipe.objects.get(number="7.1")  # on the start page too
    url = {"recipe": recipe.get_absolute_url(), "book": reverse("book"),
           "feed": reverse("recent_changes_feed"), "comments_feed": reverse("comments_feed")}[page]
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "s-maxage=5" in first["Cache-Control"]
    assert "max-age=0" in first["Cache-Control"].replace("s-maxage", "")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304

    recipe.title = "Eingangsbearbeitung, neu gefasst"
    recipe_save(recipe=recipe, user=moderator, comment="Titel")
    if page == "comments_feed":  # a recipe's title is not in it
        return
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "neu gefasst" in changed.content.decode()


def test_signed_in_pages_are_private(small_book, contributor):
    client = Client()
    client.force_login(contributor)
    url = Recipe.objects.get(number="7.1.3").get_absolute_url()
    for _ in range(2):
        response = client.get(url)
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_a_page_that_sets_a_cookie_is_not_offered_to_proxies(client, small_book):
    response = client.get(reverse("account_login"))
    assert "public" not in response.get("Cache-Control", "")

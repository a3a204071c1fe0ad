"""The recipe page, the map and a Kommune page cost a fixed number of queries, however many
reports, Kommunen and authors there are (same count on a small and a grown world)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import MITWIRKENDE
from kochbuch.pagecache import content_changed
from kommunen.models import Kommune
from practice.services import report_create
from recipes.models import Recipe
from tests.factories import make_user


@pytest.fixture(autouse=True)
def unthrottled(settings):
    settings.PRACTICE_RATE_LIMIT = "100000/h"


def grow(count, start=0):
    """``count`` people from ``count`` different large Kommunen, each reporting on every recipe."""
    kommunen = (Kommune.objects.exclude(latitude=None).exclude(population=None)
                .order_by("-population", "pk")[start:start + count])
    recipes = list(Recipe.objects.all())
    for index, kommune in enumerate(kommunen, start=start):
        person = make_user(f"p{index}@kommune.example", role=MITWIRKENDE, display_name=f"Person {index}",
                           kommune=kommune)
        for recipe in recipes:
            report_create(author=person, recipe=recipe, status="umgesetzt", results=f"Bericht {index}")


def queries(client, url):
    content_changed()  # rendered, not served from the page cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_recipe_map_and_kommune_pages_cost_the_same_with_2_and_with_40_kommunen(client, small_book):
    recipe = Recipe.objects.get(number="7.1.3")
    grow(2)
    kommune = Kommune.objects.filter(practice_reports__isnull=False).first()
    urls = [recipe.get_absolute_url(), reverse("practice_overview"),
            reverse("practice_overview") + "?stand=umgesetzt&kapitel=7",
            reverse("kommune_detail", args=[kommune.pk])]
    for url in urls:  # warm the caches every page shares (the link index, the outlines)
        queries(client, url)
    small = [queries(client, url)[0] for url in urls]
    grow(38, start=2)
    grown = []
    for url in urls:
        count, page = queries(client, url)
        grown.append(count)
    assert grown == small, f"klein {small}, gewachsen {grown}"
    assert max(grown) <= 10
    _count, page = queries(client, recipe.get_absolute_url())
    assert "Nachgekocht in 40 Kommunen" in page, re.findall(r"Nachgekocht in [^<]*", page)
    _count, page = queries(client, reverse("practice_overview"))
    assert page.count('class="practice-map__dot"') == 40

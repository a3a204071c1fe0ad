"""Each read endpoint costs the same number of queries on a small book and on a grown one."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import MITWIRKENDE
from editions.services import edition_publish
from recipes.models import Recipe
from recipes.services import recipe_save
from tests.factories import make_comment, make_recipe, make_user

pytestmark = pytest.mark.django_db

LIMIT = 8


def endpoints(recipe, version_id):
    slug = recipe.slug
    return [
        "/api/v1/", "/api/v1/chapters/", f"/api/v1/chapters/{recipe.chapter.slug}/",
        f"/api/v1/chapters/{recipe.chapter.slug}/comments/",
        "/api/v1/recipes/", "/api/v1/recipes/?tag=prozesse&chapter=7",
        f"/api/v1/recipes/{slug}/", f"/api/v1/recipes/{slug}/versions/",
        f"/api/v1/recipes/{slug}/versions/{version_id}/", f"/api/v1/recipes/{slug}/diff/",
        f"/api/v1/recipes/{slug}/comments/", "/api/v1/editions/", "/api/v1/editions/2027/",
        f"/api/v1/editions/2027/recipes/{slug}/", "/api/v1/search/?q=Posteingang",
        "/api/v1/search/?q=Frage&in=comments", "/api/v1/dump/",
        "/api/v1/reports/", "/api/v1/kommunen/?q=dueren&bundesland=NW",
    ]


def counts(api, urls):
    found = {}
    for url in urls:
        cache.clear()  # neither the page cache nor a warm link index or snapshot
        ContentType.objects.clear_cache()  # nor content types looked up once per process
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url)
        assert response.status_code == 200, url
        found[url] = len(queries)
    return found


def grow(recipe, people, editor):
    """More recipes, versions, authors and comment threads than the small book has."""
    for number in range(5, 45):
        make_recipe(f"7.1.{number}", f"Baustein {number}", f"Text {number} zum Posteingang.", thema=["Prozesse"])
    for index, person in enumerate(people * 4):
        recipe.body += f"\n\nErgänzung {index} zum Posteingang."
        recipe_save(recipe=recipe, user=person, comment=f"Ergänzung {index}")
    for index, person in enumerate(people * 5):
        thread = make_comment(recipe, person, f"Frage {index} zum Posteingang?")
        reply = make_comment(recipe, people[0], "Eine Antwort.", parent=thread)
        make_comment(recipe, people[-1], "Noch eine.", parent=reply)
        make_comment(recipe.chapter, person, f"Frage {index} zum Kapitel?")
    edition_publish(name="Ausgabe 2028", date=datetime.date(2028, 1, 1), user=editor)


def test_read_endpoints_cost_fixed_queries_whatever_the_size(api, small_book, contributor, editor, moderator,
                                                             django_assert_max_num_queries, settings):
    settings.COMMENTS_RATE_LIMIT = "1000/m"
    from recipes.versions import latest_version_id

    recipe = Recipe.objects.get(number="7.1.3")
    make_comment(recipe, contributor, "Eine Frage zum Posteingang?")
    make_comment(recipe.chapter, contributor, "Eine Frage zum Kapitel?")
    recipe.body += "\n\nErste Ergänzung."
    recipe_save(recipe=recipe, user=contributor, comment="Ergänzt")  # an author, two versions
    edition_publish(name="Ausgabe 2027", date=datetime.date(2027, 3, 1), user=editor)
    version_id = latest_version_id(recipe)
    urls = endpoints(recipe, version_id)
    small = counts(api, urls)
    people = [contributor, moderator, editor] + [
        make_user(f"person{n}@kommune.example", role=MITWIRKENDE, display_name=f"Person {n}") for n in range(3)]
    grow(recipe, people, editor)
    large = counts(api, urls)
    assert large == small
    for url in urls:
        cache.clear()
        with django_assert_max_num_queries(LIMIT):
            api.get(url)

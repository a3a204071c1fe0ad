"""Comment threads through the API come in pages of whole threads, like every other list."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.services import comment_hide
from recipes.models import Recipe
from tests.api.openapi import openapi_document
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipe(small_book):
    return Recipe.objects.get(number="7.1.3")


def _threads(api, url):
    """Every thread over all pages, following ``next`` as a client would."""
    found, pages = [], 0
    while url:
        response = api.get(url)
        assert response.status_code == 200, url
        body = response.json()
        found += body["results"]
        pages += 1
        url = body["next"] and body["next"].split("://", 1)[1].split("/", 1)[1]
        url = url and "/" + url
    return found, pages


def test_threads_come_in_pages_each_thread_whole(api, recipe, contributor, other_contributor, settings):
    settings.API_PAGE_SIZE = 3
    settings.COMMENTS_RATE_LIMIT = "1000/m"
    roots = []
    for index in range(7):
        root = make_comment(recipe, contributor, f"Frage {index}")
        roots.append(root)
        reply = make_comment(recipe, other_contributor, f"Antwort {index}", parent=root)
        make_comment(recipe, contributor, f"Dank {index}", parent=reply)
    url = f"/api/v1/recipes/{recipe.slug}/comments/"

    first = api.get(url).json()
    assert first["count"] == 7 and first["previous"] is None
    assert first["next"].endswith(f"{url}?page=2")
    assert [thread["body_markdown"] for thread in first["results"]] == ["Frage 0", "Frage 1", "Frage 2"]
    assert first["results"][0]["replies"][0]["replies"][0]["body_markdown"] == "Dank 0"
    last = api.get(f"{url}?page=3").json()
    assert [thread["id"] for thread in last["results"]] == [roots[6].pk]
    assert last["next"] is None and last["previous"].endswith(f"{url}?page=2")
    everything, pages = _threads(api, url)
    assert pages == 3 and [thread["id"] for thread in everything] == [root.pk for root in roots]
    assert all(len(thread["replies"]) == 1 for thread in everything)


def test_only_shown_threads_are_counted(api, recipe, contributor, other_contributor, moderator, settings):
    settings.API_PAGE_SIZE = 2
    settings.COMMENTS_HOLD_FIRST = 0
    shown = make_comment(recipe, other_contributor, "Sichtbar")
    gone = make_comment(recipe, contributor, "Ausgeblendet ohne Antworten")
    comment_hide(comment=gone, moderator=moderator, reason="Werbung")
    placeholder = make_comment(recipe, contributor, "Ausgeblendet mit Antwort")
    make_comment(recipe, other_contributor, "Die Antwort", parent=placeholder)
    comment_hide(comment=placeholder, moderator=moderator, reason="Beleidigend")
    page = api.get(f"/api/v1/recipes/{recipe.slug}/comments/").json()
    # A hidden comment stays as an empty placeholder, as on the page (build_thread).
    ids = [thread["id"] for thread in page["results"]]
    assert ids[0] == shown.pk and page["count"] == 3
    everything, _pages = _threads(api, f"/api/v1/recipes/{recipe.slug}/comments/")
    assert [thread["id"] for thread in everything] == [shown.pk, gone.pk, placeholder.pk]
    assert everything[2]["body_markdown"] is None and everything[2]["replies"][0]["body_markdown"] == "Die Antwort"
    assert "Ausgeblendet" not in str(everything)


def test_a_page_past_the_end_is_a_german_404_and_chapters_page_too(api, recipe, contributor, settings):
    settings.API_PAGE_SIZE = 1
    make_comment(recipe.chapter, contributor, "Zum Kapitel 1")
    make_comment(recipe.chapter, contributor, "Zum Kapitel 2")
    url = f"/api/v1/chapters/{recipe.chapter.slug}/comments/"
    assert api.get(url).json()["count"] == 2
    assert api.get(f"{url}?page=2").json()["results"][0]["body_markdown"] == "Zum Kapitel 2"
    beyond = api.get(f"{url}?page=3")
    assert beyond.status_code == 404 and "Diese Seite gibt es nicht" in beyond.json()["error"]["message"]
    assert api.get(f"{url}?page=null").status_code == 404


def test_the_schema_documents_the_page_envelope_and_the_page_parameter():
    document = openapi_document()
    for path in ("/api/v1/recipes/{slug}/comments/", "/api/v1/chapters/{slug}/comments/"):
        operation = document["paths"][path]["get"]
        assert "page" in [parameter["name"] for parameter in operation["parameters"]]
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/PaginatedCommentList"}
    envelope = document["components"]["schemas"]["PaginatedCommentList"]
    assert set(envelope["properties"]) == {"count", "next", "previous", "results"}


def test_a_page_of_threads_costs_the_same_queries_however_many_comments(api, recipe, contributor,
                                                                        other_contributor, settings):
    settings.COMMENTS_RATE_LIMIT = "1000/m"
    settings.API_PAGE_SIZE = 5
    url = f"/api/v1/recipes/{recipe.slug}/comments/"

    def count(page=1):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert api.get(f"{url}?page={page}").status_code == 200
        return len(queries)

    make_comment(recipe, contributor, "Eine Frage")
    small = count()
    for index in range(30):
        root = make_comment(recipe, contributor, f"Frage {index}")
        for depth in range(3):
            root = make_comment(recipe, other_contributor, f"Antwort {index}.{depth}", parent=root)
    assert count() == small and count(page=4) == small

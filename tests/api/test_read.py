"""Reading the book through the API: anonymous, linked, filtered, paginated (issue 15)."""

import pytest
from django.urls import reverse

from recipes.models import Recipe
from recipes.services import recipe_save
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def test_the_book_links_to_every_part_of_the_api_and_states_the_licence(api, small_book, settings):
    data = api.get("/api/v1/").json()
    assert data["licence"] == {"name": "CC BY 4.0", "url": settings.SITE_LICENCE_URL}
    assert [c["number"] for c in data["chapters"]] == [6, 7]
    assert api.get(data["links"]["recipes"]).status_code == 200
    assert api.get(data["chapters"][1]["url"]).json()["slug"] == small_book.slug


def test_a_recipe_has_markdown_sanitised_html_tags_source_and_authors(api, small_book, contributor):
    recipe = Recipe.objects.get(number="7.1.3")
    recipe.body += "\n\n<script>alert(1)</script> Neu."
    recipe_save(recipe=recipe, user=contributor, comment="Ergänzt")
    data = api.get(f"/api/v1/recipes/{recipe.slug}/").json()
    assert data["number"] == "7.1.3" and data["id"] == recipe.pk
    assert "<script>" in data["body_markdown"] and "<script>" not in data["body_html"]
    assert "<h2" in data["body_html"]
    assert {(t["kind"], t["name"]) for t in data["tags"]} == {("thema", "Prozesse"), ("stichwort", "Scannen")}
    assert data["pages"] == {"start": 101, "end": 102, "label": "S. 101–102"}
    assert data["source_edition"] == "Ausgabe 2016"
    assert [a["name"] for a in data["authors"]] == ["Mia Muster"]
    assert data["chapter"]["number"] == 7 and data["parent"]["number"] == "7.1"
    assert data["next"]["number"] == "7.1.4"
    assert api.get(data["next"]["url"], follow=True).json()["number"] == "7.1.4"


def test_an_old_slug_redirects_permanently_to_the_current_one(api, small_book, moderator):
    recipe = Recipe.objects.get(number="7.1.4")
    old = recipe.slug
    recipe.slug = "sachbearbeitung-digital"
    recipe_save(recipe=recipe, user=moderator, comment="Umbenannt")
    response = api.get(f"/api/v1/recipes/{old}/versions/")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/recipes/sachbearbeitung-digital/versions/"


def test_the_recipe_list_filters_by_chapter_tag_and_change_date(api, small_book):
    assert [r["number"] for r in api.get("/api/v1/recipes/").json()["results"]] == ["6.1", "7.1", "7.1.3", "7.1.4"]
    assert [r["number"] for r in api.get("/api/v1/recipes/?chapter=6").json()["results"]] == ["6.1"]
    assert [r["number"] for r in api.get(f"/api/v1/recipes/?chapter={small_book.slug}").json()["results"]] == [
        "7.1", "7.1.3", "7.1.4"]
    assert [r["number"] for r in api.get("/api/v1/recipes/?tag=thema/prozesse").json()["results"]] == ["7.1", "7.1.3"]
    assert [r["number"] for r in api.get("/api/v1/recipes/?tag=scannen").json()["results"]] == ["7.1.3"]
    assert api.get("/api/v1/recipes/?changed_since=2999-01-01").json()["count"] == 0
    assert api.get("/api/v1/recipes/?changed_since=2000-01-01T00:00:00Z").json()["count"] == 4


def test_a_wrong_date_filter_is_a_german_400(api, small_book):
    response = api.get("/api/v1/recipes/?changed_since=gestern")
    assert response.status_code == 400
    assert "Datum" in response.json()["error"]["fields"]["changed_since"][0]


def test_lists_are_paginated_with_links(api, small_book, settings):
    settings.API_PAGE_SIZE = 3
    first = api.get("/api/v1/recipes/").json()
    assert first["count"] == 4 and len(first["results"]) == 3 and first["previous"] is None
    second = api.get(first["next"]).json()
    assert [r["number"] for r in second["results"]] == ["7.1.4"] and second["next"] is None
    assert api.get("/api/v1/recipes/?page=9").status_code == 404


def test_versions_a_version_and_the_diff_between_two(api, small_book, contributor):
    recipe = Recipe.objects.get(number="7.1.4")
    recipe.body = "Die Sachbearbeitung folgt digital."
    recipe_save(recipe=recipe, user=contributor, comment="digital")
    versions = api.get(f"/api/v1/recipes/{recipe.slug}/versions/").json()
    assert versions["count"] == 2
    newest, first = versions["results"]
    assert (newest["sequence"], first["sequence"]) == (2, 1)
    assert newest["author"]["name"] == "Mia Muster" and newest["comment"] == "digital"
    old = api.get(first["url"]).json()
    assert old["body_markdown"] == "Die Sachbearbeitung folgt." and old["is_current"] is False
    diff = api.get(f"/api/v1/recipes/{recipe.slug}/diff/?from={first['id']}&to={newest['id']}").json()
    assert "<ins" in diff["body_diff_html"] and "digital" in diff["body_diff_html"]
    assert api.get(f"/api/v1/recipes/{recipe.slug}/diff/").json() == diff
    assert api.get(f"/api/v1/recipes/{recipe.slug}/diff/?from=999999").status_code == 404
    assert api.get(f"/api/v1/recipes/{recipe.slug}/diff/?from=abc").status_code == 400


def test_comments_come_as_threads_and_hidden_texts_never(api, small_book, contributor, other_contributor,
                                                          moderator):
    from comments.services import comment_hide

    recipe = Recipe.objects.get(number="7.1.3")
    question = make_comment(recipe, contributor, "Eine **Frage**.")
    hidden = make_comment(recipe, other_contributor, "GEHEIM und beleidigend.", parent=question)
    make_comment(recipe, contributor, "Antwort darunter.", parent=hidden)
    comment_hide(comment=hidden, moderator=moderator, reason="Beleidigend")
    response = api.get(f"/api/v1/recipes/{recipe.slug}/comments/")
    assert "GEHEIM" not in response.content.decode() and "Omar" not in response.content.decode()
    (thread,) = response.json()["results"]
    assert thread["body_html"] == "<p>Eine <strong>Frage</strong>.</p>"
    (placeholder,) = thread["replies"]
    assert placeholder["status"] == "hidden" and placeholder["body_markdown"] is None
    assert placeholder["replies"][0]["body_markdown"] == "Antwort darunter."


def test_unknown_things_are_german_json_404s(api, small_book):
    for url in ["/api/v1/recipes/gibt-es-nicht/", "/api/v1/chapters/nein/", "/api/v1/editions/nein/"]:
        response = api.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
        assert "gibt es nicht" in response.json()["error"]["message"]
    response = api.get("/api/v1/gibt/es/nicht/")
    assert response.status_code == 404 and "Endpunkt" in response.json()["error"]["message"]


def test_the_html_pages_link_the_api_and_the_licence(client, small_book):
    page = client.get(reverse("book")).content.decode()
    assert 'rel="license"' in page and "CC BY 4.0" in page and "/api/v1/" in page


def test_links_are_absolute_on_site_url_whatever_host_the_request_used(api, small_book, settings):
    settings.SITE_URL = "https://kochbuch.example.de"
    settings.ALLOWED_HOSTS = ["kochbuch.example.de", "alt.example.de"]
    data = api.get("/api/v1/recipes/", HTTP_HOST="alt.example.de").json()
    assert data["results"][0]["url"].startswith("https://kochbuch.example.de/api/v1/recipes/")
    assert data["results"][0]["html_url"].startswith("https://kochbuch.example.de/rezepte/")


@pytest.mark.parametrize("query", ["chapter=²", "chapter=99999999999999999999", "tag=%00", "page=²",
                                   "changed_since=2026-13-45", "page=-1"])
def test_odd_query_values_never_crash_the_list(api, small_book, query):
    assert api.get(f"/api/v1/recipes/?{query}").status_code in (200, 400, 404)
    assert api.get(f"/api/v1/search/?q=Posteingang&{query}").status_code in (200, 400, 404)


def test_odd_version_ids_in_the_diff_are_a_400(api, small_book):
    recipe = Recipe.objects.get(number="7.1.3")
    assert api.get(f"/api/v1/recipes/{recipe.slug}/diff/?from=²").status_code == 400


def test_a_version_id_beyond_any_database_id_is_a_404(api, small_book):
    recipe = Recipe.objects.get(number="7.1.3")
    assert api.get(f"/api/v1/recipes/{recipe.slug}/versions/{10**30}/").status_code == 404


def test_a_recipe_states_its_review_and_whether_the_text_changed_since(api, small_book, moderator, contributor,
                                                                       django_capture_on_commit_callbacks):
    import datetime

    from reviews.services import review_record

    recipe = Recipe.objects.get(number="7.1.3")
    assert api.get(f"/api/v1/recipes/{recipe.slug}/").json()["review"] is None
    with django_capture_on_commit_callbacks(execute=True):
        review_record(recipe=recipe, reviewer=moderator, note="Stimmt so.", next_due=datetime.date(2030, 1, 1))

    review = api.get(f"/api/v1/recipes/{recipe.slug}/").json()["review"]
    assert review["reviewer"] == "Moritz Moderation" and review["next_due"] == "2030-01-01"
    assert review["overdue"] is False and review["changed_since"] is False
    recipe.body += "\n\nSpäter ergänzt."
    recipe_save(recipe=recipe, user=contributor, comment="Ergänzt")
    assert api.get(f"/api/v1/recipes/{recipe.slug}/").json()["review"]["changed_since"] is True

"""Nachgekocht through the API: the register of Kommunen and the Erfahrungsberichte, anonymous and
read-only; hidden reports never appear; every answer validated against the OpenAPI document."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kommunen.models import Kommune
from practice.services import report_create, report_hide
from recipes.models import Recipe
from tests.api.openapi import openapi_document
from tests.factories import make_recipe, make_user

pytestmark = pytest.mark.django_db


def _reporter(email, kommune):
    person = make_user(email, role="Mitwirkende", display_name=email.split("@")[0].title())
    person.kommune = kommune
    person.save(update_fields=["kommune"])
    return person


@pytest.fixture
def dueren(db):
    return Kommune.objects.get(name="Düren", is_model=True)


@pytest.fixture
def reports(small_book, dueren, moderator):
    heide = Kommune.objects.get(name="Heidekreis")
    dora = _reporter("dora@dueren.example", dueren)
    hans = _reporter("hans@heidekreis.example", heide)
    shown = report_create(author=dora, recipe=Recipe.objects.get(number="7.1.3"), status="umgesetzt",
                          since=datetime.date(2023, 3, 1), results="Durchlaufzeit **halbiert**.",
                          contact="dora@dueren.example", show_contact=False,
                          links="https://dueren.example/bericht\nkeine-adresse")
    planned = report_create(author=hans, recipe=Recipe.objects.get(number="6.1"), status="geplant")
    hidden = report_create(author=hans, recipe=Recipe.objects.get(number="7.1.3"), status="umgesetzt",
                           results="Werbung für ein Produkt")
    report_hide(report=hidden, moderator=moderator, reason="Werbung")
    return shown, planned, hidden


def test_the_report_list_shows_visible_reports_with_links_to_recipe_and_kommune(api, reports, settings):
    shown, planned, hidden = reports
    data = api.get("/api/v1/reports/").json()
    assert data["count"] == 2 and {item["id"] for item in data["results"]} == {shown.pk, planned.pk}
    item = next(item for item in data["results"] if item["id"] == shown.pk)
    assert item["recipe"]["url"] == f"{settings.SITE_URL}/api/v1/recipes/{shown.recipe.slug}/"
    assert item["kommune"]["url"] == f"{settings.SITE_URL}/api/v1/kommunen/{shown.kommune_id}/"
    assert item["html_url"] == f"{settings.SITE_URL}/nachgekocht/{shown.pk}/"
    assert (item["status"], item["status_label"], item["since"]) == ("umgesetzt", "umgesetzt", "2023-03-01")


def test_a_hidden_report_is_never_there_not_even_at_its_own_address(api, reports, dueren):
    shown, planned, hidden = reports
    response = api.get(f"/api/v1/reports/{hidden.pk}/")
    assert response.status_code == 404 and "Werbung" not in response.content.decode()
    assert api.get("/api/v1/reports/?status=umgesetzt").json()["count"] == 1
    heide = api.get(f"/api/v1/kommunen/{planned.kommune_id}/").json()
    assert [report["id"] for report in heide["reports"]] == [planned.pk]
    assert "Werbung" not in api.get("/api/v1/reports/?recipe=7.1.3").content.decode()


def test_a_report_has_its_texts_as_markdown_and_sanitised_html_and_no_hidden_contact(api, reports):
    shown = reports[0]
    data = api.get(f"/api/v1/reports/{shown.pk}/").json()
    assert data["results_markdown"] == "Durchlaufzeit **halbiert**."
    assert "<strong>halbiert</strong>" in data["results_html"]
    assert data["links"] == ["https://dueren.example/bericht"]
    assert data["contact"] == "" and data["author"]["name"] == "Dora"


def test_the_report_list_filters_and_refuses_unknown_values_in_german(api, reports):
    shown, planned, _hidden = reports
    ids = lambda query: [item["id"] for item in api.get(f"/api/v1/reports/?{query}").json()["results"]]  # noqa: E731
    assert ids("bundesland=NI") == [planned.pk]
    assert ids(f"kommune={shown.kommune_id}") == [shown.pk]
    assert ids("recipe=7.1.3") == [shown.pk] and ids(f"recipe={shown.recipe.slug}") == [shown.pk]
    assert ids("chapter=6") == [planned.pk] and ids("status=geplant") == [planned.pk]
    for query, field in (("status=fertig", "status"), ("bundesland=XX", "bundesland"), ("kommune=abc", "kommune")):
        response = api.get(f"/api/v1/reports/?{query}")
        assert response.status_code == 400 and field in response.json()["error"]["fields"]


def test_the_register_is_searchable_filterable_and_paginated(api, db, settings):
    first = api.get("/api/v1/kommunen/?q=dueren").json()
    assert first["results"][0]["name"] == "Düren" and first["results"][0]["ags"] == "05358008"
    assert first["results"][0]["ars"] == "053580008008" and first["results"][0]["is_model"] is True
    districts = api.get("/api/v1/kommunen/?bundesland=NI&art=landkreis").json()
    assert districts["count"] > 30 and {k["art"] for k in districts["results"]} == {"landkreis"}
    assert {k["bundesland"] for k in districts["results"]} == {"NI"}
    places = api.get("/api/v1/kommunen/?bundesland=BY&art=gemeinde").json()
    assert places["count"] > len(places["results"]) and places["previous"] is None
    assert places["next"].startswith(f"{settings.SITE_URL}/api/v1/kommunen/?") and "page=2" in places["next"]
    assert api.get("/api/v1/kommunen/?ags=05358008").json()["results"][0]["name"] == "Düren"
    models = api.get("/api/v1/kommunen/?modellkommune=true").json()
    assert models["count"] == 8
    assert api.get("/api/v1/kommunen/?art=dorf").status_code == 400
    assert api.get("/api/v1/kommunen/?ags=05x").status_code == 400
    assert api.get("/api/v1/kommunen/999999999/").status_code == 404


def test_a_kommune_lists_its_reports_with_links_to_the_recipes(api, reports, dueren, settings):
    data = api.get(f"/api/v1/kommunen/{dueren.pk}/").json()
    assert data["name"] == "Düren" and data["html_url"] == f"{settings.SITE_URL}/kommunen/{dueren.pk}/"
    assert [report["recipe"]["number"] for report in data["reports"]] == ["7.1.3"]
    assert data["reports"][0]["recipe"]["url"].endswith("/api/v1/recipes/" + reports[0].recipe.slug + "/")
    assert data["reports_url"] == f"{settings.SITE_URL}/api/v1/reports/?kommune={dueren.pk}"


def test_reads_have_an_etag_and_a_hidden_report_leaves_the_cached_list_at_once(api, reports, moderator):
    shown = reports[0]
    first = api.get("/api/v1/reports/")
    assert first["ETag"] and first["Last-Modified"] and 'rel="license"' in first["Link"]
    assert api.get("/api/v1/reports/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    report_hide(report=shown, moderator=moderator, reason="Doppelt")
    changed = api.get("/api/v1/reports/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and shown.pk not in [item["id"] for item in changed.json()["results"]]
    assert api.get(f"/api/v1/kommunen/{shown.kommune_id}/")["ETag"]


def test_the_endpoints_are_read_only_and_need_no_account(api, reports):
    shown = reports[0]
    for url in ("/api/v1/reports/", f"/api/v1/reports/{shown.pk}/", "/api/v1/kommunen/",
                f"/api/v1/kommunen/{shown.kommune_id}/"):
        assert api.get(url).status_code == 200
        assert api.post(url, {}, content_type="application/json").status_code == 405


def test_the_book_links_to_the_new_endpoints_and_the_schema_documents_them(api, small_book, settings):
    links = api.get("/api/v1/").json()["links"]
    assert links["reports"] == f"{settings.SITE_URL}/api/v1/reports/"
    assert links["kommunen"] == f"{settings.SITE_URL}/api/v1/kommunen/"
    assert api.get("/api/v1/schema/").status_code == 200
    schema = openapi_document()
    for path in ("/api/v1/reports/", "/api/v1/reports/{report_id}/", "/api/v1/kommunen/",
                 "/api/v1/kommunen/{kommune_id}/"):
        assert schema["paths"][path]["get"]["tags"] == ["Nachgekocht"]
    assert "ReportDetail" in schema["components"]["schemas"] and "KommuneDetail" in schema["components"]["schemas"]


def test_lists_and_details_cost_the_same_queries_for_few_and_many_reports(api, reports, dueren, settings):
    settings.PRACTICE_RATE_LIMIT = "100/h"
    urls = ["/api/v1/reports/", f"/api/v1/reports/{reports[0].pk}/", "/api/v1/kommunen/?q=dueren",
            f"/api/v1/kommunen/{dueren.pk}/", "/api/v1/reports/?bundesland=NW&status=umgesetzt"]

    def counts():
        found = {}
        for url in urls:
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                assert api.get(url).status_code == 200
            found[url] = len(queries)
        return found

    few = counts()
    author = _reporter("dirk@dueren.example", dueren)
    for index in range(25):
        report_create(author=author, recipe=make_recipe(f"7.{index + 2}", f"Abschnitt {index}", "Text."),
                      status="geplant")
    assert counts() == few
    assert max(few.values()) <= 4

"""Open data: licence, robots.txt, sitemap.xml, the whole book as JSON and ZIP, CORS (issue 15)."""

import io
import zipfile
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from recipes.models import Recipe

pytestmark = pytest.mark.django_db


def test_every_page_states_the_licence_from_the_setting(client, small_book, settings):
    settings.SITE_LICENCE, settings.SITE_LICENCE_URL = "CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"
    for url in [reverse("book"), Recipe.objects.get(number="7.1.3").get_absolute_url(), reverse("privacy")]:
        page = client.get(url).content.decode()
        assert 'href="https://creativecommons.org/publicdomain/zero/1.0/" rel="license">CC0 1.0</a>' in page, url


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_accounts(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /konto/" in text and "Sitemap: http://testserver/sitemap.xml" in text


def test_the_sitemap_lists_every_chapter_and_recipe(client, small_book, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get("/sitemap.xml")
    root = ElementTree.fromstring(response.content)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [element.text for element in root.findall("s:url/s:loc", namespace)]
    for recipe in Recipe.objects.all():
        assert f"http://testserver{recipe.get_absolute_url()}" in locations
    assert f"http://testserver{small_book.get_absolute_url()}" in locations


def test_the_dump_holds_the_whole_current_book_with_its_licence(api, small_book):
    data = api.get("/api/v1/dump/").json()
    assert data["licence"]["name"] == "CC BY 4.0"
    assert [r["number"] for r in data["recipes"]] == ["6.1", "7.1", "7.1.3", "7.1.4"]
    assert data["recipes"][2]["body_markdown"] == Recipe.objects.get(number="7.1.3").body
    assert [c["number"] for c in data["chapters"]] == [6, 7]


def test_the_markdown_zip_of_the_current_book(api, small_book):
    response = api.get("/api/v1/dump.zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    recipes = [name for name in archive.namelist() if name.endswith(".md") and not name.endswith("kapitel.md")]
    assert len(recipes) == 4
    (name,) = [name for name in recipes if "/7.1.3-" in name]
    assert "Der Posteingang wird gescannt." in archive.read(name).decode()


def test_cors_is_off_by_default(api, small_book):
    response = api.get("/api/v1/", HTTP_ORIGIN="https://intranet.example")
    assert "Access-Control-Allow-Origin" not in response


def test_cors_for_reads_when_configured(api, small_book, settings):
    settings.API_CORS_ORIGINS = ["https://intranet.example"]
    response = api.get("/api/v1/recipes/", HTTP_ORIGIN="https://intranet.example")
    assert response["Access-Control-Allow-Origin"] == "https://intranet.example"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = api.options("/api/v1/recipes/", HTTP_ORIGIN="https://intranet.example",
                            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
                            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match")
    assert preflight.status_code == 204 and "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    write = api.options("/api/v1/recipes/x/comments/", HTTP_ORIGIN="https://intranet.example",
                        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert "Access-Control-Allow-Origin" not in write
    other = api.get("/api/v1/recipes/", HTTP_ORIGIN="https://fremd.example")
    assert "Access-Control-Allow-Origin" not in other
    assert "Access-Control-Allow-Origin" not in api.get(reverse("book"), HTTP_ORIGIN="https://intranet.example")

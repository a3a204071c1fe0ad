"""The OpenAPI document: generated from the code, valid, complete; the docs page is self-hosted."""

import re

import pytest
import yaml
from openapi_spec_validator import validate

from tests.api.openapi import openapi_document
from tests.security.test_authorization_matrix import url_patterns

pytestmark = pytest.mark.django_db


def test_the_served_document_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    assert document["openapi"].startswith("3.1")
    validate(document)
    assert document["info"]["license"]["name"] == "CC BY 4.0"


def test_the_document_describes_every_api_endpoint():
    documented = set(openapi_document()["paths"])
    routes = {"/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route) for _key, route in url_patterns()
              if route.startswith("api/v1/")}
    undocumented = {"/api/v1/schema/", "/api/v1/docs/"}
    assert routes - undocumented == documented


def test_writes_are_documented_with_the_token_and_reads_without():
    paths = openapi_document()["paths"]
    assert paths["/api/v1/recipes/{slug}/proposals/"]["post"]["security"] == [{"apiToken": []}]
    assert paths["/api/v1/recipes/{slug}/"]["get"].get("security") in (None, [], [{}])
    assert "409" in paths["/api/v1/recipes/{slug}/proposals/"]["post"]["responses"]


def test_the_docs_page_loads_its_assets_from_this_site_only(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/") for source in sources), sources
    assert "<script>" not in page.replace("<script src", "")  # no inline script: the CSP forbids it
    from django.contrib.staticfiles import finders

    for source in sources:
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/")), source


def test_the_docs_page_allows_inline_styles_but_never_inline_scripts(client):
    policy = client.get("/api/v1/docs/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "script-src 'self';" in policy
    assert "unsafe-inline" not in client.get("/api/v1/")["Content-Security-Policy"]


def test_the_document_is_also_served_as_json(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.json()["info"]["title"] == "Kochbuch API"


def test_every_operation_has_a_readable_id_and_a_german_summary():
    for path, operations in openapi_document()["paths"].items():
        for method, operation in operations.items():
            assert not operation["operationId"].startswith("v1_"), (path, method)
            assert operation.get("summary"), (path, method)

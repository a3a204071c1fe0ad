"""The API's own OpenAPI document, and a check that an answer conforms to it.

Every answer the API tests receive through ``ApiClient`` is checked: its status code must be
documented for the operation, and a JSON body must validate against the documented schema
(OpenAPI 3.1 schemas are JSON Schema 2020-12, so ``jsonschema`` validates them directly).
"""

import json
import re
from functools import cache

import jsonschema
from django.test import Client
from django.urls import resolve
from drf_spectacular.renderers import OpenApiJsonRenderer

from api.schema import SchemaGenerator  # registers the token scheme, as the schema page does

UNDOCUMENTED = ("/api/v1/schema/", "/api/v1/docs/")


@cache
def openapi_document() -> dict:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


def openapi_path(path: str) -> str:
    """/api/v1/recipes/x/versions/3/ → /api/v1/recipes/{slug}/versions/{version_id}/"""
    route = resolve(path).route
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def check_response(response, path: str, method: str):
    if response.status_code == 405:  # a method the endpoint does not have: not in the document
        assert response.json()["error"]["status"] == 405
        return
    document = openapi_document()
    template = openapi_path(path)
    operation = document["paths"].get(template, {}).get(method.lower())
    assert operation is not None, f"{method} {template} steht nicht im OpenAPI-Dokument"
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, (
        f"{method} {template}: Status {response.status_code} ist nicht dokumentiert "
        f"({sorted(operation['responses'])})")
    content = documented.get("content")
    if not content or response.status_code in (204, 304):
        return
    media = response["Content-Type"].split(";")[0]
    assert media in content, f"{method} {template}: {media} nicht dokumentiert ({list(content)})"
    if media != "application/json":
        return
    schema = {"allOf": [content[media]["schema"]], "components": document["components"]}
    jsonschema.validate(json.loads(response.content), schema, cls=jsonschema.Draft202012Validator,
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


class ApiClient(Client):
    """A test client that checks every /api/v1/ answer against the OpenAPI document."""

    def request(self, **request):
        response = super().request(**request)
        path, method = request["PATH_INFO"], request["REQUEST_METHOD"]
        if (path.startswith("/api/v1/") and not path.startswith(UNDOCUMENTED) and method != "OPTIONS"
                and resolve(path).url_name != "not_found"):
            check_response(response, path, method)
        return response

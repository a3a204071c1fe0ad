"""/api/v1/schema/ and /api/v1/docs/: the OpenAPI document and its Swagger UI page.

The views (api/openapi_views.py) are imported on the first request to either page, not when the
URLs load: drf-spectacular's views, generator and extensions pull in django.test, unittest and
pygments, about 6 MB in every web worker for two pages that are rarely asked for (issue 13,
worker memory). Both views are DRF views (CSRF-exempt; DRF checks CSRF itself where a session
authenticates), as before.
"""

import importlib

from django.views.decorators.csrf import csrf_exempt


def _views():
    return importlib.import_module("api.openapi_views")  # heavy, optional: see the docstring


@csrf_exempt
def schema(request, *args, **kwargs):
    return _views().schema_view(request, *args, **kwargs)


@csrf_exempt
def docs(request, *args, **kwargs):
    return _views().docs_view(request, *args, **kwargs)

"""Security headers Django 5.2 does not set itself; addresses with control characters refused."""

import re

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

from kochbuch.forms import CONTROL_CHARACTERS


class SecurityHeadersMiddleware:
    """Content-Security-Policy without inline scripts, and a Permissions-Policy.

    Everything the site needs comes from itself: no CDN, no web fonts, no trackers, so the
    policy can be strict. A response that already has a policy keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RefuseControlCharactersMiddleware:
    """400 with a German page for a path or query string holding control characters.

    No address of the site contains them, and passed on they reach the database, where
    PostgreSQL refuses a NUL in a string literal with an error (a 500) and SQLite silently
    compares something else. Checked once here rather than in every view; tab, line feed and
    carriage return stay allowed in query values (a pasted search text), as in forms.
    """

    PATH = re.compile(r"[\x00-\x1f\x7f-\x9f]")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._refused(request):
            if request.path.startswith("/api/"):  # the API answers in JSON, in its error shape
                return JsonResponse({"error": {
                    "status": 400, "code": "control_characters",
                    "message": "Die Adresse enthält Steuerzeichen; bitte entfernen Sie sie.",
                }}, status=400, json_dumps_params={"ensure_ascii": False})
            return render(request, "400.html", status=400)
        return self.get_response(request)

    def _refused(self, request):
        if self.PATH.search(request.path_info) or self.PATH.search(request.path):
            return True
        try:
            parameters = request.GET
        except Exception:  # noqa: BLE001 – an unparsable query string is a bad request too
            return True
        return any(self.PATH.search(key) or any(CONTROL_CHARACTERS.search(value) for value in values)
                   for key, values in parameters.lists())

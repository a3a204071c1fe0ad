"""Error pages that Django would otherwise answer in English."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults

logger = logging.getLogger(__name__)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: mostly an old open tab or blocked cookies.

    Django's own page is English and meant for developers; readers need to know what to do.
    """
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


# The database went away (a restart, a failover, a full disk): psycopg2's OperationalError and
# InterfaceError arrive here as Django's wrappers. Nothing was half-written (every write is one
# transaction), so the reader is told to try again shortly.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """handler500: a German 503 page when the database is unreachable, else Django's own 500.

    The 503 page is rendered without the request's context processors: they would ask the
    database for the signed-in person, which is what just failed. Django closes the broken
    connection when the request ends, and the next request opens a new one (CONN_HEALTH_CHECKS),
    so the same worker serves again as soon as the database is back.
    """
    error = sys.exc_info()[1]
    if not isinstance(error, DATABASE_UNAVAILABLE):
        return defaults.server_error(request)
    logger.error("Datenbank nicht verfügbar (%s: %s): 503 für %s", type(error).__name__,
                 str(error).strip()[:300], request.path)
    if request.path.startswith("/api/"):  # the API's error shape (api/errors.py), in German too
        response = JsonResponse({"error": {
            "status": 503, "code": "database_unavailable",
            "message": "Die Datenbank antwortet gerade nicht. Eine schreibende Anfrage wurde ganz oder "
                       "gar nicht ausgeführt, nie zum Teil: Prüfen Sie das, bevor Sie sie wiederholen. "
                       f"Bitte versuchen Sie es in etwa {RETRY_AFTER_SECONDS} Sekunden erneut.",
        }}, status=503, json_dumps_params={"ensure_ascii": False})
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    context = {
        "site_title": settings.KOCHBUCH_TITLE,
        "site_subtitle": settings.KOCHBUCH_SUBTITLE,
        "contact_email": settings.KOCHBUCH_CONTACT_EMAIL,
        "retry_after": RETRY_AFTER_SECONDS,
    }
    html = loader.get_template("503.html").render(context)
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def page_not_found(request, exception=None):
    """German 404 in the site's layout, with the address's last word already in the search box.

    An old link such as /rezepte/kuche-einrichten/ most likely wants the recipe now found
    under another address: searching for "kuche einrichten" is the quickest way there.
    """
    last_part = request.path.rstrip("/").rsplit("/", 1)[-1]
    hint = "" if last_part.replace(".", "").isdigit() else last_part.replace("-", " ")[:80]
    return render(request, "404.html", {"search_hint": hint}, status=404)

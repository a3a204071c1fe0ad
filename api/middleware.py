"""CORS for reading the API from other sites' scripts, off unless ``API_CORS_ORIGINS`` is set.

Only reads (GET, HEAD and their preflight) are shared; writes need a token and are made by
scripts on servers, not by other sites' pages in a reader's browser.
"""

from django.conf import settings
from django.http import HttpResponse

API_PREFIX = "/api/"
EXPOSED = "ETag, Last-Modified, Link, Content-Disposition"


class ReadOnlyCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = request.headers.get("Origin")
        allowed = settings.API_CORS_ORIGINS
        if not (allowed and origin and request.path.startswith(API_PREFIX)):
            return self.get_response(request)
        if "*" not in allowed and origin not in allowed:
            return self.get_response(request)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            if request.headers["Access-Control-Request-Method"] not in ("GET", "HEAD"):
                return HttpResponse(status=204)  # no CORS headers: the browser refuses the write
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since, Accept"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
            if request.method not in ("GET", "HEAD"):
                return response
        response["Access-Control-Allow-Origin"] = "*" if "*" in allowed else origin
        response["Access-Control-Expose-Headers"] = EXPOSED
        if "*" not in allowed:
            response["Vary"] = ", ".join(filter(None, [response.get("Vary"), "Origin"]))
        return response

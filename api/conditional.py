"""Conditional and cached reads: every GET answer carries an ``ETag`` (a hash of its bytes) and,
where the resource has a date, ``Last-Modified``; a matching ``If-None-Match`` or
``If-Modified-Since`` gets ``304 Not Modified`` without a body.

Answers are kept in the anonymous page cache (``kochbuch.pagecache``) under the content
generation that every write bumps, so a repeated read costs no SQL and is never stale.
Reads do not depend on who asks (a token only matters for writes), so one cached answer
serves every reader without a token.
"""

from functools import wraps

from django.conf import settings
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import http_date, parse_http_date_safe

from kochbuch.forms import CONTROL_CHARACTERS
from kochbuch.pagecache import anonymous_page_cache


def last_modified(response, moment):
    """Set ``Last-Modified`` from a datetime (None: leave it out)."""
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())
    return response


def licence_link():
    return f'<{settings.SITE_LICENCE_URL}>; rel="license"'


def _without_control_characters(query):
    """The query without control characters (a NUL cannot even reach PostgreSQL)."""
    if not any(CONTROL_CHARACTERS.search(value) for value in query.values()):
        return query
    cleaned = query.copy()
    for key in cleaned:
        cleaned.setlist(key, [CONTROL_CHARACTERS.sub("", value) for value in cleaned.getlist(key)])
    return cleaned


def api_read(view):
    """Cache, ETag, Last-Modified and 304 for a GET endpoint (see the module docstring)."""
    cached = anonymous_page_cache(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        request.GET = _without_control_characters(request.GET)
        # A request with a token is answered afresh, so a bad or revoked token is refused
        # on reads too (a script learns at once that its key no longer works).
        answer = view if "HTTP_AUTHORIZATION" in request.META else cached
        response = answer(request, *args, **kwargs)
        if response.status_code != 200 or getattr(response, "streaming", False):
            return response
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        response["Link"] = licence_link()
        if not response.has_header("ETag"):
            set_response_etag(response)
        modified = parse_http_date_safe(response["Last-Modified"]) if response.has_header("Last-Modified") else None
        return get_conditional_response(request, etag=response["ETag"], last_modified=modified,
                                        response=response)

    return wrapper

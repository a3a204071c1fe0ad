"""Whole-page cache for anonymous readers, invalidated by any content change.

Every cached page's key contains a "content generation" number; every write that can change
what a page shows calls ``content_changed()``, which bumps it. Old entries are never read
again (they expire), so a reader never sees stale text after a save, on any app server that
shares the cache (Redis). A generation read is one cache lookup and no SQL.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "pagecache:generation"
PAGE_TTL = 60 * 60  # seconds; generations make invalidation exact, the TTL only frees memory


def content_changed():
    """Invalidate all cached pages, now and (for the other processes) after commit."""
    _bump()
    transaction.on_commit(_bump)


def _bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def _cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES  # a one-off message must not be cached
    )


def anonymous_page_cache(view):
    """Cache the view's 200 responses for anonymous readers (see the module docstring)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"pagecache:{_generation()}:{path}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        # Pages that set a CSRF cookie or show messages are personal: never share them.
        personal = request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies
        if response.status_code == 200 and not personal and not getattr(response, "streaming", False):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, response, PAGE_TTL)
        return response

    return wrapper

"""Whole-page cache for anonymous readers, invalidated by any content change.

Every cached page's key contains a "content generation" number; every write that can change
what a page shows calls ``content_changed()``, which bumps it. Old entries are never read
again (they expire), so a reader never sees stale text after a save, on any app server that
shares the cache (Redis). A generation read is one cache lookup and no SQL.

Pages are stored as plain (status, headers, bytes) and kept twice: in the shared cache, and
for a minute in the process that served them, so a hit on a long page (a recipe with 200
comments is 150 kB) costs one small Redis read for the generation instead of moving the
whole page out of Redis and unpickling it (bench/load.py). The generation is read on every
request either way, so a save through one server is visible through all the others at once.

Invalidation by a new generation leaves the old pages in the cache until their TTL ends. That
is fine for changed text, not for personal data: deleting an account calls ``pages_purge()``,
which deletes the pages of every generation (a pattern scan on Redis, a walk through the keys of
the local-memory cache).

A generation starts at the current time in nanoseconds, not at 1: should Redis lose the
counter (a restart, eviction), the new one cannot meet pages cached under an old number.
"""

import hashlib
import re
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe

GENERATION_KEY = "pagecache:generation"
PAGE_KEY_PREFIX = "pagecache:"  # + generation + ":" + path hash
PAGE_TTL = 60 * 60  # seconds; generations make invalidation exact, the TTL only frees memory
LOCAL_TTL = 60  # seconds a process keeps a page it has served (dates such as "heute" age)
# per process: enough for the pages of a burst (the 200-comment recipe is 160 kB), small beside
# the shared cache, which holds them all (worker memory, issue 13; 16 MB before)
LOCAL_MAX_BYTES = 6 * 1024 * 1024


def content_changed():
    """Invalidate all cached pages, now and (for the other processes) after commit."""
    _bump()
    transaction.on_commit(_bump)


def pages_purge():
    """Delete every cached page of every generation, now and again after commit.

    For writes that remove personal data (an account deleted): no copy of a page that showed
    it may stay in the cache, not even one that is never served again. After commit once more,
    because a reader who read the old rows during the transaction may have cached a page since.
    """
    _purge()
    transaction.on_commit(_purge)


def _purge():
    _bump()
    for local in _local_stores:
        local.clear()
    store = caches["default"]
    if isinstance(store, RedisCache):
        _purge_redis(store)
    elif isinstance(store, LocMemCache):
        _purge_locmem(store)
    else:  # a backend without a way to list keys: everything goes (rare; only on deletions)
        store.clear()


def _page_key_pattern(store):
    """The stored name of every page key (``pagecache:<generation>:<path>``), as a glob."""
    prefix = store.make_key(PAGE_KEY_PREFIX)
    return re.sub(r"([*?\[\]\\])", r"\\\1", prefix) + "[0-9]*"


def _purge_redis(store):
    client = store._cache.get_client(write=True)
    batch = []
    for key in client.scan_iter(match=_page_key_pattern(store), count=1000):
        batch.append(key)
        if len(batch) >= 500:
            client.delete(*batch)
            batch = []
    if batch:
        client.delete(*batch)


def _purge_locmem(store):
    prefix = store.make_key(PAGE_KEY_PREFIX)
    with store._lock:
        pages = [key for key in store._cache if key.startswith(prefix) and key[len(prefix):][:1].isdigit()]
        for key in pages:
            store._delete(key)


def content_changed_receiver(**signal_arguments):
    """``content_changed`` as a signal receiver (connected to the apps' write signals)."""
    content_changed()


def _bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter yet (or Redis lost it): start a new, unused range
        cache.set(GENERATION_KEY, time.time_ns(), None)


def generation(known=None) -> int:
    """The current generation: it moves on with every content change, so other caches of
    derived numbers can key on it (e.g. inbox.work). ``known``: cache values already read in
    this request (kochbuch.fragments reads the generation with the reader's own keys)."""
    found = known.get(GENERATION_KEY) if known else None
    return _generation() if found is None else found


_REQUEST_ATTRIBUTE = "_kochbuch_generation"


def seen_by(request, generation):
    """Note the generation the page caches read for ``request``: the view's own derived
    caches (the search's choices) can use it instead of asking Redis once more."""
    setattr(request, _REQUEST_ATTRIBUTE, generation)


def generation_for(request) -> int:
    """The generation this request's page cache went by, or the current one."""
    found = getattr(request, _REQUEST_ATTRIBUTE, None)
    return _generation() if found is None else found


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(GENERATION_KEY)
    return generation


class _LocalPages:
    """This process's copies of pages of the current generation, least recently used out."""

    def __init__(self, max_bytes, size=lambda page: len(page[2])):
        self.max_bytes = max_bytes
        self.size_of = size  # pages are (status, headers, bytes); fragments know their size
        self.lock = threading.Lock()  # gunicorn's gthread workers serve requests in threads
        self.generation = None
        self.pages = OrderedDict()  # path hash -> (expires, page)
        self.size = 0

    def get(self, generation, path):
        with self.lock:
            if generation != self.generation:
                if self.generation is not None and generation > self.generation:
                    self._drop()  # outdated: no need to keep them until the next put
                    self.generation = generation
                return None
            entry = self.pages.get(path)
            if entry is None or entry[0] < time.monotonic():
                return None
            self.pages.move_to_end(path)
            return entry[1]

    def clear(self):
        with self.lock:
            self._drop()

    def _drop(self):
        self.generation, self.pages, self.size = None, OrderedDict(), 0

    def put(self, generation, path, page):
        size = self.size_of(page)
        if size > self.max_bytes // 4:
            return
        with self.lock:
            if self.generation is not None and generation < self.generation:
                return  # a slow request of an outdated generation
            if generation != self.generation:  # everything older is outdated
                self.generation, self.pages, self.size = generation, OrderedDict(), 0
            old = self.pages.pop(path, None)
            if old is not None:
                self.size -= self.size_of(old[1])
            self.pages[path] = (time.monotonic() + LOCAL_TTL, page)
            self.size += size
            while self.size > self.max_bytes:
                _, (_, evicted) = self.pages.popitem(last=False)
                self.size -= self.size_of(evicted)


_local = _LocalPages(LOCAL_MAX_BYTES)
_local_stores = [_local]  # every process-local store of this generation scheme, for _purge


def local_store(max_bytes, size) -> _LocalPages:
    """A process-local store of the current generation's entries (kochbuch.fragments keeps
    the signed-in pages' fragments in one); ``pages_purge`` empties it with the pages."""
    store = _LocalPages(max_bytes, size)
    _local_stores.append(store)
    return store


def _frozen(response):
    return response.status_code, list(response.items()), response.content


def _validators(response):
    """What lets browsers and a reverse proxy keep a shared page (set once, stored with it).

    ``ETag`` is a hash of the bytes, so a page that a change elsewhere left as it was still
    answers 304; ``Last-Modified`` is when it was rendered. Browsers must ask again every time
    (``max-age=0``: a save shows at once), a proxy may answer from its copy for
    ``PAGE_PROXY_SECONDS`` (docs/deployment.md: an nginx micro-cache for anonymous readers).
    """
    if not response.has_header("ETag"):
        set_response_etag(response)
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_PROXY_SECONDS)


def _conditional(request, response):
    """304 Not Modified for a reader who has this page already (If-None-Match, If-Modified-Since)."""
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=parse_http_date_safe(response["Last-Modified"]),
        response=response)


def _thawed(page):
    """A new response for every reader: middleware adds its headers to it."""
    status, headers, content = page
    return HttpResponse(content, status=status, headers=dict(headers))


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
        generation = _generation()
        if generation is None:  # the cache is unreachable (kochbuch/cache.py): serve uncached
            return view(request, *args, **kwargs)
        page = _local.get(generation, path)
        if page is None:
            page = cache.get(f"{PAGE_KEY_PREFIX}{generation}:{path}")
            if page is not None:
                _local.put(generation, path, page)
        if page is not None:
            return _conditional(request, _thawed(page))
        seen_by(request, generation)
        response = view(request, *args, **kwargs)
        # Pages that set a CSRF cookie or show messages are personal: never share them.
        personal = request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies
        if response.status_code == 200 and not personal and not getattr(response, "streaming", False):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            _validators(response)
            page = _frozen(response)
            # Not into this process's store yet: a page enters it when asked for again (from
            # Redis), so a long tail of pages seen once (searches, rare query strings) never
            # pushes the hot pages out, nor churns the worker's heap (issue 13, worker memory).
            cache.set(f"{PAGE_KEY_PREFIX}{generation}:{path}", page, PAGE_TTL)
            return _conditional(request, response)
        return response

    return wrapper

"""Warm a fresh app process before its first visitor (called by kochbuch/wsgi.py).

Why: a new gunicorn worker used to import its views, compile its templates and set up Markdown
and the search's German word machinery while serving its first request: 4.6–5.3 s for that
visitor, 4.7 s for the first search after a start (issue 13). Now each worker does this while it
starts, before it accepts a connection, by answering a few requests to itself: the start page, a
recipe, a search, like any anonymous reader (their pages land in the page cache, where the first
visitor would have put them). They change nothing. The templates of signed-in pages are compiled
too. If the database is not up yet, the worker logs it and starts cold.

``WARMUP=0`` switches it off; ``manage.py`` commands never run it (only the WSGI entry point).
"""

import gc
import logging
import os
import re
import time
from io import BytesIO
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.db import connections
from django.template.loader import get_template
from django.urls import get_resolver

log = logging.getLogger(__name__)

PATHS = ("/", "/suche/?q=Verwaltung")
TEMPLATES = (
    "base.html", "_personal_nav.html", "_messages.html", "recipes/book.html",
    "recipes/chapter_detail.html", "recipes/recipe_detail.html", "recipes/_actions.html",
    "recipes/history.html", "recipes/version_detail.html", "recipes/compare.html",
    "recipes/recent_changes.html", "comments/_section.html", "proposals/_pending_note.html",
    "proposals/proposal_queue.html",
)


def _host():
    for host in settings.ALLOWED_HOSTS:
        if host and host != "*" and not host.startswith("."):
            return host
    return "localhost"


def _first_recipe_path(start_page) -> list[str]:
    """The first recipe the start page links to (kochbuch knows no recipes: it is below them)."""
    found = re.search(rb'href="(/rezepte/[^"/]+/)"', start_page)
    return [found.group(1).decode()] if found else []


def _get(handler, path):
    """GET ``path`` over HTTPS, as a reader behind the proxy would (built here rather than with
    django.test's RequestFactory: importing django.test costs each worker over a megabyte)."""
    path_info, _, query = path.partition("?")
    request = WSGIRequest({
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "QUERY_STRING": query,
        "PATH_INFO": unquote_to_bytes(path_info).decode("iso-8859-1"),  # as a WSGI server hands it
        "SERVER_NAME": _host(), "SERVER_PORT": "443", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": _host(), "HTTP_X_FORWARDED_PROTO": "https", "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "https", "wsgi.input": BytesIO(), "wsgi.errors": BytesIO(),
        "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    })
    return handler.get_response(request)


_fork_hook = []


def _close_connections():
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:  # (inside one only in a test's transaction)
            connection.close()


def _close_connections_before_fork():
    if not _fork_hook:  # once per process: hooks cannot be removed
        os.register_at_fork(before=_close_connections)
        _fork_hook.append(_close_connections)


def warm(handler) -> None:
    """Answer the hot pages once in this process (see the module docstring)."""
    if os.environ.get("WARMUP", "1") == "0":
        return
    started = time.monotonic()
    try:
        for name in TEMPLATES:
            get_template(name)
        # The URL patterns' reverse lookup (50 ms): the warm-up's pages come from the page cache
        # when another process put them there, and then reverse no URL at all.
        get_resolver().reverse_dict  # (built on first access)
        start_page = _get(handler, PATHS[0]).content
        for path in (*_first_recipe_path(start_page), *PATHS[1:]):
            _get(handler, path)
    except Exception:  # a worker must start even when the database is not there yet
        log.warning("Aufwärmen des Prozesses fehlgeschlagen; er startet kalt.", exc_info=True)
    # The database connection it opened stays for the process's first visitor; but with
    # ``gunicorn --preload`` this process is the master, which forks the workers, and a connection
    # (one socket) shared by forked processes would mix their queries: it is closed before every
    # fork (each worker opens its own on its first request). Redis's connection pool notices a
    # fork itself (valkey-py checks the process id).
    _close_connections_before_fork()
    # What the start-up and warm-up built (modules, compiled templates, URL patterns) lives as long
    # as the process: moved out of the collector's reach, so that collections do not write to it.
    # With --preload this keeps those pages shared copy-on-write between the workers.
    gc.collect()
    gc.freeze()
    log.info("Prozess aufgewärmt in %.0f ms", (time.monotonic() - started) * 1000)

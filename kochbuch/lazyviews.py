"""URL patterns whose view module is imported on the first request, not when the URLs load.

Why: Django imports every view module named in the URLconf when the first URL is resolved or
reversed, so each web worker holds them all. Some are heavy and many workers never serve them
(issue 13, worker memory): allauth's MFA views (``allauth.mfa.base.views``) import the WebAuthn
library fido2 and with it cryptography's Rust library, about 10 MB, although only TOTP is
configured and only people with a second factor reach them (accounts/allauth_urls.py); the API's
views bring drf-spectacular's schema machinery, about 4 MB (api/urls.py).

A lazy view carries the attributes that middleware reads from the view before calling it
(``csrf_exempt``, ``login_required`` …), declared where the pattern is written, since reading them
from the real view would import it. tests/accounts/test_allauth_urls.py and
tests/api/test_lazy_urls.py check that they are the real views' attributes;
tests/test_worker_imports.py that a fresh worker's URLs load none of these modules.
"""

import functools
from importlib import import_module

from django.urls import path


def _load(dotted: str):
    module, _, name = dotted.rpartition(".")
    return getattr(import_module(module), name)


def lazy_view(dotted: str, **attributes):
    """A view that imports ``dotted`` ("package.module.view") on its first call and calls it.

    ``attributes``: what the real view carries for middleware (``csrf_exempt=True`` …)."""

    @functools.cache
    def real():
        return _load(dotted)

    def view(request, *args, **kwargs):
        return real()(request, *args, **kwargs)

    view.__name__ = view.__qualname__ = dotted.rpartition(".")[2]
    view.__module__ = dotted.rpartition(".")[0]
    view.lazy_view_path = dotted
    view.load = real
    view.__dict__.update(attributes)
    return view


def real_view(view):
    """The view itself: a lazy view's real one (imported now), any other view as it is."""
    return view.load() if hasattr(view, "lazy_view_path") else view


def lazy_path(route: str, dotted: str, name: str, **attributes):
    return path(route, lazy_view(dotted, **attributes), name=name)

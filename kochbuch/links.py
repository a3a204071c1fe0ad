"""``link(name, *args)``: ``reverse()`` once per process for each address.

Why: Django's ``reverse`` tries the pattern's candidates with regular expressions on every call,
some 20 µs; a results page links 20 recipes, a chapter page dozens, and the same addresses
come back on every page (issue 13). The address for a name and arguments stays the same while
the URL configuration and the script prefix do, so both are part of the key, and a test's new
``ROOT_URLCONF`` empties the cache. Bounded: a book has a few hundred addresses of this kind.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=1024)
def _reversed(name, args, prefix, urlconf):
    return reverse(name, args=args, urlconf=urlconf)


def link(name: str, *args) -> str:
    """``reverse(name, args=args)`` for arguments such as slugs and ids (hashable values)."""
    return _reversed(name, args, get_script_prefix(), get_urlconf())


def _forget(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()


setting_changed.connect(_forget)

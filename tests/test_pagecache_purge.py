"""Deleting an account purges every cached page of every generation (issue 11, item 7).

A new generation stops old pages from being served; the pages themselves stay until their TTL.
For personal data that is not enough: after ``account_delete`` no cached page may still hold
the person's name, Funktion or Kommune, on the local-memory cache nor on Redis.
"""

import os
import pickle
import socket
import uuid
from urllib.parse import urlparse

import pytest
from django.core.cache import cache, caches
from django.test import override_settings
from django.urls import reverse

from accounts.privacy import account_delete
from kochbuch import pagecache
from recipes.models import Recipe
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
PERSONAL = ("Mia Muster", "Sachgebiet Digitales", "Stadt Musterstadt")


def _redis_reachable():
    address = urlparse(REDIS_URL)
    try:
        socket.create_connection((address.hostname or "127.0.0.1", address.port or 6379), timeout=1).close()
        return True
    except OSError:
        return False


def stored_pages():
    """Every cached page body in the default cache, whatever its generation."""
    store = caches["default"]
    if isinstance(store, pagecache.RedisCache):
        client = store._cache.get_client(write=False)
        keys = list(client.scan_iter(match=pagecache._page_key_pattern(store), count=1000))
        return [pickle.loads(value)[2].decode() for value in client.mget(keys) if value] if keys else []
    prefix = store.make_key(pagecache.PAGE_KEY_PREFIX)
    return [pickle.loads(value)[2].decode() for key, value in store._cache.items()
            if key.startswith(prefix) and key[len(prefix):][:1].isdigit()]


def pages_in_several_generations(client, small_book):
    """A person's comment on a recipe, its page cached in three generations and on a second page."""
    recipe = Recipe.objects.get(number="7.1.3")
    person = make_user("mia@kommune.example", role="Mitwirkende", display_name="Mia Muster",
                       funktion="Sachgebiet Digitales", institution="Stadt Musterstadt")
    make_comment(recipe, person, "Bei uns klappt das gut.")
    for _generation in range(3):
        page = client.get(recipe.get_absolute_url()).content.decode()
        assert all(detail in page for detail in PERSONAL)
        client.get(recipe.get_absolute_url() + "?seite=2")
        pagecache.content_changed()  # any later save: a new generation, the old pages stay
    client.get("/")  # a page without the person: purged all the same (its list may name them)
    return recipe, person


def assert_purged(client, recipe, person):
    before = stored_pages()
    assert len(before) >= 6 and any("Stadt Musterstadt" in page for page in before)
    account_delete(user=person)
    left = stored_pages()
    assert not [page for page in left if any(detail in page for detail in PERSONAL)]
    assert left == []  # every page could hold the data: none of any generation is kept
    page = client.get(recipe.get_absolute_url()).content.decode()  # and caching goes on
    assert "gelöschtes Konto" in page and not any(detail in page for detail in PERSONAL)
    assert len(stored_pages()) == 1


def test_deleting_an_account_purges_every_generation_from_the_local_memory_cache(client, small_book):
    recipe, person = pages_in_several_generations(client, small_book)
    assert_purged(client, recipe, person)


def test_the_purge_leaves_the_caches_other_entries_alone(client, small_book):
    recipe, person = pages_in_several_generations(client, small_book)
    cache.set("ratelimit:anmeldung:zaehler", 4)
    account_delete(user=person)
    assert cache.get("ratelimit:anmeldung:zaehler") == 4
    assert cache.get(pagecache.GENERATION_KEY) is not None


def test_the_purge_also_drops_this_processs_own_copies(client, small_book):
    recipe, person = pages_in_several_generations(client, small_book)
    client.get(recipe.get_absolute_url())
    client.get(recipe.get_absolute_url())  # asked for again: kept in the process too
    assert pagecache._local.pages
    account_delete(user=person)
    assert not pagecache._local.pages


@pytest.mark.skipif(not _redis_reachable(), reason=f"braucht Redis ({REDIS_URL})")
def test_deleting_an_account_purges_every_generation_from_redis(client, small_book):
    prefix = f"test-purge-{uuid.uuid4().hex[:8]}[*]"  # glob characters in the prefix are no wildcard
    redis_cache = {"default": {
        "BACKEND": "kochbuch.cache.ResilientRedisCache", "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix, "TIMEOUT": None,
    }}
    neighbour = {"default": {**redis_cache["default"], "KEY_PREFIX": prefix.replace("[*]", "x")}}
    try:
        with override_settings(CACHES=neighbour):  # another site on the same Redis
            cache.set(f"{pagecache.PAGE_KEY_PREFIX}1:fremd", (200, [], b"Stadt Musterstadt"))
        with override_settings(CACHES=redis_cache):
            pagecache._local.clear()
            recipe, person = pages_in_several_generations(client, small_book)
            assert_purged(client, recipe, person)
        with override_settings(CACHES=neighbour):
            assert cache.get(f"{pagecache.PAGE_KEY_PREFIX}1:fremd") is not None
    finally:
        import valkey

        connection = valkey.Valkey.from_url(REDIS_URL)
        for pattern in (pagecache.re.sub(r"([*?\[\]\\])", r"\\\1", prefix), prefix.replace("[*]", "x")):
            for key in connection.scan_iter(match=f"{pattern}:*", count=1000):
                connection.delete(key)
        connection.close()


def test_hiding_a_profile_detail_purges_it_from_every_generation(client, small_book):
    recipe, person = pages_in_several_generations(client, small_book)
    client.force_login(person)
    client.post(reverse("profile_edit"), {"display_name": "Mia Muster", "funktion": "Sachgebiet Digitales",
                                          "institution": "Stadt Musterstadt", "show_funktion": "on"})
    client.logout()
    assert not [page for page in stored_pages() if "Stadt Musterstadt" in page]
    page = client.get(recipe.get_absolute_url()).content.decode()
    assert "Sachgebiet Digitales" in page and "Stadt Musterstadt" not in page

"""A fresh app process answers its hot pages once before its first visitor (kochbuch/warmup.py)."""

import os

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.urls import clear_url_caches, get_resolver, reverse

from kochbuch.warmup import warm
from recipes.models import Recipe

pytestmark = pytest.mark.django_db


def test_warming_a_process_leaves_the_start_page_and_a_recipe_ready_for_the_first_reader(
    client, small_book, settings, django_assert_num_queries
):
    settings.ALLOWED_HOSTS = ["kochbuch.example.de", "testserver"]
    warm(WSGIHandler())
    first = Recipe.objects.order_by("sort_key").first()
    with django_assert_num_queries(0):  # both from the page cache the warm-up filled
        assert client.get(reverse("book")).status_code == 200
        assert client.get(first.get_absolute_url()).status_code == 200


def test_warming_builds_the_reverse_lookup_of_the_urls_even_when_every_page_comes_from_the_cache(
    client, small_book
):
    # The first signed-in page used to build it (50 ms) when the warm-up's pages came from the
    # page cache another process had filled (bench/load.py, first requests of fresh workers).
    warm(WSGIHandler())  # fills the page cache
    clear_url_caches()
    assert not get_resolver()._reverse_dict
    warm(WSGIHandler())  # its pages from the cache now
    assert get_resolver()._reverse_dict


def test_warming_can_be_switched_off(client, small_book, monkeypatch, django_assert_num_queries):
    monkeypatch.setenv("WARMUP", "0")
    warm(WSGIHandler())
    with django_assert_num_queries(2):  # rendered: nothing was warmed
        assert client.get(reverse("book")).status_code == 200


@pytest.mark.postgresql  # the SQLite run's in-memory database is never closed (it would be gone)
@pytest.mark.django_db(transaction=True)
def test_a_preloading_master_hands_no_database_connection_to_the_workers_it_forks(client):
    # gunicorn --preload: the master warms itself, then forks the workers; a connection shared
    # by forked processes would mix their queries, so it is closed before every fork.
    warm(WSGIHandler())
    connection.ensure_connection()
    assert connection.connection is not None
    child = os.fork()
    if child == 0:  # the "worker": nothing to do here
        os._exit(0)
    os.waitpid(child, 0)
    assert connection.connection is None
    assert client.get(reverse("book")).status_code == 200  # the next request connects anew

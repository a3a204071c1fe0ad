"""The app process frees its requests' garbage every 50 responses (kochbuch/garbage.py)."""

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from kochbuch import garbage

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def collections(monkeypatch):
    made = []
    monkeypatch.setattr(garbage.gc, "collect", lambda *args: made.append(args))
    monkeypatch.setattr(garbage, "_served", 0)
    garbage.collect_garbage_periodically()
    yield made
    garbage.stop_collecting()


@pytest.mark.django_db
def test_a_full_collection_follows_every_50th_response(client, collections):
    for _ in range(garbage.REQUESTS_PER_COLLECTION - 1):
        client.get(reverse("book"))
    assert collections == []
    client.get(reverse("book"))
    assert collections == [()]  # a full one: gc.collect() without a generation
    for _ in range(garbage.REQUESTS_PER_COLLECTION):
        client.get(reverse("book"))
    assert collections == [(), ()]


@pytest.mark.django_db
def test_without_it_a_request_leaves_garbage_that_only_the_cyclic_collector_frees(client):
    """Why it is needed: the request's own reference cycles outlive the response."""
    gc.collect()
    gc.disable()
    try:
        client.get(reverse("book"))
        assert gc.collect() > 0
    finally:
        gc.enable()


def test_the_wsgi_entry_point_switches_it_on():
    """In a process of its own, as gunicorn loads it (without the warm-up, which needs data)."""
    check = ("import kochbuch.wsgi; from django.core.signals import request_finished; "
             "print(any(key[0] == 'kochbuch.garbage' for key, *_ in request_finished.receivers))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "WARMUP": "0"}
    result = subprocess.run([sys.executable, "-c", check], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.stdout.split() == ["True"], result.stderr

"""The Redis cache backend answers "not cached" while Redis is away and forgets what changed meanwhile.

Runs against a redis-server of its own (stopped and frozen here), never the shared one.
"""

import signal
import time

import pytest
from django.core.cache.backends.base import DEFAULT_TIMEOUT

from kochbuch.cache import ResilientRedisCache
from tests.servers import RedisServer


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    if server.process is not None and server.process.poll() is None:
        server.process.send_signal(signal.SIGCONT)
    server.stop()


def make_cache(url, retry_seconds=0.5):
    return ResilientRedisCache(url, {
        "KEY_PREFIX": "faults", "TIMEOUT": None,
        "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3, "retry_seconds": retry_seconds},
    })


def test_reads_miss_and_writes_are_dropped_without_error_while_redis_is_stopped(redis_server):
    cache = make_cache(redis_server.url)
    cache.set("seite", "alt")
    assert cache.get("seite") == "alt"
    redis_server.stop()

    started = time.monotonic()
    assert cache.get("seite") is None
    assert cache.get("seite", "standard") == "standard"
    assert cache.get_many(["seite", "andere"]) == {}
    assert cache.set("seite", "neu") is None
    assert cache.add("sperre", True) is True  # allauth's rate-limit lock: granted, limits fail open
    assert cache.incr("zaehler") == 1  # our rate limits count as if from zero: they let people through
    cache.delete("seite")
    cache.delete_many(["a", "b"])
    cache.set_many({"a": 1, "b": 2})
    assert cache.has_key("seite") is False
    assert time.monotonic() - started < 2
    assert not cache.available  # later requests skip Redis at once instead of waiting


def test_after_a_failure_redis_is_skipped_until_the_retry_time_has_passed(redis_server):
    cache = make_cache(redis_server.url, retry_seconds=60)
    redis_server.stop()
    cache.get("x")
    redis_server.start()  # back, but this process does not ask again before the retry time
    assert cache.get("x", "übersprungen") == "übersprungen"
    cache._down_until = 0  # the retry time has passed
    cache.set("x", "wieder da")
    assert cache.get("x") == "wieder da"
    assert cache.available


def test_caching_resumes_by_itself_when_redis_is_back(redis_server):
    cache = make_cache(redis_server.url, retry_seconds=0.2)
    redis_server.stop()
    assert cache.get("k") is None
    redis_server.start()
    time.sleep(0.3)
    cache.set("k", "v")
    assert cache.get("k") == "v"


def test_a_frozen_redis_costs_one_socket_timeout_then_nothing(redis_server):
    cache = make_cache(redis_server.url, retry_seconds=30)
    cache.set("k", "v")
    redis_server.process.send_signal(signal.SIGSTOP)
    started = time.monotonic()
    assert cache.get("k") is None
    first = time.monotonic() - started
    started = time.monotonic()
    for _ in range(100):
        assert cache.get("k") is None
    assert first < 1.5
    assert time.monotonic() - started < 0.5


def test_keys_written_during_the_outage_are_deleted_when_redis_answers_again(redis_server):
    """A frozen Redis comes back with its old data: a session signed out and a permission
    changed during the outage must not be served from it again."""
    cache = make_cache(redis_server.url, retry_seconds=0.2)
    cache.set("sitzung", {"angemeldet": True})
    cache.set("rechte", {"review"})
    cache.set("generation", 7)
    cache.set("unberuehrt", "bleibt")
    redis_server.process.send_signal(signal.SIGSTOP)
    cache.delete("sitzung")  # signed out during the outage
    cache.set("rechte", set(), DEFAULT_TIMEOUT)  # role taken away
    cache.incr("generation")  # an edit: the page generation moves on
    redis_server.process.send_signal(signal.SIGCONT)
    time.sleep(0.3)

    assert cache.get("sitzung") is None
    assert cache.get("rechte") is None
    assert cache.get("generation") is None  # the page cache starts a new range
    assert cache.get("unberuehrt") == "bleibt"
    assert cache._pending == set()


def test_the_client_takes_djangos_options_for_its_pool_serializer_and_parser(redis_server):
    """kochbuch.cache sets up the valkey-py client itself (Django's would import redis-py):
    the options Django documents for its Redis cache keep working, as classes or dotted paths."""
    cache = ResilientRedisCache(redis_server.url, {"KEY_PREFIX": "optionen", "OPTIONS": {
        "pool_class": "valkey.BlockingConnectionPool",
        "serializer": "django.core.cache.backends.redis.RedisSerializer",
        "parser_class": "valkey.connection._RESP2Parser",
        "socket_timeout": 0.5,
    }})
    cache.set("seite", {"titel": "Posteingang"})
    assert cache.get("seite") == {"titel": "Posteingang"}
    client = cache._cache.get_client(write=True)
    pool = client.connection_pool
    assert type(pool).__name__ == "BlockingConnectionPool"
    assert pool.connection_kwargs["socket_timeout"] == 0.5
    assert pool.connection_kwargs["parser_class"].__name__ == "_RESP2Parser"
    assert client is cache._cache.get_client(write=True)  # one client per pool, reused

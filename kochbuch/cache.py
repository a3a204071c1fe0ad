"""Django's Redis cache, made so that a Redis outage slows the site down instead of breaking it.

Everything the site keeps in the cache can be computed again (rendered Markdown, pages, the
link index, permissions) or lives in the database as well (``cached_db`` sessions), so when
Redis does not answer, a read is a miss and a write is dropped. Rate limits fail open: ``add``
(allauth's lock) succeeds and ``incr`` counts from zero, so nobody is refused a sign-in or a
comment because Redis is away (the limits are back with Redis).


- short socket timeouts (``CACHE_CONNECT_TIMEOUT``, ``CACHE_SOCKET_TIMEOUT``) bound the wait;
- after a failure the cache is "open" for ``CACHE_RETRY_SECONDS``: requests skip Redis at once
  instead of each waiting for a timeout; then one request tries again;
- a write that could not reach Redis (a set, a delete, an increment) leaves its key behind in
  this process; when Redis answers again, those keys are deleted first. Otherwise Redis would
  hand out what it held before the outage: a session signed out since, a permission revoked
  since, the page generation from before an edit (``kochbuch.pagecache``).

Keys lost by a process that ends during the outage are not deleted; the page cache's own
timeouts and the session's database copy bound what that costs (docs/deployment.md).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient, RedisSerializer
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

_MAX_PENDING = 10_000  # keys to delete on recovery, per process


def _redis_errors():
    import valkey

    return (valkey.exceptions.ConnectionError, valkey.exceptions.TimeoutError)


class _ReusedClients(RedisCacheClient):
    """Django's Redis client with two changes.

    It talks to Redis through valkey-py, not redis-py: the same client (valkey-py is the fork of
    redis-py 5 kept by the Valkey project, for Redis and Valkey servers alike), without what
    redis-py 8 loads with every import (its asyncio client, cluster and observability code):
    3.3 MB less in every web worker (issue 13, worker memory). Django's ``__init__`` imports
    redis-py, so this one sets the same attributes itself.

    Django builds a new client for every command, and each copies its table of some 170 response
    callbacks: a third of a millisecond per signed-in page, which asks Redis four times
    (session, generation, permissions, unread count). One client per connection pool does the
    same work (it is thread-safe; the pool notices a fork)."""

    def __init__(self, servers, serializer=None, pool_class=None, parser_class=None, **options):
        import valkey

        self._lib = valkey
        self._servers = servers
        self._pools = {}
        self._client = valkey.Valkey
        self._pool_class = import_string(pool_class) if isinstance(pool_class, str) else (
            pool_class or valkey.ConnectionPool)
        if isinstance(serializer, str):
            serializer = import_string(serializer)
        self._serializer = (serializer() if callable(serializer) else serializer) or RedisSerializer()
        if isinstance(parser_class, str):
            parser_class = import_string(parser_class)
        self._pool_options = {"parser_class": parser_class or valkey.connection.DefaultParser, **options}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_kochbuch_clients", {})
        client = clients.get(index)
        if client is None:
            client = clients[index] = self._client(connection_pool=self._get_connection_pool(index))
        return client


class ResilientRedisCache(RedisCache):
    """A RedisCache that answers "not cached" while Redis is unreachable (module docstring).

    OPTIONS: ``retry_seconds`` (how long to skip Redis after a failure) on top of the
    client's connection options (``socket_timeout``, ``socket_connect_timeout`` …).
    """

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("retry_seconds", 5))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = _ReusedClients
        self._errors = _redis_errors()
        self._lock = threading.Lock()
        self._down_until = 0.0  # monotonic time until which Redis is skipped
        self._failed = False  # a failure was seen and Redis has not answered since
        self._pending = set()  # full keys whose writes did not arrive
        self._overflow = False

    # --- state ----------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """False while Redis is skipped after a failure."""
        return time.monotonic() >= self._down_until

    def _remember(self, keys):
        for key in keys:
            if len(self._pending) < _MAX_PENDING:
                self._pending.add(key)
            else:
                self._overflow = True

    def _fail(self, operation, error, keys=()):
        with self._lock:
            first = not self._failed
            self._failed = True
            self._down_until = time.monotonic() + self.retry_seconds
            self._remember(keys)
        if first:
            logger.error("Redis nicht erreichbar (%s: %s); die Seiten werden ohne Cache ausgeliefert.",
                         operation, error)

    def _recover(self):
        """Before the first operation after a failure: delete what was written meanwhile."""
        with self._lock:
            if not self._failed:
                return
            pending, overflow = list(self._pending), self._overflow
        if pending:
            self._cache.delete_many(pending)  # raises while Redis is still away
        with self._lock:
            self._pending.difference_update(pending)
            self._failed = self._overflow = False
        if overflow:
            logger.error("Redis wieder erreichbar; mehr als %s Schlüssel konnten nicht "
                         "erneuert werden und laufen erst mit ihrer Zeit ab.", _MAX_PENDING)
        else:
            logger.warning("Redis wieder erreichbar; %s während des Ausfalls geänderte "
                           "Schlüssel wurden gelöscht.", len(pending))

    def _call(self, operation, default, call, write_keys=()):
        if not self.available:
            if write_keys:
                with self._lock:
                    self._remember(write_keys)
            return default
        try:
            self._recover()
            return call()
        except self._errors as error:
            self._fail(operation, error, write_keys)
            return default

    def _full(self, key, version):
        return self.make_and_validate_key(key, version=version)

    # --- the cache API ----------------------------------------------------------------------

    def get(self, key, default=None, version=None):
        return self._call("get", default, lambda: super(ResilientRedisCache, self).get(key, default, version))

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, lambda: super(ResilientRedisCache, self).get_many(keys, version))

    def has_key(self, key, version=None):
        return self._call("has_key", False, lambda: super(ResilientRedisCache, self).has_key(key, version))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
                          [self._full(key, version)])

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # True while Redis is away: a lock taken with add (allauth's rate limits) is granted,
        # so limits let people through instead of refusing every sign-in.
        return self._call("add", True, lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
                          [self._full(key, version)])

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
                          [self._full(key, version)])

    def delete(self, key, version=None):
        return self._call("delete", False, lambda: super(ResilientRedisCache, self).delete(key, version),
                          [self._full(key, version)])

    def incr(self, key, delta=1, version=None):
        # While Redis is away, count as if from zero: rate limits let people through.
        return self._call("incr", delta, lambda: super(ResilientRedisCache, self).incr(key, delta, version),
                          [self._full(key, version)])

    def decr(self, key, delta=1, version=None):
        return self._call("decr", 0, lambda: super(ResilientRedisCache, self).decr(key, delta, version),
                          [self._full(key, version)])

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        data = dict(data)
        return self._call("set_many", list(data),
                          lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
                          [self._full(key, version) for key in data])

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._call("delete_many", None,
                          lambda: super(ResilientRedisCache, self).delete_many(keys, version),
                          [self._full(key, version) for key in keys])

    def clear(self):
        return self._call("clear", False, lambda: super(ResilientRedisCache, self).clear())

"""Redis stopped under a running site: pages keep answering uncached, sign-in works, caching resumes.

gunicorn (two sync workers, the default timeout) on a database of its own on the suite's
PostgreSQL, with a redis-server of its own that the test stops and starts again; the shared
Redis is never touched. Runs when the suite runs on PostgreSQL and redis-server is installed;
skipped otherwise (failing under REQUIRE_POSTGRES=1 / REQUIRE_REDIS=1).
"""

import time
import uuid

import pytest

from tests.factories import PASSWORD
from tests.servers import (
    Browser,
    Gunicorn,
    RedisServer,
    setup_book,
    shared_postgres_database,
    site_env,
)

# gunicorn workers on PostgreSQL, as in production, through a fault; skipped in the SQLite run.
pytestmark = pytest.mark.postgresql


@pytest.fixture
def site():
    redis = RedisServer()
    with shared_postgres_database("redisfault") as database_url:
        prefix = f"fault-{uuid.uuid4().hex[:8]}"
        env = site_env(DATABASE_URL=database_url, REDIS_URL=redis.url, CACHE_KEY_PREFIX=prefix,
                       CACHE_RETRY_SECONDS="1", CACHE_SOCKET_TIMEOUT="0.5", CACHE_CONNECT_TIMEOUT="0.5")
        redis.start()
        server = None
        try:
            from tests.servers import manage

            manage(env, "migrate", "--noinput", "-v0")
            pk, slug = setup_book(env)
            server = Gunicorn(env, workers=2)
            yield {"server": server, "redis": redis, "pk": pk, "slug": slug, "prefix": prefix}
        finally:
            if server is not None:
                server.stop()
            redis.stop()


def redis_keys(redis, prefix):
    import valkey

    client = valkey.Valkey.from_url(redis.url)
    try:
        return [key.decode() for key in client.scan_iter(match=f"{prefix}:*")]
    finally:
        client.close()


def timed(browser, path, form=None):
    started = time.monotonic()
    status, headers, content = browser.request(path, form)
    return status, headers, content, time.monotonic() - started


def test_pages_sign_in_and_writes_keep_working_while_redis_is_down(site):
    server, redis, slug = site["server"], site["redis"], site["slug"]
    recipe_url = f"/rezepte/{slug}/"
    reader = Browser(server.port)
    mia = Browser(server.port)
    assert mia.sign_in("mia@kommune.example", PASSWORD) == "/"
    for _ in range(2):
        assert reader.request(recipe_url)[0] == 200
        assert "Mia Muster" in mia.request(recipe_url)[2]
    assert any(":pagecache:" in key for key in redis_keys(redis, site["prefix"]))
    workers = server.worker_pids()

    redis.stop()
    slowest = 0.0
    for _ in range(4):  # both workers meet the outage
        status, _, content, seconds = timed(reader, recipe_url)
        assert status == 200 and "Der Posteingang wird gescannt." in content
        status, _, content, seconds_signed_in = timed(mia, recipe_url)
        assert status == 200 and "Mia Muster" in content  # the session comes from the database
        slowest = max(slowest, seconds, seconds_signed_in)
    assert slowest < 5

    # Signing in and out and writing still work: sessions and rate limits fall back.
    omar = Browser(server.port)
    assert omar.sign_in("omar@kommune.example", PASSWORD) == "/"
    assert "Omar Ortmann" in omar.request("/")[2]
    omar.request(recipe_url)
    status, headers, content = omar.request(f"/kommentare/neu/rezept/{site['pk']}/",
                                            {"body": "Geschrieben, während Redis stand."})
    assert status == 302, content[:2000]
    assert "Geschrieben, während Redis stand." in reader.request(recipe_url)[2]  # uncached: fresh
    status, _, _ = omar.request("/konto/logout/", {})
    assert status == 302
    status, headers, _ = omar.request("/profil/")
    assert status == 302 and headers["Location"].startswith("/konto/login/")

    # Redis back (empty, as after a restart): caching resumes by itself, for the same workers.
    redis.start()
    time.sleep(1.5)  # CACHE_RETRY_SECONDS
    for _ in range(4):
        assert reader.request(recipe_url)[0] == 200
        assert "Mia Muster" in mia.request(recipe_url)[2]
    keys = redis_keys(redis, site["prefix"])
    assert any(":pagecache:" in key for key in keys), keys
    assert any("sessions" in key for key in keys), keys
    assert "Geschrieben, während Redis stand." in reader.request(recipe_url)[2]
    assert server.worker_pids() == workers
    log = server.output()
    assert "Traceback" not in log and "WORKER TIMEOUT" not in log, log[-3000:]
    assert "Redis nicht erreichbar" in log and "Redis wieder erreichbar" in log

"""PostgreSQL restarted under load: a German 503 meanwhile, nothing half-written, the same workers recover.

A PostgreSQL instance of its own (initdb in a temp folder, a free port) and a redis-server of
its own serve gunicorn with two sync workers; readers and a commenter keep sending requests
while the database is stopped (``pg_ctl stop -m fast``: open connections are cut) and started
again. The shared PostgreSQL and Redis are never touched. Runs when the suite runs on
PostgreSQL and the server programs are installed; skipped otherwise (failing under
REQUIRE_POSTGRES=1 / REQUIRE_REDIS=1).
"""

import threading
import time
import uuid
from collections import Counter

import pytest
from django.db import connection

from tests.factories import PASSWORD
from tests.servers import (
    Browser,
    Gunicorn,
    PostgresCluster,
    RedisServer,
    manage,
    run_python,
    setup_book,
    site_env,
    skip_or_fail,
)

# gunicorn workers on PostgreSQL, as in production, through a fault; skipped in the SQLite run.
pytestmark = pytest.mark.postgresql


COUNT = """
import json
from comments.models import Comment
from search.models import SearchDocument
comments = Comment.objects.filter(body__startswith="Unter Last {marker}")
print("COUNT " + json.dumps({{
    "stored": sorted(comments.values_list("body", flat=True)),
    "unindexed": sorted(comments.exclude(pk__in=SearchDocument.objects.filter(comment__isnull=False)
                                         .values("comment_id")).values_list("body", flat=True)),
}}))
"""


@pytest.fixture
def site():
    if connection.vendor != "postgresql":
        skip_or_fail("läuft mit der PostgreSQL-Testsuite (DATABASE_URL)", "REQUIRE_POSTGRES")
    cluster = PostgresCluster()
    redis = RedisServer()
    server = None
    try:
        cluster.start()
        cluster.psql("CREATE DATABASE kochbuch_fault")
        redis.start()
        env = site_env(DATABASE_URL=f"{cluster.url_base}/kochbuch_fault", REDIS_URL=redis.url,
                       CACHE_KEY_PREFIX=f"fault-{uuid.uuid4().hex[:8]}", DB_CONNECT_TIMEOUT="2",
                       COMMENTS_RATE_LIMIT="100000/m")
        manage(env, "migrate", "--noinput", "-v0")
        pk, slug = setup_book(env)
        server = Gunicorn(env, workers=2)
        yield {"server": server, "cluster": cluster, "env": env, "pk": pk, "slug": slug}
    finally:
        if server is not None:
            server.stop()
        redis.stop()
        cluster.remove()


class Load:
    """Readers and a commenter in threads until stopped; every answer is recorded."""

    def __init__(self, site, marker):
        self.site, self.marker = site, marker
        self.stop = threading.Event()
        self.answers = []  # (kind, status, body)
        self.sent = {}  # comment text -> status
        self.lock = threading.Lock()
        port = site["server"].port
        self.reader = Browser(port)
        self.reader.sign_in("mia@kommune.example", PASSWORD)
        self.writer = Browser(port)
        self.writer.sign_in("omar@kommune.example", PASSWORD)
        self.writer.request(f"/rezepte/{site['slug']}/")
        self.threads = [threading.Thread(target=self.read, daemon=True),
                        threading.Thread(target=self.read, daemon=True),
                        threading.Thread(target=self.write, daemon=True)]

    def record(self, kind, status, body):
        with self.lock:
            self.answers.append((kind, status, body))

    def read(self):
        while not self.stop.wait(0.02):
            status, _, body = self.reader.request(f"/rezepte/{self.site['slug']}/", timeout=40)
            self.record("read", status, body)

    def write(self):
        number = 0
        while not self.stop.wait(0.05):
            number += 1
            text = f"Unter Last {self.marker} Nummer {number}"
            status, _, body = self.writer.request(f"/kommentare/neu/rezept/{self.site['pk']}/", {"body": text},
                                                  timeout=40)
            self.sent[text] = status
            self.record("write", status, body)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def test_a_restart_of_postgresql_gives_503_meanwhile_and_the_same_workers_recover(site):
    server, cluster = site["server"], site["cluster"]
    workers = server.worker_pids()
    marker = uuid.uuid4().hex[:8]
    with Load(site, marker) as load:
        time.sleep(2)
        cluster.stop()  # "fast": every open connection is cut, as by a restart or failover
        time.sleep(3)
        cluster.start()
        time.sleep(4)

    statuses = Counter((kind, status) for kind, status, _ in load.answers)
    assert {status for _, status, _ in load.answers} <= {200, 302, 503}, statuses
    unavailable = [body for _, status, body in load.answers if status == 503]
    assert unavailable, statuses  # some requests met the stopped database
    assert all("Das Kochbuch ist kurz nicht erreichbar" in body for body in unavailable)
    assert statuses[("read", 200)] and statuses[("write", 302)], statuses

    # The same worker processes serve again, without a restart, signed in and writing.
    for _ in range(6):
        status, _, body = load.reader.request(f"/rezepte/{site['slug']}/")
        assert status == 200 and "Mia Muster" in body
    status, _, _ = load.writer.request(f"/kommentare/neu/rezept/{site['pk']}/",
                                       {"body": f"Unter Last {marker} danach"})
    assert status == 302
    assert server.worker_pids() == workers
    assert "WORKER TIMEOUT" not in server.output()

    # Nothing half-written: every confirmed comment is stored with its search entry; none
    # stored that was never sent; a comment answered 503 is there completely or not at all.
    import json

    output = run_python(site["env"], COUNT.format(marker=marker))
    counted = json.loads(next(line for line in output.splitlines() if line.startswith("COUNT "))[6:])
    stored = set(counted["stored"])
    confirmed = {text for text, status in load.sent.items() if status == 302} | {f"Unter Last {marker} danach"}
    assert confirmed <= stored
    assert stored <= set(load.sent) | {f"Unter Last {marker} danach"}
    assert counted["unindexed"] == []

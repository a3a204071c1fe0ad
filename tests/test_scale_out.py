"""Two app servers share everything a reader or editor can notice: sessions, caches, print PDFs.

Two gunicorn instances run on different ports against one PostgreSQL database (created and
migrated here), one Redis and one MEDIA_ROOT, as behind a load balancer. What is done through
the one must show through the other at once:

- a sign-in (password and second factor) through A is valid on B, a sign-out through B ends
  it on A;
- an editor's change through A is on B's anonymous (cached) recipe page at the next request;
- an edition published through A and printed by the background worker is downloaded from B.

Runs when the suite runs on PostgreSQL and Redis is reachable (REDIS_URL, or 127.0.0.1:6379);
otherwise skipped, except under REQUIRE_REDIS=1 (CI), where a missing Redis fails.
"""

import datetime
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest
from django.db import connection

# Several app servers on one PostgreSQL database, as in production; skipped in the SQLite run.
pytestmark = pytest.mark.postgresql


ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
OLD_TEXT = "Der Posteingang wird gescannt."
NEW_TEXT = "Der Posteingang wird seit 2026 digital verteilt."

SETUP = f"""
import django
django.setup()
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from accounts.roles import REDAKTION
from tests.factories import make_recipe, make_user

make_recipe("7.1", "Bausteine", "Zwölf Bausteine.")
recipe = make_recipe("7.1.3", "Eingangsbearbeitung", "## Posteingang\\n\\n{OLD_TEXT}")
editor = make_user("rita@kommune.example", role=REDAKTION, display_name="Rita Redaktion")
secret = Authenticator.objects.get(user=editor, type="totp").data["secret"]
print("SETUP", recipe.slug, get_adapter().decrypt(secret))
"""


def _redis_reachable():
    address = urlparse(REDIS_URL)
    try:
        socket.create_connection((address.hostname or "127.0.0.1", address.port or 6379), timeout=1).close()
        return True
    except OSError:
        return False


def _skip_or_fail_without_redis():
    if connection.vendor != "postgresql":
        pytest.skip("braucht PostgreSQL (DATABASE_URL), wie der Betrieb mit mehreren App-Servern")
    if not _redis_reachable():
        message = f"braucht Redis ({REDIS_URL}), den gemeinsamen Cache mehrerer App-Server"
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(message)
        pytest.skip(message)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _database():
    """A database of its own (the test database is in use by this process), dropped after."""
    import psycopg2

    settings = connection.settings_dict
    name = f"{settings['NAME']}_scaleout"
    server = {"user": settings["USER"] or None, "password": settings["PASSWORD"] or None,
              "host": settings["HOST"] or None, "port": settings["PORT"] or None}

    def admin(statement):
        admin_connection = psycopg2.connect(dbname="postgres", **server)
        admin_connection.autocommit = True
        with admin_connection.cursor() as cursor:
            cursor.execute(statement)
        admin_connection.close()

    admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin(f"CREATE DATABASE {name}")
    credentials = f"{settings['USER']}:{settings['PASSWORD']}@" if settings["PASSWORD"] else f"{settings['USER']}@"
    try:
        yield f"postgres://{credentials}{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}/{name}"
    finally:
        admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _run(command, env, timeout):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


class Server:
    """One gunicorn instance (a single worker is enough: the point is two processes)."""

    def __init__(self, env, name):
        self.port = _free_port()
        self.name = name
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kochbuch.wsgi", "--workers", "1",
             "--bind", f"127.0.0.1:{self.port}", "--access-logfile", "-", "--error-logfile", "-"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self, deadline):
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn {self.name} beendet:\n{self.output()}"
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"gunicorn {self.name} startet nicht:\n{self.output()}")

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-3000:]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class Browser:
    """One person's cookies, sent to whichever instance a request goes to (as a load balancer
    would). No redirects are followed, so every answer can be checked."""

    def __init__(self):
        self.cookies = {}

    def request(self, server, path, form=None):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        client = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        client.request("POST" if form is not None else "GET", path, body, headers)
        response = client.getresponse()
        content = response.read()
        client.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value or morsel.value == '""':
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def page(self, server, path):
        status, _, content = self.request(server, path)
        assert status == 200, (server.name, path, status)
        return content.decode()

    def post(self, server, path, form):
        self.request(server, path)  # the form page sets the CSRF cookie
        status, headers, content = self.request(server, path, form)
        assert status == 302, (server.name, path, status, content.decode()[:2000])
        return headers["Location"]


def _totp_code(secret):
    """What the editor's authenticator app shows now."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


@pytest.fixture
def two_servers():
    _skip_or_fail_without_redis()
    prefix = f"scaleout-{uuid.uuid4().hex[:12]}"
    media = tempfile.mkdtemp(prefix="kochbuch-media-")
    servers = []
    with _database() as database_url:
        env = {
            **os.environ, "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "tests.settings",  # plain static files: no collectstatic
            "REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix, "MEDIA_ROOT": media,
            "SECRET_KEY": "scale-out-test-secret-key-0123456789-abcdefghijklmnop", "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "PRINT_REBUILD_ON_SAVE": "0",  # the worker builds the edition's PDF only
        }
        for name in ("TEST_DB_NAME", "TASKS_BACKEND"):  # the database queue, as in production
            env.pop(name, None)
        try:
            _run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env, timeout=120)
            line = next(line for line in _run([sys.executable, "-c", SETUP], env, timeout=60).splitlines()
                        if line.startswith("SETUP"))
            _, slug, secret = line.split()
            servers = [Server(env, "A"), Server(env, "B")]
            deadline = time.monotonic() + 30
            for server in servers:
                server.wait_until_ready(deadline)
            yield {"a": servers[0], "b": servers[1], "env": env, "slug": slug, "secret": secret}
        finally:
            for server in servers:
                server.stop()
            shutil.rmtree(media, ignore_errors=True)
            _forget_redis_keys(prefix)


def _forget_redis_keys(prefix):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)
    client.close()


def _sign_in(browser, server, email, secret):
    location = browser.post(server, "/konto/login/", {"login": email, "password": "Sichere-Passphrase-2026"})
    assert location == "/konto/2fa/authenticate/", location
    browser.post(server, location, {"code": _totp_code(secret)})


def test_two_app_servers_share_sessions_page_cache_and_print_files(two_servers):
    a, b, slug = two_servers["a"], two_servers["b"], two_servers["slug"]
    recipe_url = f"/rezepte/{slug}/"
    reader = Browser()
    assert OLD_TEXT in reader.page(b, recipe_url)
    assert OLD_TEXT in reader.page(b, recipe_url)  # now from B's cache (Redis and B's memory)

    # Sessions: signed in through A (password, then the second factor), known to B.
    editor = Browser()
    _sign_in(editor, a, "rita@kommune.example", two_servers["secret"])
    assert 'value="Rita Redaktion"' in editor.page(b, "/profil/")

    # Page cache: the edit through A reaches B's anonymous readers with the next request.
    form = editor.page(a, f"/rezepte/{slug}/bearbeiten/")
    base_version = re.search(r'name="base_version" value="(\d+)"', form).group(1)
    editor.post(a, f"/rezepte/{slug}/bearbeiten/", {
        "title": "Eingangsbearbeitung", "body": f"## Posteingang\n\n{NEW_TEXT}",
        "comment": "Digitaler Posteingang", "base_version": base_version, "save": "",
    })
    page = reader.page(b, recipe_url)
    assert NEW_TEXT in page and OLD_TEXT not in page

    # Print files: published through A, laid out by the worker, downloaded from B.
    editor.post(a, "/ausgaben/neu/", {"name": "Ausgabe 2030", "date": datetime.date.today().isoformat()})
    status, _, _ = reader.request(b, "/ausgaben/2030/kochbuch-2030.pdf")
    assert status == 202  # queued: the reader is asked to come back
    _run([sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"], two_servers["env"],
         timeout=120)
    status, headers, content = reader.request(b, "/ausgaben/2030/kochbuch-2030.pdf")
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert content.startswith(b"%PDF-")

    # Signing out through B ends the session on A too, even for a copy of the old cookie.
    copy = Browser()
    copy.cookies = dict(editor.cookies)
    editor.post(b, "/konto/logout/", {})
    status, headers, _ = copy.request(a, "/profil/")
    assert status == 302 and headers["Location"].startswith("/konto/login/")

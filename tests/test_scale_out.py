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
import os
import re
import shutil
import socket
import tempfile
import time
import uuid
from urllib.parse import urlparse

import pytest
from django.db import connection

from tests.factories import PASSWORD
from tests.servers import Browser, Gunicorn, manage, run_python, shared_postgres_database, site_env

# Several app servers on one PostgreSQL database, as in production; skipped in the SQLite run.
pytestmark = pytest.mark.postgresql


REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
OLD_TEXT = "Der Posteingang wird gescannt."
NEW_TEXT = "Der Posteingang wird seit 2026 digital verteilt."

SETUP = f"""
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


def _page(browser, server, path):
    status, _, content = browser.fetch(server.port, path)
    assert status == 200, (server.port, path, status)
    return content.decode()


def _post(browser, server, path, form):
    browser.fetch(server.port, path)  # the form page sets the CSRF cookie
    status, headers, content = browser.fetch(server.port, path, form)
    assert status == 302, (server.port, path, status, content.decode()[:2000])
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
    with shared_postgres_database("scaleout") as database_url:
        # The database queue, as in production; the worker builds the edition's PDF only.
        env = site_env(DATABASE_URL=database_url, REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=prefix,
                       MEDIA_ROOT=media)
        try:
            manage(env, "migrate", "--noinput", "-v0", timeout=120)
            line = next(line for line in run_python(env, SETUP, timeout=60).splitlines()
                        if line.startswith("SETUP"))
            _, slug, secret = line.split()
            servers = [Gunicorn(env, workers=1), Gunicorn(env, workers=1)]  # two processes
            yield {"a": servers[0], "b": servers[1], "env": env, "slug": slug, "secret": secret}
        finally:
            for server in servers:
                server.stop()
            shutil.rmtree(media, ignore_errors=True)
            _forget_redis_keys(prefix)


def _forget_redis_keys(prefix):
    import valkey

    client = valkey.Valkey.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)
    client.close()


def _sign_in(browser, server, email, secret):
    location = _post(browser, server, "/konto/login/", {"login": email, "password": PASSWORD})
    assert location == "/konto/2fa/authenticate/", location
    _post(browser, server, location, {"code": _totp_code(secret)})


def test_two_app_servers_share_sessions_page_cache_and_print_files(two_servers):
    a, b, slug = two_servers["a"], two_servers["b"], two_servers["slug"]
    recipe_url = f"/rezepte/{slug}/"
    reader = Browser()
    assert OLD_TEXT in _page(reader, b, recipe_url)
    assert OLD_TEXT in _page(reader, b, recipe_url)  # now from B's cache (Redis and B's memory)

    # Sessions: signed in through A (password, then the second factor), known to B.
    editor = Browser()
    _sign_in(editor, a, "rita@kommune.example", two_servers["secret"])
    assert 'value="Rita Redaktion"' in _page(editor, b, "/profil/")

    # Page cache: the edit through A reaches B's anonymous readers with the next request.
    form = _page(editor, a, f"/rezepte/{slug}/bearbeiten/")
    base_version = re.search(r'name="base_version" value="(\d+)"', form).group(1)
    _post(editor, a, f"/rezepte/{slug}/bearbeiten/", {
        "title": "Eingangsbearbeitung", "body": f"## Posteingang\n\n{NEW_TEXT}",
        "comment": "Digitaler Posteingang", "base_version": base_version, "save": "",
    })
    page = _page(reader, b, recipe_url)
    assert NEW_TEXT in page and OLD_TEXT not in page

    # Print files: published through A, laid out by the worker, downloaded from B.
    _post(editor, a, "/ausgaben/neu/", {"name": "Ausgabe 2030", "date": datetime.date.today().isoformat()})
    status, _, _ = reader.fetch(b.port, "/ausgaben/2030/kochbuch-2030.pdf")
    assert status == 202  # queued: the reader is asked to come back
    manage(two_servers["env"], "db_worker", "--batch", "--no-startup-delay", timeout=120)
    status, headers, content = reader.fetch(b.port, "/ausgaben/2030/kochbuch-2030.pdf")
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert content.startswith(b"%PDF-")

    # Signing out through B ends the session on A too, even for a copy of the old cookie.
    copy = Browser()
    copy.cookies = dict(editor.cookies)
    _post(editor, b, "/konto/logout/", {})
    status, headers, _ = copy.fetch(a.port, "/profil/")
    assert status == 302 and headers["Location"].startswith("/konto/login/")

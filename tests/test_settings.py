"""The one settings file, configured by environment variables (each case in a fresh process)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'db': settings.DATABASES['default']['ENGINE'], "
    "'db_name': settings.DATABASES['default']['NAME'], "
    "'db_options': settings.DATABASES['default'].get('OPTIONS', {}), "
    "'cache': settings.CACHES['default']['BACKEND'], 'debug': settings.DEBUG, "
    "'email': settings.EMAIL_BACKEND, 'email_host': getattr(settings, 'EMAIL_HOST', ''), "
    "'email_tls': getattr(settings, 'EMAIL_USE_TLS', False), 'hsts': settings.SECURE_HSTS_SECONDS, "
    "'hosts': settings.ALLOWED_HOSTS, 'secure_cookies': settings.SESSION_COOKIE_SECURE}))"
)


def load_settings(**env):
    clean = {key: value for key, value in os.environ.items()
             if key not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "EMAIL_HOST", "DEBUG", "SECRET_KEY"}}
    clean.update(DJANGO_SETTINGS_MODULE="kochbuch.settings", **env)
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=clean,
                            capture_output=True, text=True, timeout=60)
    if result.returncode:
        return {"error": result.stderr}
    return json.loads(result.stdout)


def test_laptop_defaults_are_sqlite_local_memory_console_mail_and_no_debug():
    settings = load_settings(SECRET_KEY="x")
    assert settings["db"] == "django.db.backends.sqlite3"
    assert settings["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings["email"] == "django.core.mail.backends.console.EmailBackend"
    assert settings["debug"] is False


def test_without_secret_key_only_debug_starts():
    assert "SECRET_KEY fehlt" in load_settings()["error"]
    assert load_settings(DEBUG="1")["debug"] is True


def test_environment_switches_to_postgresql_redis_and_smtp():
    settings = load_settings(
        SECRET_KEY="x", DATABASE_URL="postgres://kb:pw@db.example:5432/kochbuch",
        REDIS_URL="redis://127.0.0.1:6379/1", EMAIL_URL="smtp://u:p@mail.example:587/?tls=True",
        ALLOWED_HOSTS="kochbuch.example.de", SECURE_HSTS_SECONDS="31536000", SECURE_COOKIES="1",
    )
    assert settings["db"] == "django.db.backends.postgresql" and settings["db_name"] == "kochbuch"
    assert settings["cache"] == "kochbuch.cache.ResilientRedisCache"  # Django's RedisCache, fault-tolerant
    assert settings["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["email_host"] == "mail.example" and settings["email_tls"] is True
    assert settings["hosts"] == ["kochbuch.example.de"]
    assert settings["hsts"] == 31536000 and settings["secure_cookies"] is True


def test_postgresql_connections_skip_the_kerberos_attempt_unless_the_url_asks_for_it():
    """libpq's GSSAPI attempt costs each worker 1.3 MB and each new connection a detour."""
    url = "postgres://kb:pw@db.example:5432/kochbuch"
    assert load_settings(SECRET_KEY="x", DATABASE_URL=url)["db_options"]["gssencmode"] == "disable"
    own = load_settings(SECRET_KEY="x", DATABASE_URL=url + "?gssencmode=require")["db_options"]
    assert own["gssencmode"] == "require" and own["connect_timeout"] == 5


def test_smtp_by_single_variables():
    settings = load_settings(SECRET_KEY="x", EMAIL_HOST="mail.kommune.example", EMAIL_PORT="587")
    assert settings["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["email_tls"] is True


def _redis_reachable():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable() and os.environ.get("REQUIRE_REDIS") != "1",
                    reason="kein Redis auf 127.0.0.1:6379")
def test_the_redis_cache_really_stores_and_reads():
    probe = ("import django; django.setup(); from django.core.cache import cache; "
             "cache.set('probe', {'ä': 1}, 30); print(cache.get('probe')); cache.delete('probe')")
    # A key prefix of this process: parallel runs (xdist workers, both databases) share the Redis.
    env = {**os.environ, "SECRET_KEY": "x", "REDIS_URL": "redis://127.0.0.1:6379/15",
           "CACHE_KEY_PREFIX": f"kochbuch-test-{os.getpid()}", "DJANGO_SETTINGS_MODULE": "kochbuch.settings"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "{'ä': 1}", result.stderr


PRODUCTION_PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'hashers': settings.PASSWORD_HASHERS, "
    "'static': settings.STORAGES['staticfiles']['BACKEND'], 'test_db': settings.DATABASES['default'].get('TEST', {})}))"
)


def test_no_environment_switch_weakens_the_production_settings():
    """The old test switches (TESTING=1, TEST_DB_NAME) mean nothing to production settings."""
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DATABASE_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="kochbuch.settings", SECRET_KEY="x", TESTING="1",
               TEST_DB_NAME="test_anders", DATABASE_URL="postgres://kb:pw@db.example:5432/kochbuch")
    result = subprocess.run([sys.executable, "-c", PRODUCTION_PROBE], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    production = json.loads(result.stdout or "{}") or pytest.fail(result.stderr)
    assert "MD5" not in " ".join(production["hashers"])
    assert production["hashers"][0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    assert production["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert production["test_db"].get("NAME") is None


def test_the_test_settings_are_fast_and_keep_to_themselves():
    from django.conf import settings

    assert settings.SETTINGS_MODULE == "tests.settings"
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert settings.STORAGES["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert "kochbuch-test-media-" in str(settings.MEDIA_ROOT) or os.environ.get("MEDIA_ROOT")

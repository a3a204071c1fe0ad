"""Behind the reverse proxy, allauth's per-IP limits count readers, not the proxy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The address allauth's rate limits use for a request that came through our nginx
# (X-Forwarded-For: what the client claimed, then what nginx saw).
PROBE = (
    "import django; django.setup(); from django.test import RequestFactory; "
    "from allauth.core.internal.httpkit import get_client_ip; "
    "request = RequestFactory().get('/', REMOTE_ADDR='127.0.0.1', "
    "HTTP_X_FORWARDED_FOR='10.9.9.9, 203.0.113.7'); print(get_client_ip(request))"
)


def _client_ip(**env):
    clean = {key: value for key, value in os.environ.items() if key != "BEHIND_HTTPS_PROXY"}
    clean.update(DJANGO_SETTINGS_MODULE="kochbuch.settings", SECRET_KEY="x", **env)
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=clean,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_behind_the_proxy_the_address_nginx_saw_is_counted_not_what_the_client_claims():
    assert _client_ip(BEHIND_HTTPS_PROXY="1") == "203.0.113.7"


def test_without_a_proxy_forwarded_headers_are_ignored():
    assert _client_ip() == "127.0.0.1"

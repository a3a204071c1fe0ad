"""Checks on the code base itself: bandit's security scan and Django's deployment checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = [path.name for path in ROOT.iterdir() if (path / "apps.py").exists()] + ["kochbuch", "textdiff"]


def test_bandit_finds_no_medium_or_high_issue_in_the_project_code():
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-q", "-r", *APPS, "-ll", "-x", "*/migrations/*", "-f", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    findings = json.loads(result.stdout)["results"]
    assert [f"{f['filename']}:{f['line_number']} {f['test_id']} {f['issue_text']}" for f in findings] == []


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **os.environ,
        "SECRET_KEY": "a-long-production-secret-key-with-many-different-characters-0123456789",
        "DEBUG": "0", "ALLOWED_HOSTS": "kochbuch.example.de",
        "CSRF_TRUSTED_ORIGINS": "https://kochbuch.example.de", "SECURE_SSL_REDIRECT": "1",
        "SECURE_COOKIES": "1", "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1", "SECURE_HSTS_PRELOAD": "1", "BEHIND_HTTPS_PROXY": "1",
        "DJANGO_SETTINGS_MODULE": "kochbuch.settings",
    }
    env.pop("TESTING", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

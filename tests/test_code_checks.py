"""Checks on the code base itself: bandit's security scan, Django's deployment checks, requirements."""

import ast
import json
import os
import re
import subprocess
import sys
from importlib.metadata import packages_distributions
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
        "SITE_URL": "https://kochbuch.example.de", "DJANGO_SETTINGS_MODULE": "kochbuch.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _requirements(name):
    """Distribution names pinned in a requirements file (normalised), without its -r includes."""
    names = set()
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.add(re.sub(r"[-_.]+", "-", re.split(r"[\[=<>~!; ]", line)[0]).lower())
    return names


def _third_party_imports_of_the_project_code():
    """Top-level modules that the project's code (apps and kochbuch/, not tests or bench) imports."""
    imported = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    imported |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    imported.add(node.module.split(".")[0])
    return {name for name in imported if name not in sys.stdlib_module_names and name not in APPS}


def test_requirements_hold_what_runs_and_test_tools_stay_in_the_dev_requirements():
    runtime, dev_only = _requirements("requirements.txt"), _requirements("requirements-dev.txt")
    assert not runtime & dev_only
    distributions = packages_distributions()
    used = {re.sub(r"[-_.]+", "-", dist).lower()
            for module in _third_party_imports_of_the_project_code() for dist in distributions.get(module, [module])}
    assert used - runtime == set(), "vom Projektcode importiert, aber nicht in requirements.txt"
    assert used & dev_only == set(), "nur Testwerkzeug, aber vom Projektcode importiert"
    assert {"pdfplumber", "pytest", "playwright", "reportlab"} <= dev_only

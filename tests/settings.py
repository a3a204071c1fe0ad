"""Settings for the test suite: the production settings plus what makes tests fast and isolated.

pytest uses this module (pyproject.toml); tests that start the app in a child process (gunicorn,
manage.py) pass ``DJANGO_SETTINGS_MODULE=tests.settings`` on. Production (``kochbuch.settings``)
has no test switch: nothing in the environment weakens its hashing or static storage.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

from kochbuch.settings import *  # noqa: E402,F403
from kochbuch.settings import DATABASES, STORAGES  # noqa: E402

# Test users are created by the hundred; the slow production hash would dominate the run.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Plain static files: no collectstatic (and no manifest) before a test run.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# Parallel runs on one PostgreSQL server need test databases of their own (TEST_DB_NAME);
# pytest-xdist's workers add _gw0, _gw1 … to it. SQLite tests run in memory, one per process.
if os.environ.get("TEST_DB_NAME") and DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DB_NAME"]}

# Uploads and print PDFs of a test go to a folder of this process (each xdist worker has its own),
# not to var/media/; a child process that must share it gets MEDIA_ROOT from its parent.
if not os.environ.get("MEDIA_ROOT"):
    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kochbuch-test-media-"))
    atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)

# A test database need not survive a power cut: PostgreSQL may acknowledge a commit before its
# WAL reaches the disk (the transactional and browser tests commit thousands of times).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"

"""Loaded by pytest before Django (see pyproject.toml): the environment a test run needs.

The test settings themselves are tests/settings.py."""

import os

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

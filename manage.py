#!/usr/bin/env python
"""Django's command-line utility for administrative tasks.

In a development checkout, `make run` writes var/local.env (DEBUG, a generated SECRET_KEY,
SITE_URL); its values apply where the environment does not set them, so commands such as
`manage.py grant_role` just work there. A deployment sets real environment variables instead.
"""
import os
import sys
from pathlib import Path

LOCAL_ENV = Path(__file__).resolve().parent / "var" / "local.env"


def load_local_env(path=LOCAL_ENV):
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.strip().partition("=")
        if sep and name and not name.startswith("#"):
            os.environ.setdefault(name.strip(), value.strip())


def main():
    """Run administrative tasks."""
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kochbuch.settings')
    load_local_env()
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    from django.core.exceptions import ImproperlyConfigured

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A missing or wrong setting is the operator's to fix: one line, no traceback.
        sys.exit(f"Konfigurationsfehler: {error}")


if __name__ == '__main__':
    main()

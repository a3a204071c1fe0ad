"""Test databases copied from a template instead of migrated in every pytest process.

Migrating a new test database takes 6–11 s (about 90 migrations, the register of 11,000
Kommunen, the roles), and `make test` starts seven pytest processes. The first process that
needs a database migrates it as usual and keeps the result as a template; every later one
copies the template, which takes a fraction of a second:

- SQLite (in memory): the template is a file, copied in with SQLite's backup API;
- PostgreSQL: the template is a database, copied with ``CREATE DATABASE … TEMPLATE``.

The template's name carries a hash of everything that decides its contents (the migration
files of every installed app, the register's data and the code that post_migrate runs), so a
change to any of them builds a new one. A file lock lets one process build it while the others
wait for it. ``TEST_DB_TEMPLATE=0`` migrates every database as before.
"""

import contextlib
import fcntl
import hashlib
import os
import sqlite3
import tempfile
from pathlib import Path

import django
from django.apps import apps
from django.core import management
from django.db import connections

ROOT = Path(__file__).resolve().parents[1]
# What post_migrate and the data migrations read besides the migration files themselves.
CONTENT_SOURCES = ("kommunen/data", "kommunen/register.py", "kommunen/apps.py", "accounts/roles.py",
                   "accounts/signals.py")
LOCKS = Path(tempfile.gettempdir()) / "kochbuch-test-templates"
PREFIX = "kochbuch_test_template_"  # PostgreSQL's template databases
KEEP = 4  # templates kept per database engine


def template_key() -> str:
    """A hash of what the migrated database is made of."""
    digest = hashlib.sha256(django.get_version().encode())
    files = []  # (name, path): names free of where the checkout is, so worktrees share templates
    for app_config in apps.get_app_configs():
        files += [(f"{app_config.label}/{path.name}", path)
                  for path in sorted(Path(app_config.path, "migrations").glob("*.py"))]
    for source in CONTENT_SOURCES:
        path = ROOT / source
        paths = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        files += [(str(p.relative_to(ROOT)), p) for p in paths]
    for name, path in files:
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def _locked(name: str):
    LOCKS.mkdir(exist_ok=True)
    with open(LOCKS / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class _SQLiteTemplate:
    def __init__(self, connection, key):
        self.connection, self.path = connection, LOCKS / f"sqlite-{key}.sqlite3"

    def exists(self):
        return self.path.exists()

    def copy_in(self):
        self.connection.ensure_connection()
        source = sqlite3.connect(self.path)
        try:
            source.backup(self.connection.connection)
        finally:
            source.close()

    def keep(self):
        # Templates of other states of the migrations (other branches) stay, the newest few.
        for stale in sorted(LOCKS.glob("sqlite-*.sqlite3"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
            stale.unlink(missing_ok=True)
        partial = self.path.with_suffix(".partial")
        target = sqlite3.connect(partial)
        try:
            self.connection.connection.backup(target)
        finally:
            target.close()
        partial.replace(self.path)  # never a half-written template for the next process


class _PostgreSQLTemplate:
    def __init__(self, connection, key):
        self.connection, self.name = connection, f"{PREFIX}{key}"

    def _execute(self, sql, params=None):
        with self.connection.creation._nodb_cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else None

    def exists(self):
        return bool(self._execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name]))

    def copy_in(self):
        # The test database was just created empty; it is replaced by a copy of the template.
        test_name = self.connection.settings_dict["NAME"]
        quote = self.connection.ops.quote_name
        self.connection.close()
        self._execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
        self._execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(self.name)}")

    def keep(self):
        quote = self.connection.ops.quote_name
        self.connection.close()  # a template database may have no open connection
        # Templates of other states of the migrations (other branches) stay, the newest few.
        for (stale,) in self._execute("SELECT datname FROM pg_database WHERE datname LIKE %s "
                                      "ORDER BY oid DESC OFFSET %s", [f"{PREFIX}%", KEEP - 1]):
            self._execute(f"DROP DATABASE IF EXISTS {quote(stale)}")
        self._execute(f"CREATE DATABASE {quote(self.name)} TEMPLATE "
                      f"{quote(self.connection.settings_dict['NAME'])}")


TEMPLATES = {"sqlite": _SQLiteTemplate, "postgresql": _PostgreSQLTemplate}


def sqlite_template() -> Path | None:
    """The migrated SQLite template file, if one was built: a copy of it needs no migration."""
    if os.environ.get("TEST_DB_TEMPLATE") == "0":
        return None
    path = LOCKS / f"sqlite-{template_key()}.sqlite3"
    return path if path.exists() else None


def postgres_template_name() -> str | None:
    """The name the migrated PostgreSQL template has, if templates are used: a database created
    from it needs no migration (tests/servers.py checks that it exists)."""
    return None if os.environ.get("TEST_DB_TEMPLATE") == "0" else f"{PREFIX}{template_key()}"


@contextlib.contextmanager
def migrations_from_template():
    """While test databases are set up, a ``migrate`` of one copies the template instead."""
    if os.environ.get("TEST_DB_TEMPLATE") == "0":
        yield
        return
    migrate_for_real = management.call_command
    key = template_key()

    def call_command(command_name, *args, **options):
        connection = connections[options.get("database", "default")]
        template_class = TEMPLATES.get(connection.vendor)
        if command_name != "migrate" or template_class is None:
            return migrate_for_real(command_name, *args, **options)
        template = template_class(connection, key)
        with _locked(f"{connection.vendor}-{key}"):
            if template.exists():
                template.copy_in()
                return None
            result = migrate_for_real(command_name, *args, **options)
            template.keep()
            return result

    management.call_command = call_command
    try:
        yield
    finally:
        management.call_command = migrate_for_real


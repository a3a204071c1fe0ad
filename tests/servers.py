"""The site in processes of its own, for the tests that need real servers (tests/faults/,
tests/test_scale_out.py): gunicorn, a browser that keeps cookies, a database of its own on the
suite's PostgreSQL, and a Redis and a PostgreSQL of their own.

The fault tests stop and restart their own Redis and PostgreSQL; they never touch the shared
Redis or PostgreSQL that other test runs use. Each helper skips the test with its reason when a binary
is missing, and fails instead under REQUIRE_REDIS=1 / REQUIRE_POSTGRES=1 (as tests/run_suites.sh).
"""

import glob
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


def skip_or_fail(message, require):
    if os.environ.get(require) == "1":
        pytest.fail(f"{require}=1: {message}")
    pytest.skip(message)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, *, timeout, process=None, what="server"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{what} beendet (Code {process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{what} antwortet nicht auf Port {port}")


class RedisServer:
    """``redis-server`` on a free port, without persistence; ``stop()`` and ``start()`` again."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            skip_or_fail("braucht redis-server (Debian: redis-server) für den Redis-Ausfall", "REQUIRE_REDIS")
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, timeout=10, process=self.process, what="redis-server")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


def _postgres_bin():
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    found = candidates[-1] if candidates else shutil.which("pg_ctl")
    return Path(found).parent if found else None


class PostgresCluster:
    """A PostgreSQL instance of its own (initdb in a temp folder, a free port, trust auth).

    As root, PostgreSQL refuses to run: the commands then run as the ``postgres`` OS user.
    """

    def __init__(self):
        self.bin = _postgres_bin()
        if self.bin is None:
            skip_or_fail("braucht die PostgreSQL-Server-Programme (initdb, pg_ctl) für den Neustart-Test",
                         "REQUIRE_POSTGRES")
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="kochbuch-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.user_prefix = []
        if os.geteuid() == 0:
            runuser = shutil.which("runuser")
            if runuser is None:
                skip_or_fail("als root braucht der Test runuser, um PostgreSQL als Benutzer postgres zu starten",
                             "REQUIRE_POSTGRES")
            self.user_prefix = [runuser, "-u", "postgres", "--"]
            shutil.chown(self.dir, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8")

    @property
    def url_base(self):
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def _run(self, program, *args, timeout=120):
        result = subprocess.run([*self.user_prefix, str(self.bin / program), *args], capture_output=True,
                                text=True, timeout=timeout, check=False)
        assert result.returncode == 0, f"{program}: {result.stdout[-2000:]}{result.stderr[-2000:]}"

    def start(self):
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o",
                  f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self):
        self.stop()
        self.start()

    def psql(self, sql, database="postgres"):
        import psycopg2

        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall() if cursor.description else None
        finally:
            connection.close()

    def remove(self):
        try:
            self.stop(mode="immediate")
        except (AssertionError, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


def manage(env, *args, timeout=180):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=timeout, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def site_env(**values):
    """The environment of a production-like instance (no DEBUG, the database task queue)."""
    # tests.settings: production's plus plain static files (no collectstatic) and the fast hasher;
    # every process of the instance shares this test process's media folder.
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DEBUG": "0",
        "SECRET_KEY": "fault-test-secret-key-0123456789-abcdefghijklmnopqrstuv",
        "ALLOWED_HOSTS": "127.0.0.1", "PRINT_REBUILD_ON_SAVE": "0",
        "LOG_LEVEL": "WARNING", "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    for name in ("TEST_DB_NAME", "TASKS_BACKEND", "REDIS_URL"):
        env.pop(name, None)
    env.update(values)
    return env


class Gunicorn:
    """gunicorn with ``workers`` sync workers; ``worker_pids()`` tells whether they were replaced."""

    def __init__(self, env, *, workers=2, timeout=30):
        self.port = free_port()
        self.log_path = Path(tempfile.mkstemp(prefix="kochbuch-gunicorn-", suffix=".log")[1])
        self.log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kochbuch.wsgi", "--workers", str(workers),
             "--timeout", str(timeout), "--bind", f"127.0.0.1:{self.port}", "--error-logfile", "-"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, timeout=30, process=self.process, what="gunicorn")
        deadline = time.monotonic() + 30
        while len(self.worker_pids()) < workers:  # the port is bound before the workers fork
            assert time.monotonic() < deadline, f"gunicorn startet seine Worker nicht:\n{self.output()}"
            time.sleep(0.1)

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return sorted(int(pid) for pid in children.read_text().split())

    def output(self):
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        self.log_path.unlink(missing_ok=True)


class Browser:
    """One person's cookies, sent to whichever server a request goes to (as a load balancer
    would); no redirects are followed, so every answer can be checked."""

    def __init__(self, port=None):
        self.port = port
        self.cookies = {}

    def request(self, path, form=None, timeout=60):
        """A GET (a POST with ``form``) to this browser's server; the answer's text."""
        status, headers, content = self.fetch(self.port, path, form, timeout=timeout)
        return status, headers, content.decode(errors="replace")

    def fetch(self, port, path, form=None, timeout=60):
        """A GET (a POST with ``form``, with the CSRF token) to the server on ``port``; the
        answer's bytes."""
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            client.request("POST" if form is not None else "GET", path, body, headers)
            response = client.getresponse()
            content = response.read()
        finally:
            client.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value or morsel.value == '""':
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def sign_in(self, email, password):
        self.request("/konto/login/")
        status, headers, content = self.request("/konto/login/", {"login": email, "password": password})
        assert status == 302, (status, content[:2000])
        return headers["Location"]


@contextmanager
def shared_postgres_database(suffix):
    """A database of its own on the suite's PostgreSQL server (this process uses the test
    database), dropped after; yields its URL."""
    import psycopg2
    from django.db import connection

    from tests.database_template import postgres_template_name

    if connection.vendor != "postgresql":
        skip_or_fail("braucht PostgreSQL (DATABASE_URL), wie der Betrieb mit gunicorn", "REQUIRE_POSTGRES")
    settings = connection.settings_dict
    name = f"{settings['NAME']}_{suffix}"
    server = {"user": settings["USER"] or None, "password": settings["PASSWORD"] or None,
              "host": settings["HOST"] or None, "port": settings["PORT"] or None}

    def admin(statement, params=None):
        admin_connection = psycopg2.connect(dbname="postgres", **server)
        admin_connection.autocommit = True
        with admin_connection.cursor() as cursor:
            cursor.execute(statement, params)
            rows = cursor.fetchall() if cursor.description else None
        admin_connection.close()
        return rows

    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    # Quoted: the URL below keeps the name's case, which PostgreSQL folds when unquoted. A copy
    # of the migrated template (tests/database_template.py) leaves `migrate` nothing to do.
    template = postgres_template_name()
    if template and admin("SELECT 1 FROM pg_database WHERE datname = %s", [template]):
        admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    else:
        admin(f'CREATE DATABASE "{name}"')
    credentials = f"{settings['USER']}:{settings['PASSWORD']}@" if settings["PASSWORD"] else f"{settings['USER']}@"
    try:
        yield f"postgres://{credentials}{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}/{name}"
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_python(env, code, timeout=120):
    """Run ``code`` with Django set up in ``env``; returns its stdout."""
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


SETUP_BOOK = """
from accounts.roles import MITWIRKENDE
from tests.factories import make_recipe, make_user

make_recipe("7.1", "Bausteine", "Zwölf Bausteine.")
recipe = make_recipe("7.1.3", "Eingangsbearbeitung", "## Posteingang\\n\\nDer Posteingang wird gescannt.")
make_user("mia@kommune.example", role=MITWIRKENDE, display_name="Mia Muster")
make_user("omar@kommune.example", role=MITWIRKENDE, display_name="Omar Ortmann")
print("SETUP", recipe.pk, recipe.slug)
"""


def setup_book(env):
    line = next(line for line in run_python(env, SETUP_BOOK).splitlines() if line.startswith("SETUP"))
    _, pk, slug = line.split()
    return int(pk), slug

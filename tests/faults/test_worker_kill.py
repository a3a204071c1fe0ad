"""A real `manage.py db_worker` killed (SIGKILL) in the middle of a print build.

The job must not stay "wird erstellt" forever: `manage.py recover_tasks` (run before a worker
starts, docs/deployment.md) sees that the worker process is gone and queues the build again,
and the next worker finishes it. Runs on a SQLite file of its own, so on every machine.
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.database_template import sqlite_template
from tests.servers import ROOT, manage, run_python, site_env

SETUP = """
from django.core.management import call_command
from editions.print_files import print_schedule
call_command("load_demo_book", verbosity=0)
print_schedule(None)
"""


@pytest.fixture
def env(tmp_path):
    env = site_env(SQLITE_PATH=str(tmp_path / "kochbuch.sqlite3"), MEDIA_ROOT=str(tmp_path / "media"))
    env.pop("DATABASE_URL", None)
    if template := sqlite_template():  # a copy of the migrated test database (or migrate it)
        shutil.copyfile(template, env["SQLITE_PATH"])
    manage(env, "migrate", "--noinput", "-v0")
    run_python(env, SETUP, timeout=300)
    return env


def print_row(env):
    with sqlite3.connect(env["SQLITE_PATH"], timeout=30) as database:
        return database.execute(
            "SELECT status, attempts, worker, message, file FROM editions_printfile").fetchone()


def test_a_print_build_killed_with_its_worker_is_built_again_after_recovery(env):
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2",
                               "--no-reload"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while print_row(env)[0] != "building":
            assert worker.poll() is None, "db_worker beendet"
            assert time.monotonic() < deadline, f"der Worker beginnt die Druckfassung nicht: {print_row(env)}"
            time.sleep(0.05)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)  # no chance to clean up: as the OOM killer would
        worker.wait(timeout=30)

    status, attempts, owner, _, _ = print_row(env)
    assert (status, attempts) == ("building", 0)
    assert owner.endswith(f":{worker.pid}")

    output = manage(env, "recover_tasks")
    assert "1 Druckfassung(en)" in output
    status, attempts, owner, message, _ = print_row(env)
    assert (status, attempts, owner) == ("queued", 1, "")
    assert message == "Die Erstellung wurde unterbrochen und wird wiederholt."

    manage(env, "db_worker", "--batch", "--no-startup-delay", timeout=600)
    status, attempts, _, message, file = print_row(env)
    assert (status, attempts, message) == ("ready", 1, "")
    assert (ROOT / env["MEDIA_ROOT"] / file).read_bytes().startswith(b"%PDF-")

"""Leases for background jobs: a job that is running says so every few seconds.

django-tasks marks a task "running" when a worker takes it and never looks at it again, so a
worker killed mid-way (OOM killer, a deploy, a crash of the machine) would leave its import or
print build "läuft" forever. Each job row (ImportJob, PrintFile) therefore carries:

- ``attempts``: which try this is; a task is enqueued with its attempt number and only works
  while the row still has that number, so a retry and a stray old run never both finish;
- ``worker``: "host:pid" of the process running it;
- ``heartbeat_at``: renewed every ``TASKS_HEARTBEAT_SECONDS`` by a thread while the job runs.

A job is lost when its heartbeat is older than ``TASKS_STALE_SECONDS``, or at once when its
worker ran on this machine and that process is gone. ``editions.recovery`` retries lost jobs or
marks them failed.
"""

import logging
import os
import socket
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)


def worker_name() -> str:
    """This process, as stored on the job (read at call time: gunicorn and workers fork)."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def worker_gone(worker: str) -> bool:
    """True when ``worker`` ran on this machine and its process no longer exists."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # someone else's process: alive
        return False
    return False


def stale_before():
    return timezone.now() - timezone.timedelta(seconds=settings.TASKS_STALE_SECONDS)


def is_lost(job) -> bool:
    """A started job (heartbeat set) whose worker has stopped renewing it."""
    if job.heartbeat_at is None:
        return False
    return job.heartbeat_at < stale_before() or worker_gone(job.worker)


def lease_claim(queryset, **fields) -> bool:
    """Take the one row of ``queryset`` for this process (an UPDATE, so two workers cannot both
    take it); ``fields`` are set with it. False when the row has moved on (another attempt)."""
    now = timezone.now()
    return queryset.filter(heartbeat_at__isnull=True).update(
        heartbeat_at=now, worker=worker_name(), updated_at=now, **fields) == 1


@contextmanager
def lease_kept(queryset):
    """Renew the heartbeat of the row in ``queryset`` while the block runs (in a thread, with
    its own database connection, so a long transaction in the block does not hold it up)."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.TASKS_HEARTBEAT_SECONDS):
                try:
                    queryset.update(heartbeat_at=timezone.now())
                except Exception:  # the next beat tries again; a lost lease is recovered
                    logger.warning("Herzschlag eines Auftrags nicht gespeichert", exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name="lease-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)

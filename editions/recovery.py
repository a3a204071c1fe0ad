"""Jobs whose worker was killed: retried once more, then failed with a message the editor can act on.

A lost job (editions/leases.py: heartbeat too old, or its worker process on this machine is
gone) is found

- when a worker starts a task (``task_started`` of django-tasks, editions/apps.py),
- when an editor looks at the import pages or someone asks for a print PDF,
- by ``manage.py recover_tasks`` (run it before ``db_worker`` starts, docs/deployment.md).

Nothing of a lost import was written: the import and its "importiert" are one transaction
(editions/tasks.py), so it can be run again safely. Reading the file is repeatable anyway.
"""

import logging

from django.conf import settings
from django.db import transaction

from editions.leases import is_lost
from editions.models import ImportJob, PrintFile
from editions.print_files import PRINT_RETRYING, print_requeue
from editions.tasks import apply_import, parse_upload

logger = logging.getLogger(__name__)

RETRYING = ("Der Hintergrunddienst wurde während der Arbeit beendet. Der Auftrag wird automatisch "
            "wiederholt (Versuch {attempt} von {attempts}).")
PARSE_FAILED = ("Das Lesen der Datei wurde {attempts}-mal abgebrochen, weil der Hintergrunddienst "
                "beendet wurde. Laden Sie die Datei bitte erneut hoch; geschieht das wieder, wenden "
                "Sie sich an die technische Betreuung.")
IMPORT_FAILED = ("Der Import wurde {attempts}-mal abgebrochen, weil der Hintergrunddienst beendet "
                 "wurde. Es wurde nichts geändert. Laden Sie die Datei bitte erneut hoch; geschieht das "
                 "wieder, wenden Sie sich an die technische Betreuung.")


def _lost(queryset):
    return [job for job in queryset.exclude(heartbeat_at=None) if is_lost(job)]


def lost_jobs_recover() -> dict:
    """Retry or fail every lost import and print build; returns what was done (for logs)."""
    done = {"retried": [], "failed": [], "print_requeued": []}
    running = ImportJob.objects.filter(status__in=[ImportJob.Status.PARSING, ImportJob.Status.IMPORTING])
    for job in _lost(running):
        outcome = import_job_recover(job)
        if outcome:
            done[outcome].append(job.pk)

    for print_file in _lost(PrintFile.objects.filter(status=PrintFile.Status.BUILDING)):
        with transaction.atomic():
            locked = PrintFile.objects.select_for_update().filter(
                pk=print_file.pk, attempts=print_file.attempts, status=PrintFile.Status.BUILDING).first()
            if locked is not None and is_lost(locked):
                print_requeue(locked, message=PRINT_RETRYING)
                done["print_requeued"].append(locked.pk)
    if any(done.values()):
        logger.warning("Verlorene Hintergrundaufträge: %s", done)
    return done


def import_job_recover(job: ImportJob) -> str | None:
    """Retry a lost import job, or fail it after ``TASKS_MAX_ATTEMPTS`` tries."""

    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(
            pk=job.pk, attempts=job.attempts, status__in=[ImportJob.Status.PARSING, ImportJob.Status.IMPORTING],
        ).first()
        if job is None or not is_lost(job):
            return None  # moved on meanwhile
        attempts = settings.TASKS_MAX_ATTEMPTS
        parsing = job.status == ImportJob.Status.PARSING
        job.attempts += 1
        job.heartbeat_at, job.worker = None, ""
        if job.attempts >= attempts:
            job.status = ImportJob.Status.FAILED
            job.message = (PARSE_FAILED if parsing else IMPORT_FAILED).format(attempts=job.attempts)
            outcome = "failed"
        else:
            if parsing:
                job.status, job.progress = ImportJob.Status.QUEUED, 0
            job.message = RETRYING.format(attempt=job.attempts + 1, attempts=attempts)
            task, attempt = (parse_upload if parsing else apply_import), job.attempts
            transaction.on_commit(lambda: task.enqueue(job.pk, attempt))
            outcome = "retried"
        job.save(update_fields=["status", "progress", "message", "attempts", "heartbeat_at", "worker",
                                "updated_at"])
    return outcome

"""Background work for uploads (django-tasks; `manage.py db_worker` runs them).

Parsing a 150-page PDF takes seconds, so it never runs in a web request. The parse phase
reports progress per page on the job row (autocommit, so the job page sees it), then
forecasts what applying would do (editions.forecast). The import itself runs in one
transaction; its progress goes to a file the job page reads (editions.progress).

Every job holds a lease while it runs (editions/leases.py): a worker killed mid-way leaves a
job that ``editions.recovery`` finds and retries, or marks failed with a German message.
"""

import datetime
import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from editions.importing import entries_from_structure, structure_from_entries
from editions.leases import lease_claim, lease_kept
from editions.models import ImportJob
from editions.pdfimport import PdfImportError, parse_pdf_limited
from editions.preview import forecast_store
from editions.print_files import build_print_pdf  # noqa: F401  (builds queued under this path)
from editions.progress import apply_progress_clear, apply_progress_write
from editions.services import import_apply
from recipes.bookfiles import BookFormatError, read_book_zip

logger = logging.getLogger(__name__)
PARSE_SHARE = 80  # percent of the bar for reading the file


def _this_attempt(job_id, attempt):
    return ImportJob.objects.filter(pk=job_id, attempts=attempt)


def _finish(job_id, attempt, **fields) -> bool:
    """Write the outcome and give the lease back, unless a later attempt has taken the job over
    (editions/leases.py)."""
    return _this_attempt(job_id, attempt).update(updated_at=timezone.now(), heartbeat_at=None,
                                                 **fields) == 1


class _Superseded(Exception):
    """Another attempt took the job over while this one ran: roll this one back."""


@task()
def parse_upload(job_id: int, attempt: int = 0):
    claimed = lease_claim(_this_attempt(job_id, attempt).filter(status=ImportJob.Status.QUEUED),
                          status=ImportJob.Status.PARSING, progress=1, step_done=0, step_total=0,
                          step_started_at=timezone.now())
    if not claimed:
        return  # taken by another attempt, or no longer waiting
    job = ImportJob.objects.get(pk=job_id)
    last = {"written": 0.0}

    def progress(done, total):
        # "Seite 37 von 150 gelesen": a write per page, at most about one a second
        now = time.monotonic()
        if now - last["written"] >= 1 or done == total:
            last["written"] = now
            _this_attempt(job_id, attempt).update(
                progress=max(1, int(PARSE_SHARE * done / max(total, 1))), step_done=done, step_total=total,
                updated_at=timezone.now())

    with lease_kept(_this_attempt(job_id, attempt)):
        try:
            if job.format == ImportJob.Format.PDF:
                book = parse_pdf_limited(
                    job.upload.path, timeout_seconds=settings.IMPORT_PARSE_TIMEOUT_SECONDS,
                    memory_mb=settings.IMPORT_PARSE_MEMORY_MB, progress=progress,
                )
                preview = {**book.as_dict(), "warnings": book.warnings}
                if job.edition_date is None and book.date:  # the edition's own date, from the PDF
                    job.edition_date = datetime.date.fromisoformat(book.date)
            else:
                chapters, recipes = read_book_zip(job.upload.path)
                preview = {**structure_from_entries(chapters, recipes), "warnings": []}
        except (PdfImportError, BookFormatError) as error:
            _finish(job_id, attempt, status=ImportJob.Status.FAILED,
                    message=getattr(error, "message", str(error)))
            if getattr(error, "details", ""):
                logger.warning("PDF-Import %s: %s", job.pk, error.details)
            return
        chapters, recipes = entries_from_structure(preview)
        forecast_store(job, chapters=chapters, recipes=recipes, now=timezone.now())
    _finish(job_id, attempt, status=ImportJob.Status.PREVIEW, progress=PARSE_SHARE, preview=preview,
            forecast=job.forecast, edition_date=job.edition_date, message="")


@task()
def apply_import(job_id: int, attempt: int = 0):
    """Apply the previewed import with the editor's decisions, in one transaction."""
    if not lease_claim(_this_attempt(job_id, attempt).filter(status=ImportJob.Status.IMPORTING)):
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    chapters, recipes = entries_from_structure(job.preview)
    started = timezone.now()
    last = {"written": 0.0}

    def progress(done, total):
        now = time.monotonic()
        if now - last["written"] >= 0.5 or done == total:
            last["written"] = now
            apply_progress_write(job.pk, done=done, total=total, started_at=started)

    with lease_kept(_this_attempt(job_id, attempt)):
        try:
            # The import and its "importiert" are one transaction: a worker killed in between
            # leaves the book unchanged and the job "wird importiert", which recovery retries.
            with transaction.atomic():
                report = import_apply(
                    chapters=chapters, recipes=recipes, edition_name=job.edition_name, user=job.created_by,
                    edition_date=job.edition_date, publisher=job.publisher, import_job_id=job.pk,
                    decisions=(job.forecast or {}).get("decisions", {}), progress=progress,
                )
                if not _finish(job_id, attempt, status=ImportJob.Status.DONE, progress=100,
                               report=report.as_dict(), message=""):
                    raise _Superseded
        except _Superseded:
            logger.warning("Import %s: ein späterer Versuch hat übernommen; dieser wurde zurückgerollt.",
                           job_id)
            return
        except Exception:
            logger.exception("Import %s fehlgeschlagen", job_id)
            _finish(job_id, attempt, status=ImportJob.Status.FAILED,
                    message="Der Import ist fehlgeschlagen; es wurde nichts geändert.")
        finally:
            apply_progress_clear(job.pk)

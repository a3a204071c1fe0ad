"""Background work for uploads (django-tasks; `manage.py db_worker` runs them).

Parsing a 150-page PDF takes seconds, so it never runs in a web request. The parse phase
reports progress per page on the job row (autocommit, so the job page sees it); the import
itself runs in one transaction, whose progress only shows when it commits.
"""

import logging

from django.conf import settings
from django_tasks import task

from editions.importing import entries_from_structure, structure_from_entries
from editions.models import ImportJob
from editions.pdfimport import PdfImportError, parse_pdf_limited
from editions.print_files import build_print_pdf  # noqa: F401  (builds queued under this path)
from editions.services import import_apply
from recipes.bookfiles import BookFormatError, read_book_zip

logger = logging.getLogger(__name__)
PARSE_SHARE = 80  # percent of the bar for reading the file


def _set(job, **fields):
    for key, value in fields.items():
        setattr(job, key, value)
    job.save(update_fields=[*fields, "updated_at"])


@task()
def parse_upload(job_id: int):
    job = ImportJob.objects.get(pk=job_id)
    _set(job, status=ImportJob.Status.PARSING, progress=1)
    last = {"percent": 1}

    def progress(done, total):
        percent = max(1, int(PARSE_SHARE * done / max(total, 1)))
        if percent >= last["percent"] + 5:  # a write every 5 % is plenty
            last["percent"] = percent
            _set(job, progress=percent)

    try:
        if job.format == ImportJob.Format.PDF:
            book = parse_pdf_limited(
                job.upload.path, timeout_seconds=settings.IMPORT_PARSE_TIMEOUT_SECONDS,
                memory_mb=settings.IMPORT_PARSE_MEMORY_MB, progress=progress,
            )
            preview = {**book.as_dict(), "warnings": book.warnings}
        else:
            chapters, recipes = read_book_zip(job.upload.path)
            preview = {**structure_from_entries(chapters, recipes), "warnings": []}
    except (PdfImportError, BookFormatError) as error:
        _set(job, status=ImportJob.Status.FAILED, message=getattr(error, "message", str(error)))
        if getattr(error, "details", ""):
            logger.warning("PDF-Import %s: %s", job.pk, error.details)
        return
    _set(job, status=ImportJob.Status.PREVIEW, progress=PARSE_SHARE, preview=preview)


@task()
def apply_import(job_id: int):
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    chapters, recipes = entries_from_structure(job.preview)
    try:
        report = import_apply(chapters=chapters, recipes=recipes, edition_name=job.edition_name,
                              user=job.created_by)
    except Exception:
        logger.exception("Import %s fehlgeschlagen", job.pk)
        _set(job, status=ImportJob.Status.FAILED,
             message="Der Import ist fehlgeschlagen; es wurde nichts geändert.")
        return
    _set(job, status=ImportJob.Status.DONE, progress=100, report=report.as_dict())


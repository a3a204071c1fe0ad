"""Which print PDF to serve, and building it in the background.

A PDF is identified by a digest of what it shows: the versions of the snapshot, the edition's
name, date and note, the previous edition's versions (for the list of changes) and the print
layout. The download view serves the stored file whose digest matches; otherwise it queues a
build (the task ``build_print_pdf`` below) and says the PDF is being made; for the current state
it serves the last built PDF (its date in the file name) meanwhile. A web request never lays out
a book.

The current state's PDF is also rebuilt shortly after content changes: every saved chapter or
recipe calls ``current_print_outdated()`` (``editions.receivers``, subscribed to recipes'
signals), which queues one delayed build, so a burst of edits costs one build,
not one per save.

Several workers may build at once: the unique digest per edition decides which row survives,
and a build that loses (``IntegrityError``) steps aside instead of failing.
"""

import datetime
import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from reversion.models import Version

from editions import print_pdf
from editions.appendices import appendix_fingerprint, chapter_appendices
from editions.comparison import compare_snapshots, contributors
from editions.leases import is_lost, lease_claim, lease_kept
from editions.models import Edition, PrintFile
from editions.snapshot import edition_version_ids, latest_version_ids, snapshot_for_version_ids
from recipes.rendering import RENDERER_VERSION

logger = logging.getLogger(__name__)
CURRENT_LABEL = "Aktueller Stand"
PRINT_RETRYING = "Die Erstellung wurde unterbrochen und wird wiederholt."


@dataclass
class PrintSource:
    """What a print PDF is made of; ``edition`` None is the current state."""

    edition: Edition | None
    version_ids: list[int]
    previous: Edition | None
    previous_ids: list[int]
    # The reports per chapter (editions/appendices.py): "" when the file has none, else their
    # fingerprint, so a new or hidden report means a new PDF.
    appendices: str = ""

    @property
    def with_reports(self) -> bool:
        """The current state always lists the reports; an edition when the Redaktion chose so."""
        return self.edition is None or self.edition.with_reports

    @property
    def digest(self) -> str:
        edition = self.edition
        parts = [
            print_pdf.layout_digest(), RENDERER_VERSION, settings.KOCHBUCH_TITLE, settings.KOCHBUCH_SUBTITLE,
            settings.SITE_URL,
            f"{edition.name}|{edition.date.isoformat()}|{edition.note}" if edition else CURRENT_LABEL,
            ",".join(map(str, self.version_ids)),
            f"{self.previous.name}:" + ",".join(map(str, self.previous_ids)) if self.previous else "",
            self.appendices,
        ]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    @property
    def file_name(self) -> str:
        return f"kochbuch-{self.edition.slug if self.edition else 'aktuell'}-{self.digest[:16]}.pdf"


def previous_edition(edition: Edition | None) -> Edition | None:
    """The edition before ``edition`` (by date), or the newest one for the current state."""
    editions = Edition.objects.order_by("-date", "-pk")
    if edition is not None:
        editions = editions.filter(Q(date__lt=edition.date) | Q(date=edition.date, pk__lt=edition.pk))
    return editions.first()


def print_source(edition: Edition | None) -> PrintSource:
    previous = previous_edition(edition)
    source = PrintSource(
        edition=edition,
        version_ids=edition_version_ids(edition) if edition else latest_version_ids(),
        previous=previous,
        previous_ids=edition_version_ids(previous) if previous else [],
    )
    if source.with_reports:
        source.appendices = appendix_fingerprint()
    return source


# --- Looking up and queueing ----------------------------------------------------------------

def print_file_for(edition: Edition | None, *, queue: bool = True) -> PrintFile:
    """The PrintFile for what ``edition`` (or the current state) shows now; queued for
    building when there is none yet, or when the last try failed a while ago."""
    source = print_source(edition)
    digest = source.digest
    print_file = PrintFile.objects.filter(edition=edition, digest=digest).first()
    if print_file is None and queue:
        try:
            with transaction.atomic():
                print_file = PrintFile.objects.create(edition=edition, digest=digest)
        except IntegrityError:  # someone else queued it a moment ago
            return PrintFile.objects.get(edition=edition, digest=digest)
        _enqueue(print_file)
    elif print_file is not None and queue and _retry_due(print_file):
        lost = print_file.status == PrintFile.Status.BUILDING
        print_requeue(print_file, message=PRINT_RETRYING if lost else "")
    return print_file


def last_built_file(edition: Edition | None) -> PrintFile | None:
    """The newest finished PDF of ``edition`` (or the current state), whatever it shows: served
    while the PDF of the newest text is still being built, rather than making readers wait."""
    candidates = PrintFile.objects.filter(edition=edition, status=PrintFile.Status.READY).order_by("-created_at")
    return next((print_file for print_file in candidates[:3] if _file_exists(print_file)), None)


def _retry_due(print_file):
    """A failed build is tried again after a pause; a lost one (its worker stopped renewing
    the lease, editions/leases.py) at once; one that waits long for a worker after a while."""
    age = timezone.now() - print_file.updated_at
    if print_file.status == PrintFile.Status.FAILED:
        return age > datetime.timedelta(minutes=10)
    if print_file.status == PrintFile.Status.BUILDING:
        return is_lost(print_file)
    if print_file.status == PrintFile.Status.QUEUED:
        return age > datetime.timedelta(minutes=30)
    return print_file.status == PrintFile.Status.READY and not _file_exists(print_file)


def print_requeue(print_file, *, message=""):
    """Queue another attempt; the lease (attempts) keeps an older run from finishing it."""
    print_file.status, print_file.message = PrintFile.Status.QUEUED, message
    print_file.attempts += 1
    print_file.heartbeat_at, print_file.worker = None, ""
    print_file.save(update_fields=["status", "message", "attempts", "heartbeat_at", "worker", "updated_at"])
    _enqueue(print_file)


def _file_exists(print_file):
    return bool(print_file.file) and print_file.file.storage.exists(print_file.file.name)


def _enqueue(print_file, *, delay_seconds=0):
    build = build_print_pdf
    if delay_seconds and build.get_backend().supports_defer:
        build = build.using(run_after=timezone.now() + datetime.timedelta(seconds=delay_seconds))
    attempt = print_file.attempts
    transaction.on_commit(lambda: build.enqueue(print_file.pk, attempt))


def print_schedule(edition_id: int | None):
    """Queue the PDF of an edition (e.g. right after publishing) unless it exists."""
    edition = Edition.objects.get(pk=edition_id) if edition_id else None
    print_file_for(edition)


def current_print_outdated():
    """Every saved chapter or recipe (``editions.receivers``): after the change commits, queue a
    delayed rebuild of the current state's PDF (a burst of edits ends up as one build)."""
    if not settings.PRINT_REBUILD_ON_SAVE:
        return
    transaction.on_commit(_queue_current_rebuild)


def _queue_current_rebuild():
    if not build_print_pdf.get_backend().supports_defer:
        return  # e.g. the immediate backend: never lay out a book inside someone's save
    source = print_source(None)
    try:
        with transaction.atomic():
            print_file = PrintFile.objects.create(edition=None, digest=source.digest)
    except IntegrityError:
        return  # already queued or built
    _enqueue(print_file, delay_seconds=settings.PRINT_REBUILD_DELAY_SECONDS)


# --- Building (in the worker) -----------------------------------------------------------------

def print_book(source: PrintSource):
    """The PrintBook (template data) for a source: snapshot, changes and contributors."""
    snapshot = snapshot_for_version_ids(source.version_ids)
    previous = snapshot_for_version_ids(source.previous_ids) if source.previous else None
    edition = source.edition
    if edition:
        label, date, note = edition.name, edition.date, edition.note
    else:
        label, note = CURRENT_LABEL, ""
        newest = Version.objects.filter(pk__in=source.version_ids).order_by("-revision__date_created")
        changed_at = newest.values_list("revision__date_created", flat=True).first()
        date = timezone.localdate(changed_at) if changed_at else timezone.localdate()
    return print_pdf.PrintBook(
        snapshot=snapshot, label=label, date=date, note=note, is_edition=edition is not None,
        previous_label=source.previous.name if source.previous else "",
        changes=compare_snapshots(previous, snapshot) if previous else None,
        contributors=contributors(snapshot),
        appendices=chapter_appendices(snapshot, site_url=settings.SITE_URL) if source.with_reports else {},
    )


def print_build(print_file_id: int, attempt: int | None = None) -> PrintFile | None:
    """Lay out the PDF for a queued PrintFile and store it; skips work that is not needed.

    ``attempt`` is the lease (editions/leases.py): the build runs only while the row is still
    at that attempt, so a retry after a killed worker and a stray old run never both write.
    """
    print_file = PrintFile.objects.select_related("edition").filter(pk=print_file_id).first()
    if print_file is None or (print_file.status == PrintFile.Status.READY and _file_exists(print_file)):
        return print_file
    attempt = print_file.attempts if attempt is None else attempt
    this_attempt = PrintFile.objects.filter(pk=print_file.pk, attempts=attempt)
    source = print_source(print_file.edition)
    # When the content moved on since this build was queued, build the newest state instead,
    # unless another build already covers it: the unique digest decides, also when another
    # worker takes the same digest at this very moment (no check-then-write window).
    try:
        with transaction.atomic():
            claimed = lease_claim(this_attempt.exclude(status=PrintFile.Status.READY), digest=source.digest,
                                  status=PrintFile.Status.BUILDING)
    except IntegrityError:
        this_attempt.filter(heartbeat_at__isnull=True).delete()
        return None
    if not claimed:
        return None  # another attempt has it
    started = time.monotonic()
    with lease_kept(this_attempt):
        try:
            result = print_pdf.book_pdf(print_book(source))
        except Exception as error:
            logger.exception("Druckfassung %s fehlgeschlagen", print_file.pk)
            this_attempt.update(status=PrintFile.Status.FAILED, message=f"{type(error).__name__}: {error}"[:2000],
                                heartbeat_at=None, updated_at=timezone.now())
            return PrintFile.objects.get(pk=print_file.pk)
    name = print_file.file.storage.save(f"{PrintFile.file.field.upload_to}{source.file_name}",
                                        ContentFile(result.data))
    finished = this_attempt.update(
        status=PrintFile.Status.READY, message="", file=name, pages=result.pages,
        seconds=round(time.monotonic() - started, 2), heartbeat_at=None, updated_at=timezone.now(),
    )
    if not finished:  # a later attempt took over while this one ran
        print_file.file.storage.delete(name)
        return None
    print_file = PrintFile.objects.select_related("edition").get(pk=print_file.pk)
    _remove_outdated(print_file)
    return print_file


def _remove_outdated(print_file):
    """Older finished PDFs of the same edition (or current state) are no longer served."""
    for old in PrintFile.objects.filter(edition=print_file.edition).exclude(pk=print_file.pk).filter(
            status__in=[PrintFile.Status.READY, PrintFile.Status.FAILED], created_at__lte=print_file.created_at):
        if old.file:
            old.file.delete(save=False)
        old.delete()


@task()
def build_print_pdf(print_file_id: int, attempt: int | None = None):
    """Lay out a print PDF in the worker; seconds to a minute for the whole book."""
    print_build(print_file_id, attempt)

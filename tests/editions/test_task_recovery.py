"""A background worker killed mid-way never leaves an import or a print build "läuft" forever.

The killed worker is simulated by its traces in the database: a lease whose heartbeat stopped
(editions/leases.py), or one whose worker process no longer exists. The real kill of a real
`db_worker` is tests/faults/test_worker_kill.py.
"""

import datetime
import subprocess
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from editions.leases import lease_kept, worker_name
from editions.models import ImportJob, PrintFile
from editions.print_pdf import PdfResult
from editions.tasks import apply_import, parse_upload
from recipes.models import Recipe
from tests.editions.editionhelpers import work_the_queue

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.timedelta(minutes=10)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def uploaded(client, editor, sample_pdf_bytes):
    client.force_login(editor)
    client.post(reverse("import_start"), {
        "upload": SimpleUploadedFile("kochbuch.pdf", sample_pdf_bytes), "edition_name": "Ausgabe 2016",
    })
    return ImportJob.objects.get()


def killed_while(job, status, *, heartbeat_age=LONG_AGO, worker="elsewhere:1"):
    """What a worker killed while ``job`` was at ``status`` leaves behind (its task was taken)."""
    DBTaskResult.objects.all().delete()
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, progress=37, attempts=job.attempts, heartbeat_at=timezone.now() - heartbeat_age,
        worker=worker)


def dead_pid():
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def queued_calls(task):
    return [result.args_kwargs["args"] for result in DBTaskResult.objects.filter(task_path=task.module_path)]


def test_an_import_whose_worker_died_while_reading_is_retried_when_the_editor_looks(
        client, uploaded, django_capture_on_commit_callbacks):
    killed_while(uploaded, ImportJob.Status.PARSING)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(uploaded.get_absolute_url()).content.decode()
    uploaded.refresh_from_db()
    assert uploaded.status == ImportJob.Status.QUEUED and uploaded.attempts == 1
    assert "wird automatisch wiederholt (Versuch 2 von 2)" in page
    assert queued_calls(parse_upload) == [[uploaded.pk, 1]]

    work_the_queue()
    uploaded.refresh_from_db()
    assert uploaded.status == ImportJob.Status.PREVIEW and uploaded.message == ""
    assert uploaded.heartbeat_at is None  # the lease is given back


def test_an_import_lost_twice_fails_with_a_message_that_says_what_to_do(
        client, uploaded, django_capture_on_commit_callbacks):
    uploaded.attempts = 1
    killed_while(uploaded, ImportJob.Status.PARSING)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(uploaded.get_absolute_url()).content.decode()
    uploaded.refresh_from_db()
    assert uploaded.status == ImportJob.Status.FAILED
    assert "Das Lesen der Datei wurde 2-mal abgebrochen" in page
    assert "Laden Sie die Datei bitte erneut hoch" in page
    assert "wird im Hintergrund verarbeitet" not in page  # no more "läuft"
    assert queued_calls(parse_upload) == []


def test_a_job_whose_worker_process_is_gone_is_recovered_at_once(uploaded, django_capture_on_commit_callbacks):
    host = worker_name().rpartition(":")[0]
    killed_while(uploaded, ImportJob.Status.PARSING, heartbeat_age=datetime.timedelta(seconds=1),
                 worker=f"{host}:{dead_pid()}")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recover_tasks", verbosity=0)
    uploaded.refresh_from_db()
    assert uploaded.status == ImportJob.Status.QUEUED and uploaded.attempts == 1


def test_a_running_job_with_a_fresh_heartbeat_is_left_alone(client, uploaded, django_capture_on_commit_callbacks):
    killed_while(uploaded, ImportJob.Status.PARSING, heartbeat_age=datetime.timedelta(seconds=5),
                 worker="other-machine:4242")
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(uploaded.get_absolute_url()).content.decode()
    uploaded.refresh_from_db()
    assert uploaded.status == ImportJob.Status.PARSING and uploaded.attempts == 0
    assert "wird gelesen" in page and "<progress" in page


def test_an_import_lost_while_writing_changed_nothing_and_runs_once_more(
        client, uploaded, django_capture_on_commit_callbacks):
    work_the_queue()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_confirm", args=[uploaded.pk]))
    killed_while(uploaded, ImportJob.Status.IMPORTING)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recover_tasks", verbosity=0)
    uploaded.refresh_from_db()
    assert uploaded.status == ImportJob.Status.IMPORTING and uploaded.attempts == 1
    assert queued_calls(apply_import) == [[uploaded.pk, 1]]

    apply_import.call(uploaded.pk, 0)  # the killed run, should it wake up: it no longer owns the job
    assert not Recipe.objects.exists()
    work_the_queue()
    uploaded.refresh_from_db()
    assert uploaded.status == ImportJob.Status.DONE and uploaded.message == ""
    imported = Recipe.objects.count()
    assert imported > 0
    apply_import.call(uploaded.pk, 1)  # delivered twice: imports nothing twice
    assert Recipe.objects.count() == imported


def test_a_lost_import_is_also_found_when_the_worker_starts_another_task(
        uploaded, editor, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("editions.receivers._last_check", {"at": 0.0})
    killed_while(uploaded, ImportJob.Status.PARSING)
    from editions.print_files import print_schedule
    from editions.tasks import build_print_pdf

    with django_capture_on_commit_callbacks(execute=True):
        print_schedule(None)  # some other task for the restarted worker
    assert queued_calls(build_print_pdf)
    monkeypatch.setattr("editions.print_pdf.book_pdf", lambda book: PdfResult(data=b"%PDF-1.7", pages=1))
    with django_capture_on_commit_callbacks(execute=True):
        work_the_queue()
    uploaded.refresh_from_db()
    assert uploaded.attempts == 1 and uploaded.status in {ImportJob.Status.QUEUED, ImportJob.Status.PREVIEW}


def test_a_print_build_whose_worker_died_is_built_again_when_someone_asks(
        client, small_book, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr("editions.print_pdf.book_pdf", lambda book: PdfResult(data=b"%PDF-1.7 neu", pages=2))
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/ausgaben/aktuell/kochbuch.pdf")
    DBTaskResult.objects.all().delete()
    print_file = PrintFile.objects.get()
    PrintFile.objects.filter(pk=print_file.pk).update(
        status=PrintFile.Status.BUILDING, heartbeat_at=timezone.now() - LONG_AGO, worker="elsewhere:1")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/ausgaben/aktuell/kochbuch.pdf")
    assert response.status_code == 202
    assert "Die Erstellung wurde unterbrochen und wird wiederholt." in response.content.decode()
    print_file.refresh_from_db()
    assert print_file.status == PrintFile.Status.QUEUED and print_file.attempts == 1
    assert print_file.message == "Die Erstellung wurde unterbrochen und wird wiederholt."
    work_the_queue()
    response = client.get("/ausgaben/aktuell/kochbuch.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 neu"


@pytest.mark.django_db(transaction=True)
def test_a_running_job_renews_its_heartbeat(settings, editor, tmp_path):
    settings.TASKS_HEARTBEAT_SECONDS = 0.05
    job = ImportJob.objects.create(upload="x.pdf", original_name="x.pdf", edition_name="A",
                                   created_by=editor, status=ImportJob.Status.PARSING,
                                   heartbeat_at=timezone.now() - LONG_AGO)
    with lease_kept(ImportJob.objects.filter(pk=job.pk)):
        time.sleep(0.5)
    job.refresh_from_db()
    assert timezone.now() - job.heartbeat_at < datetime.timedelta(seconds=5)

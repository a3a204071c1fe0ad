"""The Redaktion's upload page: checks before parsing, background parsing, preview, confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from editions.models import ImportJob
from recipes.models import Recipe

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def work_the_queue():
    """What `manage.py db_worker` does in production: run every queued task once (the shared
    helper keeps the worker from closing the test's connection on PostgreSQL)."""
    from tests.editions.editionhelpers import work_the_queue as work

    work()


def upload(client, content, name="kochbuch.pdf", edition="Ausgabe 2016"):
    return client.post(reverse("import_start"), {
        "upload": SimpleUploadedFile(name, content), "edition_name": edition,
    })


@pytest.mark.parametrize("who, status", [("contributor", 403), ("moderator", 403), ("editor", 200)])
def test_only_the_redaktion_may_import(client, contributor, moderator, editor, who, status):
    client.force_login({"contributor": contributor, "moderator": moderator, "editor": editor}[who])
    assert client.get(reverse("import_start")).status_code == status
    if status == 403:
        assert upload(client, b"%PDF-1.4").status_code == 403
        assert not ImportJob.objects.exists()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("import_start"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_file_that_is_neither_pdf_nor_zip_is_refused_before_parsing(client, editor):
    client.force_login(editor)
    response = upload(client, b"<html>kein PDF</html>", name="buch.pdf")
    assert response.status_code == 200
    assert "weder eine PDF-Datei noch ein ZIP-Archiv" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_too_large_file_is_refused(client, editor, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 0
    client.force_login(editor)
    response = upload(client, b"%PDF-1.4 " + b"x" * 2048)
    assert "zu groß" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_upload_is_parsed_in_the_background_previewed_and_imported_after_confirmation(
    client, editor, sample_pdf_bytes, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    response = upload(client, sample_pdf_bytes)
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == ImportJob.Status.QUEUED
    page = client.get(job.get_absolute_url()).content.decode()
    assert "wartet" in page and "<progress" in page and "refresh-while-running.js" in page

    work_the_queue()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEW, job.message
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Vorschau: Was der Import ändern würde" in page
    assert "Worum geht es?" in page and "Import anwenden" in page
    assert not Recipe.objects.exists()  # nothing imported before confirmation

    client.post(reverse("import_confirm", args=[job.pk]))
    work_the_queue()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Recipe.objects.filter(number="1.1", source_edition="Ausgabe 2016").exists()
    assert "neu angelegt" in client.get(job.get_absolute_url()).content.decode()


def test_a_corrupt_pdf_fails_with_a_german_message_and_changes_nothing(client, editor):
    client.force_login(editor)
    upload(client, b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    work_the_queue()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and "beschädigt" in job.message
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Der Import ist nicht möglich" in page and "Es wurde nichts geändert" in page
    assert not Recipe.objects.exists()


def test_discarding_the_preview_imports_nothing(client, editor, sample_pdf_bytes):
    client.force_login(editor)
    upload(client, sample_pdf_bytes)
    work_the_queue()
    job = ImportJob.objects.get()
    client.post(reverse("import_confirm", args=[job.pk]), {"discard": "1"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    work_the_queue()
    assert not Recipe.objects.exists()


def test_a_markdown_zip_is_imported_the_same_way(client, editor):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("01-a/kapitel.md", "---\nnumber: 1\ntitle: Anfang\n---\nEinleitung.\n")
        archive.writestr("01-a/1.1-b.md", '---\nnumber: "1.1"\ntitle: Erstes\npages: 3\n---\nText.\n')
    client.force_login(editor)
    upload(client, buffer.getvalue(), name="buch.zip", edition="Ausgabe 2027")
    work_the_queue()
    job = ImportJob.objects.get()
    assert job.format == "markdown" and job.status == ImportJob.Status.PREVIEW, job.message
    client.post(reverse("import_confirm", args=[job.pk]))
    work_the_queue()
    assert Recipe.objects.get(number="1.1").title == "Erstes"


# --- The forecast preview, decisions, progress ------------------------------------------------

def _demo_site_with_one_edit(contributor):
    """The demo book's placeholder texts for the sample book's sections, one of them edited."""
    from recipes.bookfiles import ChapterEntry, RecipeEntry
    from recipes.models import RevisionInfo
    from recipes.services import book_load, recipe_save

    book_load(chapters=[ChapterEntry(number=1, title="E-Government per Kochbuch?")],
              recipes=[RecipeEntry(number="1.1", title="Worum geht es?", body="Platzhalter.\n"),
                       RecipeEntry(number="1.2", title="Ein Kochbuch?", body="Platzhalter.\n")],
              user=None, comment="Demo-Buch geladen (Ausgabe 2016)", kind=RevisionInfo.Kind.DEMO)
    recipe = Recipe.objects.get(number="1.2")
    recipe.body = "Unser Text aus Düren zu 1.2.\n"
    recipe_save(recipe=recipe, user=contributor, comment="eigener Text")


def _previewed(client, editor, sample_pdf_bytes, **fields):
    client.force_login(editor)
    client.post(reverse("import_start"), {"upload": SimpleUploadedFile("kochbuch.pdf", sample_pdf_bytes),
                                          "edition_name": "Ausgabe 2016", **fields})
    work_the_queue()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PREVIEW, job.message
    return job


def test_the_preview_forecasts_each_recipe_before_anything_is_written(client, editor, contributor,
                                                                      sample_pdf_bytes):
    from reversion.models import Version

    _demo_site_with_one_edit(contributor)
    versions = Version.objects.count()
    job = _previewed(client, editor, sample_pdf_bytes)
    page = client.get(job.get_absolute_url()).content.decode()
    assert Version.objects.count() == versions  # nothing written by parsing and forecasting
    assert 'outcome outcome--replaced">ersetzt' in page and "Demo-Text" in page
    assert 'outcome outcome--conflict">Konflikt' in page and "von Mia Muster" in page
    assert 'outcome outcome--new">neu' in page
    assert "<del" in page or "<ins" in page  # each with its diff
    # filtered: only the conflict
    conflicts = client.get(job.get_absolute_url() + "?ergebnis=conflict").content.decode()
    assert "Worum geht es?" not in conflicts and "Ein Kochbuch?" in conflicts
    chapter_two = client.get(job.get_absolute_url() + "?kapitel=2").content.decode()
    assert "Ein Kochbuch?" not in chapter_two and "Kapitel 2:" in chapter_two


def test_the_editors_choices_per_recipe_and_chapter_are_applied(client, editor, contributor, sample_pdf_bytes):
    from proposals.models import EditProposal

    _demo_site_with_one_edit(contributor)
    job = _previewed(client, editor, sample_pdf_bytes, edition_date="2016-09-22")
    shown_in_chapter_2 = {f"wahl-{item['key']}": "take" for item in job.forecast["items"]
                          if item["chapter_number"] == 2}
    client.post(reverse("import_confirm", args=[job.pk]),
                {"wahl-recipe-1.1": "skip", "kapitel-2": "skip", "kapitel-3": "skip", "save": "1",
                 "ergebnis": "conflict", **shown_in_chapter_2})
    job.refresh_from_db()
    assert job.forecast["decisions"]["recipe-1.1"] == "skip"
    assert job.forecast["decisions"]["recipe-2.1"] == "skip" and job.forecast["decisions"]["chapter-2"] == "skip"
    assert "recipe-3.1" not in job.forecast["decisions"]  # chapter 3's items were not on the page
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'name="wahl-recipe-1.1" value="skip" checked' in page
    client.post(reverse("import_confirm", args=[job.pk]), {})
    work_the_queue()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Recipe.objects.get(number="1.1").body == "Platzhalter.\n"  # left out
    assert Recipe.objects.get(number="1.2").body == "Unser Text aus Düren zu 1.2.\n"  # conflict: kept
    assert not Recipe.objects.filter(number__startswith="2.").exists()  # chapter 2 left out
    proposal = EditProposal.objects.get()
    assert proposal.recipe.number == "1.2" and proposal.import_job_id == job.pk
    from editions.models import Edition

    assert Edition.objects.get(name="Ausgabe 2016").date.isoformat() == "2016-09-22"


def test_progress_is_told_in_pages_and_recipes_with_a_time_estimate(client, editor, settings, tmp_path, monkeypatch):
    import datetime

    from django.utils import timezone

    from editions.progress import apply_progress_write, job_progress

    job = ImportJob.objects.create(upload="x.pdf", original_name="x.pdf", edition_name="Ausgabe 2016",
                                   created_by=editor, status=ImportJob.Status.PARSING, step_done=37,
                                   step_total=150, step_started_at=timezone.now() - datetime.timedelta(seconds=37))
    shown = job_progress(job)
    assert shown["text"] == "Seite 37 von 150 gelesen" and shown["estimate"] == "noch etwa 2 Minuten"
    client.force_login(editor)
    assert "Seite 37 von 150 gelesen" in client.get(job.get_absolute_url()).content.decode()
    job.status = ImportJob.Status.IMPORTING
    job.save()
    started = timezone.now() - datetime.timedelta(seconds=6)
    apply_progress_write(job.pk, done=12, total=86, started_at=started)
    # The page asks the clock itself: the same "now" for the expected estimate, however slow the machine.
    now = timezone.now()
    monkeypatch.setattr("editions.progress.timezone.now", lambda: now)
    page = client.get(job.get_absolute_url()).content.decode()
    expected = job_progress(ImportJob.objects.get(pk=job.pk), now=now)["estimate"]
    assert "Rezept 12 von 86 übernommen" in page and expected in page
    assert expected == "noch etwa 35 Sekunden" or (now - started).total_seconds() > 6.5


def test_the_import_is_linked_from_the_redaktions_navigation(client, editor, moderator):
    client.force_login(editor)
    assert f'href="{reverse("import_start")}"' in client.get(reverse("book")).content.decode()
    client.force_login(moderator)
    assert f'href="{reverse("import_start")}"' not in client.get(reverse("book")).content.decode()

"""The print edition: a real PDF read back (pages, bookmarks, contents, headers, colophon), the
local-only URL fetcher, and the cache of built PDFs with background rebuilds."""

import datetime
import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.roles import sync_roles
from editions.models import PrintFile
from editions.print_files import print_book, print_source
from editions.print_pdf import PdfResult, book_pdf, local_only_fetcher
from recipes.models import Chapter, Recipe
from recipes.services import chapter_save, recipe_save
from tests.editions.editionhelpers import (
    pdf_catalog,
    pdf_outline,
    pdf_page_regions,
    pdf_pages_text,
    publish,
    work_the_queue,
)
from tests.factories import make_chapter, make_recipe, make_user

PARAGRAPH = ("Die Verwaltung plant die Digitalisierung ihrer Leistungen gemeinsam mit den "
             "Fachbereichen, dem Personalrat und der IT. ") * 6
LONG = "\n\n".join([PARAGRAPH] * 9)
TABLE = "| Baustein | Ziel |\n| --- | --- |\n| Posteingang | scannen |\n| Akte | elektronisch |\n"
CHAPTERS = {1: "E-Government per Kochbuch?", 2: "Appetit machen", 7: "Die Gerichte"}


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker):
    """One PDF of a small book (built once for the module; the data is rolled back after)."""
    with django_db_blocker.unblock(), transaction.atomic():
        sync_roles(apps)  # a transactional test elsewhere may have flushed the migration's groups
        editor = make_user("rita@kommune.example", role="Redaktion", display_name="Rita Redaktion")
        mia = make_user("mia@kommune.example", role="Mitwirkende", display_name="Mia Muster",
                        institution="Stadt Musterstadt")
        omar = make_user("omar@kommune.example", role="Mitwirkende", display_name="Omar Ortmann",
                         institution="Kreis Beispiel", show_institution=False)
        for number, title in CHAPTERS.items():
            make_chapter(number, title, subtitle="E-Government praktisch", intro="Eine kurze *Einleitung*.")
        make_recipe("1.1", "Worum geht es?", "Ein **kurzer** Text.\n\n- eins\n- zwei\n")
        make_recipe("2.1", "Beispiele der Modellkommunen", LONG)
        make_recipe("7.1", "Bausteine eines Musterprozesses", LONG + "\n\n" + TABLE)
        make_recipe("7.1.1", "Posteingang", "## Scannen\n\nDer Posteingang wird gescannt.\n\n" + LONG, user=mia)
        make_recipe("7.2", "Typische Aufgaben", LONG)
        publish(editor, name="Ausgabe 2026", date=datetime.date(2026, 1, 15))
        recipe = Recipe.objects.get(number="7.2")
        recipe.body = "Neu gefasst. " + recipe.body
        recipe_save(recipe=recipe, user=omar, comment="Ergänzt")
        make_recipe("7.3", "Neue Gerichte", "Ganz neu.", user=mia)
        edition = publish(editor, note="Die erste *fortgeschriebene* Ausgabe.")
        result = book_pdf(print_book(print_source(edition)))
        transaction.set_rollback(True)
    cache.clear()
    return result


@pytest.fixture(scope="module")
def pages(printed):
    return pdf_pages_text(printed.data)


@pytest.fixture(scope="module")
def outline(printed):
    return pdf_outline(printed.data)


def _first_page(pages, text):
    return next(number for number, page in enumerate(pages, start=1) if text in page)


def test_the_pdf_has_a_cover_and_every_page_read_back(printed, pages):
    assert printed.data.startswith(b"%PDF-") and printed.pages == len(pages) >= 12
    assert "Wie kommunales E-Government\ndennoch gelingt" in pages[0] and "Ausgabe 2027" in pages[0]
    assert "Stand: 1. März 2027" in pages[0]
    assert "fortgeschriebene" in pages[_first_page(pages, "Zu dieser Ausgabe") - 1]


def test_bookmarks_lead_to_chapters_and_sections(outline, pages):
    titles = {(level, title): page for level, title, page in outline}
    for number, title in CHAPTERS.items():
        page = titles[(1, f"{number}. {title}")]
        assert pages[page - 1].lstrip().startswith(f"{number}. {title}")
    assert (2, "7.1 Bausteine eines Musterprozesses") in titles
    assert (3, "7.1.1 Posteingang") in titles
    assert (1, "Kolophon") in titles and (1, "Inhalt") in titles
    assert not any("Scannen" in title for _, title, _ in outline)  # headings inside a text are not bookmarks


def test_the_table_of_contents_gives_the_pages_the_chapters_start_on(pages, outline):
    toc = pages[_first_page(pages, "Inhalt\n") - 1]
    entries = dict(re.findall(r"^(\d+(?:\.\d+)*)\s.*?(\d+)$", toc, flags=re.MULTILINE))
    bookmarks = {title.split()[0].rstrip("."): page for _, title, page in outline}
    for number, title in CHAPTERS.items():
        start = _first_page(pages, f"{number}. {title}\n")
        assert int(entries[str(number)]) == start == bookmarks[str(number)]
    assert int(entries["7.1.1"]) == _first_page(pages, "7.1.1 Posteingang\n")
    assert start % 2 == 1  # chapters open on a right-hand page


def test_pages_carry_their_number_and_a_running_header(printed, pages):
    regions = pdf_page_regions(printed.data)
    chapter_7 = _first_page(pages, "7. Die Gerichte\n")
    colophon = _first_page(pages, "Kolophon\n")
    headers = [regions[number - 1][0] for number in range(chapter_7 + 1, colophon)]
    assert any("7 Die Gerichte" in header for header in headers)  # left pages: the chapter
    assert any("7.1 Bausteine eines Musterprozesses" in header for header in headers)  # right: the section
    assert "Die Gerichte" not in regions[chapter_7 - 1][0]  # not on the chapter's own first page
    for number in range(chapter_7, colophon):
        if pages[number - 1].strip():
            assert regions[number - 1][1].strip() == str(number)


def test_the_colophon_names_the_edition_the_contributors_and_the_changes(pages):
    colophon = "\n".join(pages[_first_page(pages, "Kolophon\n") - 1:])
    assert "Ausgabe 2027" in colophon and "1. März 2027" in colophon
    assert "Mia Muster, Stadt Musterstadt" in colophon
    assert "Omar Ortmann" in colophon and "Kreis Beispiel" not in colophon
    changes = colophon[colophon.index("Änderungen seit der Ausgabe 2026"):]
    assert "7.3 Neue Gerichte" in changes[changes.index("Neu"):]
    assert "7.2 Typische Aufgaben" in changes[changes.index("Geändert"):]


def test_tables_and_lists_are_typeset(pages):
    text = "\n".join(pages)
    assert "Baustein Ziel" in text and "Posteingang scannen" in text
    assert "• eins" in text


def test_the_pdf_is_tagged_for_assistive_technology(printed):
    catalog = pdf_catalog(printed.data)
    assert "StructTreeRoot" in catalog and catalog["MarkInfo"]["Marked"] is True
    assert catalog["Lang"] == b"de"


def test_the_url_fetcher_only_reads_this_sites_static_files(settings):
    fetch = local_only_fetcher()
    with pytest.raises(ValueError, match="Nur lokale Dateien"):
        fetch.fetch("https://example.org/bild.png")
    with pytest.raises(ValueError):
        fetch.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetch.fetch(settings.SITE_URL + "/media/../../etc/passwd")
    response = fetch.fetch(settings.SITE_URL + "/static/css/kochbuch.css")
    assert response.read().startswith(b"/*") and response.content_type == "text/css"


# --- the cache of built PDFs ------------------------------------------------------------------

@pytest.fixture
def built(monkeypatch, settings, tmp_path):
    """Stand-in for the layout (seconds per book): records what it was asked to print."""
    settings.MEDIA_ROOT = tmp_path / "media"
    calls = []

    def fake_book_pdf(book):
        calls.append(book)
        return PdfResult(data=f"%PDF-1.7 {book.label} #{len(calls)}".encode(), pages=3)

    monkeypatch.setattr("editions.print_pdf.book_pdf", fake_book_pdf)
    return calls


def _download(client, url, capture):
    with capture(execute=True):
        response = client.get(url)
    if response.status_code == 200:
        return response, b"".join(response.streaming_content)
    return response, response.content


@pytest.mark.django_db
def test_the_current_pdf_is_built_in_the_background_once_then_served(
        client, small_book, built, django_capture_on_commit_callbacks):
    response, body = _download(client, "/ausgaben/aktuell/kochbuch.pdf", django_capture_on_commit_callbacks)
    assert response.status_code == 202 and "Die PDF-Datei wird erstellt." in body.decode()
    assert built == []  # nothing was laid out inside the request
    work_the_queue()
    assert [book.label for book in built] == ["Aktueller Stand"]
    response, body = _download(client, "/ausgaben/aktuell/kochbuch.pdf", django_capture_on_commit_callbacks)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="kochbuch-aktuell.pdf"' in response["Content-Disposition"]
    assert body == b"%PDF-1.7 Aktueller Stand #1"
    _download(client, "/ausgaben/aktuell/kochbuch.pdf", django_capture_on_commit_callbacks)
    work_the_queue()
    assert len(built) == 1  # the second request did not rebuild
    assert PrintFile.objects.get().pages == 3


@pytest.mark.django_db
def test_a_content_change_rebuilds_the_current_pdf_through_the_task(
        client, small_book, editor, built, settings, django_capture_on_commit_callbacks):
    settings.PRINT_REBUILD_DELAY_SECONDS = 0
    _download(client, "/ausgaben/aktuell/kochbuch.pdf", django_capture_on_commit_callbacks)
    work_the_queue()
    first = PrintFile.objects.get()
    recipe = Recipe.objects.get(number="7.1.3")
    recipe.body = "Neu geschrieben."
    with django_capture_on_commit_callbacks(execute=True):
        recipe_save(recipe=recipe, user=editor, comment="Änderung")
    assert PrintFile.objects.filter(status=PrintFile.Status.QUEUED).count() == 1
    work_the_queue()
    assert len(built) == 2 and built[1].snapshot.recipe_by_id(recipe.pk).body == "Neu geschrieben."
    response, body = _download(client, "/ausgaben/aktuell/kochbuch.pdf", django_capture_on_commit_callbacks)
    assert response.status_code == 200 and body.endswith(b"#2")
    assert not PrintFile.objects.filter(pk=first.pk).exists()
    assert not first.file.storage.exists(first.file.name)  # the outdated file is gone


@pytest.mark.django_db
def test_while_the_new_current_pdf_is_built_the_last_one_is_served_with_its_date(
        client, small_book, editor, built, settings, django_capture_on_commit_callbacks):
    settings.PRINT_REBUILD_DELAY_SECONDS = 600
    _download(client, "/ausgaben/aktuell/kochbuch.pdf", django_capture_on_commit_callbacks)
    work_the_queue()
    first = PrintFile.objects.get()
    recipe = Recipe.objects.get(number="7.1.3")
    recipe.body = "Neu geschrieben."
    with django_capture_on_commit_callbacks(execute=True):
        recipe_save(recipe=recipe, user=editor, comment="Änderung")

    response, body = _download(client, "/ausgaben/aktuell/kochbuch.pdf", django_capture_on_commit_callbacks)

    assert response.status_code == 200 and body == b"%PDF-1.7 Aktueller Stand #1"
    built_at = timezone.localtime(first.updated_at)
    assert f'filename="kochbuch-aktuell-stand-{built_at:%Y-%m-%d-%H%M}.pdf"' in response["Content-Disposition"]
    assert PrintFile.objects.filter(status=PrintFile.Status.QUEUED).exists()  # the new one is coming


@pytest.mark.django_db
def test_a_burst_of_edits_waits_and_is_folded_into_one_build(
        small_book, editor, built, settings, django_capture_on_commit_callbacks):
    settings.PRINT_REBUILD_DELAY_SECONDS = 600
    for text in ("eins", "zwei", "drei"):
        recipe = Recipe.objects.get(number="7.1.3")
        recipe.body = text
        with django_capture_on_commit_callbacks(execute=True):
            recipe_save(recipe=recipe, user=editor, comment=text)
    queued = DBTaskResult.objects.filter(task_path="editions.print_files.build_print_pdf")
    assert queued.count() == 3  # one per save: each waits ten minutes
    assert all(task.run_after > timezone.now() + datetime.timedelta(minutes=9) for task in queued)
    work_the_queue()
    assert built == []
    # when they are due, the builds of outdated states see that and step aside
    queued.update(run_after=timezone.now())
    work_the_queue()
    assert len(built) == 1 and built[0].snapshot.recipe_by_id(recipe.pk).body == "drei"
    assert PrintFile.objects.get().status == PrintFile.Status.READY


@pytest.mark.django_db
def test_an_edition_pdf_is_not_touched_by_later_edits(client, small_book, editor, built,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish(editor)  # queues its PDF
    work_the_queue()
    recipe = Recipe.objects.get(number="6.1")
    recipe.title = "Neuer Titel"
    recipe_save(recipe=recipe, user=editor, comment="danach")
    chapter = Chapter.objects.get(number=6)
    chapter.intro = "Neu."
    chapter_save(chapter=chapter, user=editor, comment="danach")
    response, body = _download(client, "/ausgaben/2027/kochbuch-2027.pdf", django_capture_on_commit_callbacks)
    assert response.status_code == 200 and body == b"%PDF-1.7 Ausgabe 2027 #1"
    assert 'filename="kochbuch-2027.pdf"' in response["Content-Disposition"]
    assert client.get("/ausgaben/2027/kochbuch-2026.pdf").status_code == 404


@pytest.mark.django_db
def test_a_failed_build_is_reported_not_retried_at_once(client, small_book, monkeypatch, settings, tmp_path,
                                                        django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"

    def broken(book):
        raise RuntimeError("kaputt")

    monkeypatch.setattr("editions.print_pdf.book_pdf", broken)
    _download(client, "/ausgaben/aktuell/kochbuch.pdf", django_capture_on_commit_callbacks)
    work_the_queue()
    assert PrintFile.objects.get().message == "RuntimeError: kaputt"
    response, body = _download(client, "/ausgaben/aktuell/kochbuch.pdf", django_capture_on_commit_callbacks)
    assert response.status_code == 503 and "konnte nicht erstellt werden" in body.decode()
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db
def test_two_workers_taking_the_same_new_state_at_once_leave_one_build(small_book, built, monkeypatch):
    """Two queued builds of outdated states both move on to the newest one; the other worker
    takes that digest right after this one worked out what to build (simulated interleaving)."""
    from editions import print_files

    mine = PrintFile.objects.create(edition=None, digest="veraltet-1")
    theirs = PrintFile.objects.create(edition=None, digest="veraltet-2")
    real_print_source = print_files.print_source

    def other_worker_meanwhile(edition):
        source = real_print_source(edition)
        PrintFile.objects.filter(pk=theirs.pk).update(digest=source.digest)
        return source

    monkeypatch.setattr(print_files, "print_source", other_worker_meanwhile)
    assert print_files.print_build(mine.pk) is None  # steps aside instead of failing
    monkeypatch.setattr(print_files, "print_source", real_print_source)
    newest = print_source(None).digest
    assert list(PrintFile.objects.values_list("pk", "digest")) == [(theirs.pk, newest)]
    assert print_files.print_build(theirs.pk).status == PrintFile.Status.READY
    assert len(built) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_building_at_the_same_moment_in_threads(small_book, built):
    """The real thing on PostgreSQL: two threads with their own connections build outdated rows."""
    import threading

    from django.db import connection, connections

    from editions.print_files import print_build

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    PrintFile.objects.all().delete()  # the rebuild the book's saves queued after commit
    rows = [PrintFile.objects.create(edition=None, digest=f"veraltet-{n}") for n in range(2)]
    start, errors, results = threading.Barrier(2), [], []

    def work(pk):
        try:
            start.wait()
            results.append(print_build(pk))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(row.pk,)) for row in rows]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(results, key=bool) == [None, PrintFile.objects.get()]  # one built, one stepped aside
    assert list(PrintFile.objects.values_list("digest", "status")) == [
        (print_source(None).digest, PrintFile.Status.READY)]


@pytest.mark.django_db
def test_a_chapter_change_also_rebuilds_the_current_pdf(small_book, editor, built, settings,
                                                         django_capture_on_commit_callbacks):
    """Every saved chapter or recipe is announced (recipes.signals); editions rebuilds on both."""
    settings.PRINT_REBUILD_DELAY_SECONDS = 0
    chapter = Chapter.objects.get(number=7)
    chapter.intro = "Eine neue Einleitung."
    with django_capture_on_commit_callbacks(execute=True):
        chapter_save(chapter=chapter, user=editor, comment="Einleitung")
    assert PrintFile.objects.filter(status=PrintFile.Status.QUEUED).count() == 1
    work_the_queue()
    assert len(built) == 1 and PrintFile.objects.get().status == PrintFile.Status.READY

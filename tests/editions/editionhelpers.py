"""Helpers for the edition tests: publishing, working the task queue, reading PDFs back."""

import datetime
import io
from unittest import mock

from django.core.management import call_command

from editions.services import edition_publish


def publish(editor, name="Ausgabe 2027", date=datetime.date(2027, 3, 1), note=""):
    return edition_publish(name=name, date=date, note=note, user=editor)


def work_the_queue():
    """What `manage.py db_worker` does in production: run every queued task once.

    The worker closes "old" connections between tasks; inside a test's transaction that would
    close the test's own connection on PostgreSQL, so that check is switched off here.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def pdf_outline(data: bytes) -> list[tuple[int, str, int]]:
    """(level, title, page number) of every bookmark, read with pdfminer (pdfplumber's base)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    page_numbers = {page.pageid: number for number, page in enumerate(PDFPage.create_pages(document), start=1)}
    outline = []
    for level, title, dest, action, _ in document.get_outlines():
        if dest is None and action is not None:
            dest = resolve1(action).get("D")
        dest = resolve1(dest)
        if isinstance(dest, (bytes, str)):
            dest = resolve1(document.get_dest(dest))
        if isinstance(dest, dict):
            dest = resolve1(dest["D"])
        outline.append((level, title, page_numbers[dest[0].objid]))
    return outline


def pdf_pages_text(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def pdf_page_regions(data: bytes, band: float = 66) -> list[tuple[str, str]]:
    """(header text, footer text) of every page: what lies in the top and bottom ``band`` pt."""
    import pdfplumber

    regions = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            top = page.within_bbox((0, 0, page.width, band)).extract_text() or ""
            bottom = page.within_bbox((0, page.height - band, page.width, page.height)).extract_text() or ""
            regions.append((top, bottom))
    return regions


def pdf_catalog(data: bytes) -> dict:
    """The document catalog (tags, language …), with its direct values resolved."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    return {key: resolve1(value) for key, value in document.catalog.items()}

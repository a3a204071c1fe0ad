"""Print PDFs are sent by the app, or, behind nginx (MEDIA_ACCEL_PREFIX), by nginx itself."""

import pytest

from editions.models import PrintFile
from editions.print_pdf import PdfResult
from tests.editions.editionhelpers import work_the_queue

pytestmark = pytest.mark.django_db
URL = "/ausgaben/aktuell/kochbuch.pdf"


@pytest.fixture
def built_pdf(client, small_book, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    """The current state's PDF, built by the queue (with a stand-in for the slow layout)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("editions.print_pdf.book_pdf",
                        lambda book: PdfResult(data=b"%PDF-1.7 Probe", pages=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(URL).status_code == 202
    work_the_queue()
    return PrintFile.objects.get()


def test_without_a_prefix_the_app_sends_the_file(client, built_pdf, settings):
    settings.MEDIA_ACCEL_PREFIX = ""
    response = client.get(URL)
    assert response.status_code == 200 and "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == b"%PDF-1.7 Probe"


def test_behind_nginx_the_app_names_the_file_and_nginx_sends_it(client, built_pdf, settings):
    settings.MEDIA_ACCEL_PREFIX = "/_media/"
    response = client.get(URL)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/_media/{built_pdf.file.name}"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="kochbuch-aktuell.pdf"'


def test_a_lost_file_is_rebuilt_not_handed_to_nginx(client, built_pdf, settings,
                                                    django_capture_on_commit_callbacks):
    settings.MEDIA_ACCEL_PREFIX = "/_media/"
    built_pdf.file.storage.delete(built_pdf.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(URL)
    assert response.status_code == 202 and "X-Accel-Redirect" not in response

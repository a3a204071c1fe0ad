import pytest

from tests.editions.pdfbuilder import Style, build_pdf
from tests.editions.samplebook import sample_book


@pytest.fixture(scope="session")
def sample_pdf_bytes():
    return build_pdf(sample_book(), Style()).data


@pytest.fixture
def sample_pdf(tmp_path, sample_pdf_bytes):
    path = tmp_path / "kochbuch.pdf"
    path.write_bytes(sample_pdf_bytes)
    return path

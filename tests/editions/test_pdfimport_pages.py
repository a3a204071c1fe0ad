"""Start and end pages follow the numbers printed on the pages, not the PDF's page count:
footers ("Seite N", after unnumbered front matter), the PDF's /PageLabels, and the table of
contents when the pages carry no numbers. A page below 1 is never emitted; where the page
numbers and the contents disagree, the preview says so. Each PDF is generated here, with
printed numbers that differ from the PDF's page indices."""

import io
from types import SimpleNamespace

import pytest

from editions.pdfimport import parse_pdf
from editions.pdfimport.reader import _creation_date

try:
    from .pdfbuilder import Style, build_pdf
    from .samplebook import sample_book
except ImportError:  # tests/ is not a package
    from pdfbuilder import Style, build_pdf
    from samplebook import sample_book


def parse(style):
    built = build_pdf(sample_book(), style)
    return built, parse_pdf(io.BytesIO(built.data))


def pages(book):
    return {h.number: (h.page, h.page_end) for h in book.headings}


def expected(built):
    return {h["number"]: h["page"] for h in built.headings}


def test_the_printed_numbers_differ_from_the_pdf_pages_in_these_books():
    built = build_pdf(sample_book(), Style(footer="seite", number_from_body=True))
    assert all(h["page"] != h["pdf_page"] + 1 for h in built.headings)
    assert built.headings[0]["page"] == 1 and built.headings[0]["pdf_page"] > 0


@pytest.mark.parametrize("style", [
    Style(footer="seite", number_from_body=True),  # Word-style "Seite N" footers
    Style(footer="none", number_from_body=True, page_labels=1),  # only the PDF's page labels
    Style(footer="none", number_from_body=True),  # only the table of contents
], ids=["seite-footers", "page-labels", "contents-only"])
def test_start_pages_are_the_printed_numbers_and_never_below_one(style):
    built, book = parse(style)
    assert {number: start for number, (start, _end) in pages(book).items()} == expected(built)
    assert all(start >= 1 and end >= start for start, end in pages(book).values())


def test_page_labels_win_over_the_pdf_page_count():
    built, book = parse(Style(footer="none", number_from_body=True, page_labels=1))
    assert pages(book)["1"][0] == 1
    assert not book.warnings  # labels and contents agree


def test_without_any_printed_numbers_the_contents_give_the_pages_and_the_preview_says_so():
    _built, book = parse(Style(footer="none", number_from_body=True))
    assert book.warnings == ["Die Seiten tragen keine Seitenzahlen; die Seitenangaben folgen dem "
                             "Inhaltsverzeichnis."]


def test_labels_that_disagree_with_the_contents_are_reported():
    built, book = parse(Style(footer="none", number_from_body=True, page_labels=3))
    # the labels are what the pages say: two more than the contents
    assert pages(book)["1"][0] == expected(built)["1"] + 2
    assert f"Überschrift 1 steht laut Inhaltsverzeichnis auf Seite {expected(built)['1']}, " \
           f"im Text auf Seite {expected(built)['1'] + 2}" in book.warnings


def test_the_edition_date_is_read_from_the_metadata():
    document = SimpleNamespace(info=[{"CreationDate": b"D:20160922101500+02'00'"}])
    assert _creation_date(document) == "2016-09-22"
    assert _creation_date(SimpleNamespace(info=[{"CreationDate": b"kaputt"}])) is None
    assert _creation_date(SimpleNamespace(info=[])) is None

"""The PDF parser on books typeset by reportlab in several print styles."""

import functools
import io
import json
import os
import random
from difflib import SequenceMatcher

import pytest

from editions.pdfimport import (
    CorruptPdf,
    EncryptedPdf,
    ImportMemoryExceeded,
    ImportTimeout,
    NoHeadings,
    NotAPdf,
    NoTextLayer,
    PdfImportError,
    parse_pdf,
    parse_pdf_limited,
)
from editions.pdfimport.cleanup import join_lines, printed_page_numbers
from editions.pdfimport.headings import Heading, numbering_warnings

try:
    from .pdfbuilder import Style, build_pdf
    from .samplebook import expected_bodies, markdown_words, sample_book
except ImportError:  # tests/ is not a package
    from pdfbuilder import Style, build_pdf
    from samplebook import expected_bodies, markdown_words, sample_book

STYLES = {
    "standin": Style(),
    "times_seite": Style(font="Times", chapter_dot=False, footer="seite", number_from_body=True),
    "two_columns": Style(columns=2),
    "toc_without_numbers": Style(toc_page_numbers=False),
    "ragged_times_columns": Style(
        font="Times", columns=2, justify=False, chapter_dot=False, section_dot=True, toc_page_numbers=False
    ),
}
BOOK = sample_book()
BODIES = expected_bodies(BOOK)


@functools.cache
def typeset_and_parse(style: str):
    """Each style is typeset and parsed once per test run."""
    built = build_pdf(BOOK, STYLES[style])
    return built, parse_pdf(io.BytesIO(built.data))


@pytest.fixture(scope="module", params=list(STYLES))
def parsed(request):
    return typeset_and_parse(request.param)


@pytest.fixture(scope="module")
def standin():
    return typeset_and_parse("standin")


def by_number(book):
    return {h.number: h for h in book.headings}


def all_markdown(book) -> str:
    return "\n\n".join(h.markdown for h in book.headings)


# ----------------------------------------------------------------------- structure
def test_every_heading_is_found_with_level_number_title_and_printed_page(parsed):
    built, book = parsed
    expected = [(h["level"], h["number"], h["title"], h["page"]) for h in built.headings]
    assert [(h.level, h.number, h.title, h.page) for h in book.headings] == expected


def test_chapters_keep_subtitle_and_reading_hint_out_of_the_intro(parsed):
    built, book = parsed
    found = by_number(book)
    for h in built.headings:
        if h["level"] == 1:
            got = found[h["number"]]
            assert (got.subtitle, got.teaser) == (h["subtitle"], h["teaser"])
            assert "Lesen Sie" not in got.markdown
            assert not got.markdown.startswith(h["subtitle"])


def test_body_words_come_out_complete_and_in_reading_order(parsed):
    _, book = parsed
    for number, expected in BODIES.items():
        got = markdown_words(by_number(book)[number].markdown)
        ratio = SequenceMatcher(None, expected, got, autojunk=False).ratio()
        assert ratio >= 0.99, (number, ratio, got[:40])


def test_every_heading_records_the_pages_it_starts_and_ends_on(parsed):
    built, book = parsed
    first = by_number(book)["1"]
    assert first.page == built.headings[0]["page"]
    assert book.headings[-1].page_end >= book.headings[-1].page
    assert all(h.page <= h.page_end for h in book.headings)


def test_seite_footers_give_printed_numbers_starting_after_the_front_matter():
    _, book = typeset_and_parse("times_seite")
    assert by_number(book)["1"].page == 1
    assert "Seite" not in all_markdown(book)


def test_printed_numbers_follow_the_footers_and_ignore_a_stray_number():
    # Indexes 2-5 carry 1-4 (index 4 shows a stray "2016"), from index 7 the count jumps to 10.
    found = {2: 1, 3: 2, 5: 4, 4: 2016, 7: 10, 8: 11}
    assert printed_page_numbers(found, 10) == [-1, 0, 1, 2, 3, 4, 5, 10, 11, 12]
    assert printed_page_numbers({}, 3) == [1, 2, 3]


def test_a_clean_book_gives_no_warnings(parsed):
    assert parsed[1].warnings == []


def test_numbered_list_items_in_the_body_are_not_headings(parsed):
    _, book = parsed
    assert not any("Schritt" in h.title or "Antrag" in h.title for h in book.headings)
    assert "1. Schritt: Bestandsaufnahme der Verfahren machen.\n2. Schritt:" in by_number(book)["1.2"].markdown
    assert "1. Antrag online stellen.\n2. Nachweise hochladen." in by_number(book)["2.1.2"].markdown


def test_toc_entries_do_not_become_headings(parsed):
    _, book = parsed
    numbers = [h.number for h in book.headings]
    assert len(numbers) == len(set(numbers)) == len(BODIES)


# ---------------------------------------------------------------------- cleanup
def test_hyphenated_words_are_joined_and_real_hyphens_kept(parsed):
    built, book = parsed
    text = " ".join(markdown_words(all_markdown(book)))
    kinds = {kind for _, _, kind in built.breaks}
    assert kinds == {"syllable", "hyphen"}
    for head, tail, kind in built.breaks:
        word = head[:-1] + tail if kind == "syllable" else head + tail
        assert word in text, (head, tail)
    assert "E-Government-Beispiele" in text and "IT-gestützte" in text
    assert "Workflow- und Prozessplattform" in text
    assert "Verwaltung dokumentiert die Prozesse und die Zuständigkeiten" in text


def test_join_lines_distinguishes_hyphenation_from_real_hyphens():
    assert join_lines(["Die Verwal-", "tung"]) == "Die Verwaltung"
    assert join_lines(["die E-Government-", "Beispiele"]) == "die E-Government-Beispiele"
    assert join_lines(["die IT-", "Abteilung"]) == "die IT-Abteilung"
    assert join_lines(["eine E-", "Akte"]) == "eine E-Akte"
    assert join_lines(["IT-", "gestützt"]) == "IT-gestützt"
    assert join_lines(["Workflow-", "und Prozessplattform"]) == "Workflow- und Prozessplattform"
    assert join_lines(["Ende –", "und weiter"]) == "Ende – und weiter"


def test_running_headers_footers_and_page_numbers_are_removed(parsed):
    built, book = parsed
    markdown = all_markdown(book)
    assert BOOK.title not in markdown
    lines = [line.strip() for line in markdown.splitlines()]
    assert not any(line.isdigit() for line in lines)
    for chapter in BOOK.chapters:
        # The chapter title is the running header of odd pages; it must not reappear.
        assert chapter.title not in markdown


# ----------------------------------------------------------------------- blocks
def test_tables_become_markdown_pipe_tables(parsed):
    _, book = parsed
    markdown = by_number(book)["1.1"].markdown
    assert "| Vorhaben | Nutzen | Dauer |\n| --- | --- | --- |\n" in markdown
    assert "| Die interkommunale Zusammenarbeit | mittel | 6 Monate |" in markdown


def test_a_table_with_rules_between_rows_only_becomes_a_table_too(parsed):
    _, book = parsed
    markdown = by_number(book)["3.1"].markdown
    assert "| Dimension | Frage | Messgröße |\n| --- | --- | --- |\n" in markdown
    assert "| Zeit | Wie lange dauert die Bearbeitung? | Tage |" in markdown


def test_a_table_running_over_a_page_or_column_break_stays_one_table(parsed):
    _, book = parsed
    markdown = by_number(book)["2.3"].markdown
    rows = [line for line in markdown.splitlines() if line.startswith("|")]
    assert len(rows) == 47  # header, separator, 45 rows
    assert rows[0] == "| Baustein | Aufwand |"
    assert rows[-1] == "| Baustein Nummer 45 der Planung | 45 Tage |"


def test_bullet_lists_become_markdown_lists(parsed):
    _, book = parsed
    assert (
        "- Beginnen Sie mit einer Bestandsaufnahme der vorhandenen Verfahren.\n"
        "- Beziehen Sie den Personalrat und den Datenschutz früh ein.\n"
        "- Planen Sie Schulungen für alle betroffenen Beschäftigten ein."
    ) in by_number(book)["1.1"].markdown


def test_tip_boxes_become_blockquotes_with_their_label(parsed):
    _, book = parsed
    markdown = by_number(book)["1.2"].markdown
    assert "> **Tipp aus der Praxis**\n>\n> Beginnen Sie klein: Ein überschaubares Verfahren" in markdown


def test_figure_captions_are_paragraphs_of_their_own(parsed):
    _, book = parsed
    assert "\n\n*Abbildung: Das Bürgerportal im Überblick*\n\n" in by_number(book)["2.1.1"].markdown


def test_two_column_pages_are_read_left_column_first():
    _, book = typeset_and_parse("two_columns")
    words = markdown_words(by_number(book)["1.1"].markdown)
    expected = BODIES["1.1"]
    assert words == expected


# ---------------------------------------------------------------------- warnings
def test_a_gap_in_the_numbering_is_reported():
    built = build_pdf(sample_book(skip_section="3.2"), Style(toc_page_numbers=False))
    book = parse_pdf(io.BytesIO(built.data))
    assert "Überschrift 3.2 fehlt" in book.warnings
    assert "3.3" in by_number(book)


def test_a_page_without_text_inside_the_book_is_reported():
    built = build_pdf(sample_book(image_page=True))
    book = parse_pdf(io.BytesIO(built.data))
    assert [f"Seite {n} ohne Text" for n in built.image_pages] == book.warnings
    assert len(book.headings) == len(BODIES)


def test_gaps_are_named_down_to_the_missing_level():
    def heading(number):
        return Heading(number=number, level=number.count(".") + 1, title="T", start=0, end=0, line=None)

    headings = [heading(n) for n in ["1", "1.1", "1.3", "3", "3.2", "3.2.2"]]
    assert numbering_warnings(headings, []) == [
        "Überschrift 1.2 fehlt", "Überschrift 2 fehlt", "Überschrift 3.1 fehlt", "Überschrift 3.2.1 fehlt",
    ]


# -------------------------------------------------------------------- bad input
def test_random_bytes_are_not_a_pdf():
    data = random.Random(1).randbytes(4000)
    with pytest.raises(NotAPdf) as info:
        parse_pdf(io.BytesIO(data))
    assert info.value.message == "Die Datei ist keine PDF-Datei."


def test_a_text_file_is_not_a_pdf(tmp_path):
    path = tmp_path / "kochbuch.pdf"
    path.write_text("1. E-Government per Kochbuch?\nDas ist kein PDF.\n", encoding="utf-8")
    with pytest.raises(NotAPdf):
        parse_pdf(path)


def test_an_encrypted_pdf_is_refused():
    built = build_pdf(BOOK, user_password="geheim")
    with pytest.raises(EncryptedPdf) as info:
        parse_pdf(io.BytesIO(built.data))
    assert "verschlüsselt" in info.value.message


def test_a_copy_protected_pdf_that_opens_without_password_is_read():
    built = build_pdf(BOOK, copy_protected=True)
    book = parse_pdf(io.BytesIO(built.data))
    assert [h.number for h in book.headings] == [h["number"] for h in built.headings]


def test_a_scan_without_text_layer_asks_for_ocr():
    from reportlab.pdfgen import canvas

    try:
        from .pdfbuilder import _draw_scan
    except ImportError:
        from pdfbuilder import _draw_scan
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    for _ in range(3):
        _draw_scan(c)
        c.showPage()
    c.save()
    with pytest.raises(NoTextLayer) as info:
        parse_pdf(io.BytesIO(buffer.getvalue()))
    assert info.value.message == "Die PDF-Datei enthält keinen Text – bitte zuerst OCR durchführen."


def test_a_truncated_pdf_is_reported_as_corrupt(standin):
    built, _ = standin
    with pytest.raises(CorruptPdf):
        parse_pdf(io.BytesIO(built.data[: len(built.data) // 2]))


def test_a_pdf_with_a_broken_body_is_reported_as_corrupt():
    data = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    with pytest.raises(CorruptPdf):
        parse_pdf(io.BytesIO(data))


def test_a_pdf_without_numbered_headings_is_refused():
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    for page in range(2):
        for k in range(30):
            c.drawString(72, 760 - 20 * k, f"Ein Satz ohne Gliederung, Zeile {k} auf Blatt {page}.")
        c.showPage()
    c.save()
    with pytest.raises(NoHeadings) as info:
        parse_pdf(io.BytesIO(buffer.getvalue()))
    assert info.value.message.startswith("Keine nummerierten Überschriften erkannt")


# ---------------------------------------------------------------------- API
def test_progress_is_reported_per_page(standin):
    built, _ = standin
    calls = []
    parse_pdf(io.BytesIO(built.data), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(n, built.pages) for n in range(1, built.pages + 1)]


def test_as_dict_has_the_dry_run_shape(standin):
    _, book = standin
    data = json.loads(json.dumps(book.as_dict()))
    assert set(data) == {"pages", "headings"}
    chapter, section = data["headings"][0], data["headings"][1]
    assert set(chapter) == {"level", "number", "title", "subtitle", "teaser", "page", "page_end", "markdown"}
    assert set(section) == {"level", "number", "title", "page", "page_end", "markdown"}


def test_parse_pdf_accepts_a_path(tmp_path, standin):
    built, book = standin
    path = tmp_path / "buch.pdf"
    path.write_bytes(built.data)
    assert parse_pdf(os.fspath(path)).as_dict() == book.as_dict()


def test_limited_parsing_in_a_child_process_gives_the_same_book(tmp_path, standin):
    built, book = standin
    path = tmp_path / "buch.pdf"
    path.write_bytes(built.data)
    limited = parse_pdf_limited(path, timeout_seconds=60, memory_mb=1024)
    assert limited == book


def test_limited_parsing_reports_the_childs_error_in_german(tmp_path):
    path = tmp_path / "kein.pdf"
    path.write_bytes(b"Hallo")
    with pytest.raises(NotAPdf):
        parse_pdf_limited(path, timeout_seconds=60)


def test_limited_parsing_stops_at_the_timeout(tmp_path, standin):
    built, _ = standin
    path = tmp_path / "buch.pdf"
    path.write_bytes(built.data)
    with pytest.raises(ImportTimeout) as info:
        parse_pdf_limited(path, timeout_seconds=0.05)
    assert isinstance(info.value, PdfImportError)
    assert "Sekunden" in info.value.message


def test_limited_parsing_stops_at_the_memory_limit(tmp_path, standin):
    built, _ = standin
    path = tmp_path / "buch.pdf"
    path.write_bytes(built.data)
    with pytest.raises(ImportMemoryExceeded) as info:
        parse_pdf_limited(path, timeout_seconds=60, memory_mb=40)
    assert "Arbeitsspeicher" in info.value.message



def test_the_parsing_child_sees_none_of_the_servers_secrets(tmp_path, standin, monkeypatch):
    from editions.pdfimport import limits

    monkeypatch.setenv("SECRET_KEY", "geheim-schluessel")
    monkeypatch.setenv("DATABASE_URL", "postgres://kochbuch:geheim@db/kochbuch")
    monkeypatch.setenv("EMAIL_HOST_PASSWORD", "geheim-post")
    started = []
    real_popen = limits.subprocess.Popen

    def popen(command, **kwargs):
        started.append(kwargs["env"])
        return real_popen(command, **kwargs)

    monkeypatch.setattr(limits.subprocess, "Popen", popen)
    built, book = standin
    path = tmp_path / "buch.pdf"
    path.write_bytes(built.data)
    assert parse_pdf_limited(path, timeout_seconds=60) == book  # the child still works
    [env] = started
    assert "geheim" not in json.dumps(env)
    assert set(env) <= {"PATH", "LANG", "LC_ALL", "LC_CTYPE", "HOME", "TMPDIR", "TMP", "TEMP", "PYTHONPATH"}
    assert env["PATH"] == os.environ["PATH"]

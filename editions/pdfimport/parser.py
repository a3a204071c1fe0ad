"""parse_pdf: from a PDF file to the book's headings with Markdown bodies."""

from collections import Counter
from collections.abc import Callable

from .blocks import Stats, to_markdown
from .chapter import split_intro
from .cleanup import find_furniture, label_page_numbers, printed_page_numbers
from .errors import NoHeadings, NoTextLayer
from .headings import Heading, find_toc, numbering_warnings, select_headings
from .layout import Line, page_lines, place_tables
from .reader import Source, read_pages
from .regions import assign_boxes, find_boxes, find_tables
from .result import ParsedBook, ParsedHeading

MIN_CHARS_PER_PAGE = 15  # below this on average, the PDF is a scan without text layer


def _layout(source: Source, progress, meta) -> tuple[list[list], list[float], list[bool], int]:
    pages: list[list] = []
    heights: list[float] = []
    has_images: list[bool] = []
    ink = 0
    meta["labels"] = []
    for raw in read_pages(source, progress, meta):
        meta["labels"].append(raw.label)
        tables, frames = find_tables(raw)
        exclude = [(t.x0, t.top, t.x1, t.bottom) for t in tables]
        lines, gutter = page_lines(raw, exclude)
        assign_boxes(lines, find_boxes(raw, frames, tables), raw.index)
        if gutter:
            middle = (gutter[0] + gutter[1]) / 2
            for table in tables:
                if table.x1 < middle:
                    table.column = 1
                elif table.x0 > middle:
                    table.column = 2
        pages.append(place_tables(lines, tables))
        heights.append(raw.height)
        has_images.append(bool(raw.images))
        ink += sum(1 for c in raw.chars if not c.text.isspace())
    return pages, heights, has_images, ink


def _stats(pages: list[list]) -> Stats:
    sizes: Counter = Counter()
    for items in pages:
        for line in items:
            if isinstance(line, Line):
                sizes[round(line.size * 2) / 2] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    pitches: Counter = Counter()
    for items in pages:
        lines = [l for l in items if isinstance(l, Line) and abs(l.size - body) < 0.6]
        for a, b in zip(lines, lines[1:]):
            dy = b.baseline - a.baseline
            if a.column == b.column and 0.9 * body < dy < 2.5 * body:
                pitches[round(dy, 1)] += 1
    pitch = pitches.most_common(1)[0][0] if pitches else 1.2 * body
    return Stats(body_size=body, pitch=pitch)


def _flow(pages: list[list], skip: set[int]) -> list:
    flow: list = []
    for index, items in enumerate(pages):
        if index in skip:
            continue
        last = None
        for item in items:
            item.flow_break = last is None or getattr(item, "column", 0) != getattr(last, "column", 0)
            flow.append(item)
            last = item
    return flow


def _page_of(item) -> int:
    return item.page


def parse_pdf(source: Source, *, progress: Callable[[int, int], None] | None = None) -> ParsedBook:
    """Parse a text PDF of the book into numbered headings with Markdown bodies.

    ``progress(done, total)`` is called after each page is read. Raises a
    PdfImportError subclass (with a German ``message``) for unusable input.
    """
    meta: dict = {}
    pages, heights, has_images, ink = _layout(source, progress, meta)
    page_count = len(pages)
    if ink < MIN_CHARS_PER_PAGE * page_count:
        raise NoTextLayer()
    stats = _stats(pages)

    furniture, found_numbers = find_furniture(
        [[i for i in items if isinstance(i, Line)] for items in pages], heights, stats.body_size, stats.pitch
    )
    pages = [[i for i in items if id(i) not in furniture] for items in pages]
    # Page references follow the numbers printed on the pages: the PDF's own page labels
    # where it has them, else the numbers in headers and footers (checked against the
    # table of contents below).
    printed = label_page_numbers(meta["labels"]) or printed_page_numbers(found_numbers, page_count)
    numbered = bool(label_page_numbers(meta["labels"]) or found_numbers)

    toc_pages, toc = find_toc([[i for i in items if isinstance(i, Line)] for items in pages])
    flow = _flow(pages, toc_pages)
    headings = select_headings(flow, stats.body_size, toc)
    if not headings:
        raise NoHeadings()

    warnings = []
    if not numbered:
        printed, note = _numbers_from_toc(headings, toc, page_count)
        warnings += [note] if note else []
    listed = {e.number: e.page for e in toc if e.page is not None}
    parsed: list[ParsedHeading] = []
    for n, heading in enumerate(headings):
        stop = headings[n + 1].start if n + 1 < len(headings) else len(flow)
        parsed.append(_build(heading, flow[heading.end:stop], stats, printed, listed))

    warnings += numbering_warnings(headings, toc)
    warnings += _toc_page_warnings(headings, toc, printed)
    warnings += _empty_page_warnings(pages, has_images, headings, toc_pages, printed)
    return ParsedBook(pages=page_count, headings=parsed, warnings=warnings, date=meta.get("date"))


def _build(heading: Heading, items: list, stats: Stats, printed: list[int | None], listed: dict) -> ParsedHeading:
    subtitle = teaser = None
    if heading.level == 1:
        subtitle, teaser, items = split_intro(items, heading.line, stats)
    start = heading.line.page
    end = max([start] + [_page_of(i) for i in items])
    # A heading on a page without a printed number (front matter): the contents' page, if any.
    page = printed[start] if printed[start] is not None else listed.get(heading.number)
    page_end = printed[end] if printed[end] is not None else page
    return ParsedHeading(
        level=heading.level,
        number=heading.number,
        title=heading.title,
        page=page,
        page_end=max(page_end, page) if page and page_end else page_end,
        markdown=to_markdown(items, stats),
        subtitle=subtitle,
        teaser=teaser,
    )


def _numbers_from_toc(headings: list[Heading], toc, page_count: int) -> tuple[list[int | None], str]:
    """Without printed numbers on the pages, the table of contents tells them: the most common
    difference between a heading's PDF page and its page in the contents. Without contents
    pages, the PDF's page count stands in (and the preview says so)."""
    listed = {e.number: e.page for e in toc if e.page is not None}
    offsets = Counter(listed[h.number] - h.line.page for h in headings if h.number in listed)
    if offsets:
        offset = offsets.most_common(1)[0][0]
        return [index + offset if index + offset >= 1 else None for index in range(page_count)], (
            "Die Seiten tragen keine Seitenzahlen; die Seitenangaben folgen dem Inhaltsverzeichnis.")
    return [index + 1 for index in range(page_count)], (
        "Weder die Seiten noch ein Inhaltsverzeichnis nennen Seitenzahlen; die Seitenangaben "
        "zählen die Seiten der PDF-Datei.")


def _toc_page_warnings(headings: list[Heading], toc, printed: list[int | None]) -> list[str]:
    listed = {e.number: e.page for e in toc if e.page is not None}
    warnings = []
    for h in headings:
        expected = listed.get(h.number)
        actual = printed[h.line.page]
        if actual is None:
            continue  # a page without a number: the contents' page is taken (see _build)
        if expected is not None and expected != actual:
            warnings.append(
                f"Überschrift {h.number} steht laut Inhaltsverzeichnis auf Seite {expected}, "
                f"im Text auf Seite {actual}"
            )
    return warnings


def _empty_page_warnings(pages, has_images, headings, toc_pages, printed) -> list[str]:
    """Pages inside the book without any text (a scanned insert, a lost page).

    Front matter and the empty left page before a chapter are normal in print.
    """
    first = headings[0].line.page
    chapter_pages = {h.line.page for h in headings if h.level == 1}
    warnings = []
    for index, items in enumerate(pages):
        if index <= first or index in toc_pages or items:
            continue
        if index + 1 in chapter_pages and not has_images[index]:
            continue
        if index == len(pages) - 1 and not has_images[index]:
            continue
        label = f"Seite {printed[index]}" if printed[index] else f"PDF-Seite {index + 1} (ohne Seitenzahl)"
        warnings.append(f"{label} ohne Text")
    return warnings

"""Typeset a small book into a print-like PDF with reportlab, for the parser tests.

The layout mimics a print book: title page, table of contents (with dot leaders and
page numbers, or without numbers), chapters with a large number, subtitle and reading
hint, numbered sections, justified paragraphs hyphenated at soft hyphens (U+00AD) and
after real hyphens, bullet and numbered lists, a ruled table that may run over a page
break, a tip box, a figure with caption, running headers and footers, one or two
columns. ``build_pdf`` returns the bytes plus what a parser should find.
"""

import io
import math
from dataclasses import dataclass, field

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

SHY = "\u00ad"
PAGE_W, PAGE_H = 595.28, 841.89
MARGIN_X, BODY_TOP, BODY_BOTTOM = 72.0, 90.0, 765.0
FONTS = {
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
    "Times": ("Times-Roman", "Times-Bold", "Times-Italic"),
}


# ----------------------------------------------------------------------------- content
@dataclass
class P:
    text: str  # "\n" forces a line break; U+00AD marks where a word may be hyphenated


@dataclass
class UL:
    items: list[str]


@dataclass
class OL:
    items: list[str]
    bold: bool = False


@dataclass
class Table:
    rows: list[list[str]]  # first row is the header
    grid: bool = True  # False: horizontal rules only


@dataclass
class Tip:
    label: str
    text: str


@dataclass
class Figure:
    caption: str


@dataclass
class ImagePage:
    """A scanned page without text layer."""


@dataclass
class Section:
    number: str
    title: str
    body: list = field(default_factory=list)
    sections: list["Section"] = field(default_factory=list)


@dataclass
class Chapter:
    number: str
    title: str
    subtitle: str | None = None
    teaser: str | None = None
    body: list = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass
class Book:
    title: str
    chapters: list[Chapter]


@dataclass
class Style:
    font: str = "Helvetica"  # or "Times"
    body_size: float = 10.5
    leading: float = 15.0
    chapter_size: float = 22.0
    section_size: float = 14.0
    subsection_size: float = 11.5
    chapter_dot: bool = True  # "1." or "1"
    section_dot: bool = False  # "1.1" or "1.1."
    footer: str = "number"  # "number": "9" centred; "seite": "Seite 9" right; "none": no numbers
    columns: int = 1
    toc_page_numbers: bool = True
    number_from_body: bool = False  # printed numbering starts at 1 on the first chapter page
    chapter_on_odd: bool = True  # chapters start on odd pages (empty left page before)
    justify: bool = True  # False: ragged right
    page_labels: int | None = None  # /PageLabels: front matter "i, ii …", the body from this number


@dataclass
class BuiltPdf:
    data: bytes
    headings: list[dict]  # number, level, title, subtitle, teaser, page (printed), pdf_page
    breaks: list[tuple[str, str, str]]  # (line end, next line start, "syllable"|"hyphen")
    pages: int
    image_pages: list[int]  # printed numbers of scanned pages without text


# ------------------------------------------------------------------------ typesetting
def wrap(text: str, font: str, size: float, width: float, breaks: list) -> list[tuple[list[str], bool]]:
    """Greedy line breaking; returns (words, justified) per line."""
    space = stringWidth(" ", font, size)
    lines: list[tuple[list[str], bool]] = []

    def width_of(words):
        return stringWidth(" ".join(w.replace(SHY, "") for w in words), font, size)

    segments = text.split("\n")
    for seg_index, segment in enumerate(segments):
        queue = segment.split()
        current: list[str] = []
        while queue:
            word = queue.pop(0)
            if width_of(current + [word]) <= width:
                current.append(word)
                continue
            avail = width - width_of(current) - (space if current else 0)
            split = _split_word(word, avail, font, size)
            if split:
                head, tail, kind = split
                current.append(head)
                breaks.append((head, tail.replace(SHY, ""), kind))
                lines.append((current, True))
                current = []
                queue.insert(0, tail)
            elif current:
                lines.append((current, True))
                current = []
                queue.insert(0, word)
            else:
                lines.append(([word], False))
        if current:
            lines.append((current, False))
            if seg_index < len(segments) - 1:  # a forced break inside a word
                last = current[-1]
                following = segments[seg_index + 1].split()[:1]
                if last.endswith(SHY):
                    breaks.append((last[:-1].replace(SHY, "") + "-", "".join(following), "syllable"))
                elif last.endswith("-") and not segment.endswith(" "):
                    breaks.append((last.replace(SHY, ""), "".join(following), "hyphen"))
    return [([_display(w) for w in words], justified) for words, justified in lines]


def _display(word: str) -> str:
    """A word as printed: soft hyphens vanish, except at a line end where they show as '-'."""
    if word.endswith(SHY):
        return word.replace(SHY, "") + "-"
    return word.replace(SHY, "")


def _split_word(word: str, avail: float, font: str, size: float):
    best = None
    for i, ch in enumerate(word):
        if ch == SHY:
            head, tail, kind = word[:i] + "-", word[i + 1:], "syllable"
        elif ch == "-" and 0 < i < len(word) - 1:
            head, tail, kind = word[: i + 1], word[i + 1:], "hyphen"
        else:
            continue
        if len(head.replace(SHY, "")) < 3 or len(tail.replace(SHY, "")) < 2:
            continue
        if stringWidth(head.replace(SHY, ""), font, size) <= avail:
            best = (head.replace(SHY, ""), tail, kind)
    return best


@dataclass
class _Page:
    kind: str  # title, blank, toc, body, image
    chapter: str | None = None
    ops: list = field(default_factory=list)


class _Setter:
    def __init__(self, style: Style):
        self.style = style
        self.regular, self.bold, self.italic = FONTS[style.font]
        self.pages: list[_Page] = []
        self.breaks: list = []
        self.headings: list[dict] = []
        self.chapter_title: str | None = None
        self.column = 0
        self.y = BODY_TOP
        self.column_top = BODY_TOP

    # geometry
    @property
    def x0(self) -> float:
        if self.style.columns == 1:
            return MARGIN_X
        return MARGIN_X + self.column * (self.column_width + 20)

    @property
    def column_width(self) -> float:
        full = PAGE_W - 2 * MARGIN_X
        return full if self.style.columns == 1 else (full - 20) / 2

    def op(self, *args):
        self.pages[-1].ops.append(args)

    def new_page(self, kind="body"):
        self.pages.append(_Page(kind, self.chapter_title))
        self.column = 0
        self.y = self.column_top = BODY_TOP

    def ensure(self, height: float):
        if self.y + height <= BODY_BOTTOM:
            return
        if self.style.columns == 2 and self.column == 0:
            self.column = 1
            self.y = self.column_top
        else:
            self.new_page()

    # blocks
    def paragraph(self, text: str, size=None, font=None, indent=0.0, width=None, gap=6.0):
        size = size or self.style.body_size
        font = font or self.regular
        leading = self.style.leading * size / self.style.body_size
        width = (width or self.column_width) - indent
        for words, justified in wrap(text, font, size, width, self.breaks):
            self.ensure(leading)
            self._line(words, justified and self.style.justify, self.x0 + indent, width, font, size)
            self.y += leading
        self.y += gap

    def _line(self, words, justified, x, width, font, size, color=(0, 0, 0)):
        baseline = self.y + size
        if justified and len(words) > 1:
            total = sum(stringWidth(w, font, size) for w in words)
            gap = (width - total) / (len(words) - 1)
            for w in words:
                self.op("text", x, baseline, font, size, w, color)
                x += stringWidth(w, font, size) + gap
        else:
            self.op("text", x, baseline, font, size, " ".join(words), color)

    def bullets(self, items, marker=None, bold=False):
        size = self.style.body_size
        font = self.bold if bold else self.regular
        for n, item in enumerate(items, start=1):
            mark = marker or f"{n}."
            lines = wrap(item, font, size, self.column_width - 30, self.breaks)
            for k, (words, _) in enumerate(lines):
                self.ensure(self.style.leading)
                if k == 0:
                    self.op("text", self.x0 + 12, self.y + size, font, size, mark, (0, 0, 0))
                self._line(words, False, self.x0 + 30, self.column_width - 30, font, size)
                self.y += self.style.leading
        self.y += 6

    def table(self, rows, grid=True):
        size = self.style.body_size - 1.5
        n = len(rows[0])
        # Each column at least as wide as its longest word, the rest by text length.
        least = [
            max(stringWidth(w, self.bold, size) for row in rows for w in row[i].replace(SHY, "").split()) + 10
            for i in range(n)
        ]
        weights = [sum(len(row[i]) for row in rows) for i in range(n)]
        spare = max(0.0, self.column_width - sum(least))
        widths = [least[i] + spare * weights[i] / sum(weights) for i in range(n)]
        self.y += 4
        for r, row in enumerate(rows):
            font = self.bold if r == 0 else self.regular
            cells = [wrap(c, font, size, w - 8, self.breaks) for c, w in zip(row, widths)]
            height = max(len(c) for c in cells) * (size + 3) + 6
            self.ensure(height)
            x = self.x0
            self.op("line", x, self.y, x + self.column_width, self.y)
            self.op("line", x, self.y + height, x + self.column_width, self.y + height)
            for cell, w in zip(cells, widths):
                if grid:
                    self.op("line", x, self.y, x, self.y + height)
                for k, (words, _) in enumerate(cell):
                    y = self.y + 3 + size + k * (size + 3)
                    self.op("text", x + 4, y, font, size, " ".join(words), (0, 0, 0))
                x += w
            if grid:
                self.op("line", x, self.y, x, self.y + height)
            self.y += height
        self.y += 10

    def tip(self, label, text):
        size = self.style.body_size - 1
        lines = wrap(text, self.regular, size, self.column_width - 20, self.breaks)
        leading = self.style.leading * size / self.style.body_size
        height = 10 + (size + 4) + len(lines) * leading + 6
        self.ensure(height + 8)
        self.y += 4
        self.op("rect", self.x0, self.y, self.column_width, height, (0.94, 0.93, 0.88))
        self.op("text", self.x0 + 10, self.y + 8 + size, self.bold, size, label, (0, 0, 0))
        y = self.y + 10 + size + 4
        for words, justified in lines:
            self.op("text", self.x0 + 10, y + size, self.regular, size, " ".join(words), (0, 0, 0))
            y += leading
        self.y += height + 10

    def figure(self, caption):
        self.ensure(90)
        x = self.x0 + (self.column_width - 200) / 2
        for k, gray in enumerate((0.85, 0.8, 0.72)):
            self.op("rect", x + k * 70, self.y + 6, 60, 45, (gray, gray, gray))
        size = 9
        w = stringWidth(caption, self.italic, size)
        self.op("text", self.x0 + (self.column_width - w) / 2, self.y + 70, self.italic, size, caption, (0, 0, 0))
        self.y += 84

    def heading(self, number, title, level):
        style = self.style
        size = style.section_size if level == 2 else style.subsection_size
        label = number + ("." if style.section_dot else "")
        self.ensure(size * 1.6 + 3 * style.leading)
        self.y += 8
        for k, (words, _) in enumerate(wrap(f"{label} {title}", self.bold, size, self.column_width, [])):
            self.op("text", self.x0, self.y + size, self.bold, size, " ".join(words), (0, 0, 0))
            self.y += size * 1.3
        self.y += 6
        self.headings.append(dict(number=number, level=level, title=title, pdf_page=len(self.pages) - 1))

    def chapter(self, ch: Chapter):
        style = self.style
        self.chapter_title = ch.title
        self.new_page()
        if style.chapter_on_odd and len(self.pages) % 2 == 0:
            self.pages[-1].kind = "blank"
            self.new_page()
        number = ch.number + ("." if style.chapter_dot else "")
        big = style.chapter_size * 1.7
        self.op("text", MARGIN_X, self.y + big, self.bold, big, number, (0.73, 0.2, 0.2))
        y = self.y + style.chapter_size
        for words, _ in wrap(ch.title, self.bold, style.chapter_size, PAGE_W - 2 * MARGIN_X - 80, []):
            self.op("text", MARGIN_X + 80, y, self.bold, style.chapter_size, " ".join(words), (0, 0, 0))
            y += style.chapter_size * 1.2
        self.y = max(y, self.y + big + 4) + 4
        if ch.subtitle:
            self.op("text", MARGIN_X, self.y + 15, self.regular, 15, ch.subtitle, (0.27, 0.27, 0.27))
            self.y += 15 + 14
        self.headings.append(dict(number=ch.number, level=1, title=ch.title, subtitle=ch.subtitle,
                                  teaser=ch.teaser, pdf_page=len(self.pages) - 1))
        if ch.teaser:
            top = self.y
            saved = self.style.columns
            self.style.columns = 1
            self.paragraph(ch.teaser, font=self.italic, indent=12, gap=0)
            self.style.columns = saved
            self.op("rect", MARGIN_X, top, 3, self.y - top, (0.73, 0.2, 0.2))
            self.y += 14
        self.column_top = self.y
        self.body(ch.body)
        for section in ch.sections:
            self.section(section, 2)

    def section(self, sec: Section, level: int):
        self.heading(sec.number, sec.title, level)
        self.body(sec.body)
        for sub in sec.sections:
            self.section(sub, level + 1)

    def body(self, blocks):
        for block in blocks:
            if isinstance(block, P):
                self.paragraph(block.text)
            elif isinstance(block, UL):
                self.bullets(block.items, marker="•")
            elif isinstance(block, OL):
                self.bullets(block.items, bold=block.bold)
            elif isinstance(block, Table):
                self.table(block.rows, block.grid)
            elif isinstance(block, Tip):
                self.tip(block.label, block.text)
            elif isinstance(block, Figure):
                self.figure(block.caption)
            elif isinstance(block, ImagePage):
                self.pages.append(_Page("image", self.chapter_title))
                self.new_page()


def _toc_entries(book: Book) -> list[tuple[int, str, str]]:
    entries = []

    def walk(sections, level):
        for s in sections:
            entries.append((level, s.number, s.title))
            walk(s.sections, level + 1)

    for ch in book.chapters:
        entries.append((1, ch.number, ch.title))
        walk(ch.sections, 2)
    return entries


def build_pdf(
    book: Book, style: Style | None = None, *, user_password: str | None = None, copy_protected: bool = False
) -> BuiltPdf:
    style = style or Style()
    setter = _Setter(style)
    entries = _toc_entries(book)
    per_page = int((BODY_BOTTOM - BODY_TOP - 40) // 14)
    toc_pages = max(1, math.ceil(len(entries) / per_page))
    front = 2 + toc_pages + (toc_pages % 2)  # title, empty back, TOC (+ empty page)
    setter.pages = [_Page("title"), _Page("blank")] + [_Page("toc") for _ in range(toc_pages)]
    if toc_pages % 2:
        setter.pages.append(_Page("blank"))
    for ch in book.chapters:
        setter.chapter(ch)

    def printed(index: int) -> int:
        return index + 1 - (front if style.number_from_body else 0)

    for h in setter.headings:
        h["page"] = printed(h["pdf_page"])
    pages_of = {h["number"]: h["page"] for h in setter.headings}

    buffer = io.BytesIO()
    encrypt = None
    if user_password or copy_protected:
        encrypt = StandardEncryption(user_password or "", ownerPassword="owner", canCopy=0)
    c = canvas.Canvas(buffer, pagesize=(PAGE_W, PAGE_H), invariant=1, encrypt=encrypt)
    c.setTitle(book.title)
    if style.page_labels is not None:  # what a layout program writes: roman front matter, then arabic
        c.addPageLabel(0, style="ROMAN_LOWER")
        c.addPageLabel(front, style="ARABIC", start=style.page_labels)
    regular, bold, italic = FONTS[style.font]
    toc_index = 0
    image_pages = []
    for index, page in enumerate(setter.pages):
        if page.kind == "title":
            c.setFont(bold, 26)
            c.drawCentredString(PAGE_W / 2, PAGE_H - 250, book.title)
            c.setFont(regular, 14)
            c.drawCentredString(PAGE_W / 2, PAGE_H - 290, "Ein Kochbuch für Praktiker")
        elif page.kind == "toc":
            chunk = entries[toc_index * per_page:(toc_index + 1) * per_page]
            _draw_toc(c, style, chunk, pages_of, first=toc_index == 0)
            toc_index += 1
        elif page.kind == "image":
            _draw_scan(c)
            image_pages.append(printed(index))
        if page.kind in ("body", "blank", "toc") and not (page.kind == "blank" and index < front):
            _draw_furniture(c, style, index, printed(index), book.title, page.chapter, page.kind == "toc")
        for op in page.ops:
            _draw(c, op)
        c.showPage()
    c.save()
    return BuiltPdf(buffer.getvalue(), setter.headings, setter.breaks, len(setter.pages), image_pages)


def _draw(c, op):
    kind = op[0]
    if kind == "text":
        _, x, y, font, size, text, color = op
        c.setFillColorRGB(*color)
        c.setFont(font, size)
        c.drawString(x, PAGE_H - y, text)
    elif kind == "line":
        _, x0, y0, x1, y1 = op
        c.setStrokeColorRGB(0.6, 0.6, 0.6)
        c.setLineWidth(0.5)
        c.line(x0, PAGE_H - y0, x1, PAGE_H - y1)
    elif kind == "rect":
        _, x, y, w, h, color = op
        c.setFillColorRGB(*color)
        c.rect(x, PAGE_H - y - h, w, h, stroke=0, fill=1)


def _draw_furniture(c, style, index, number, book_title, chapter, toc):
    c.setFillColorRGB(0.45, 0.45, 0.45)
    c.setFont(FONTS[style.font][0], 8)
    if toc:
        c.drawRightString(PAGE_W - MARGIN_X, PAGE_H - 45, "Inhaltsverzeichnis")
    elif index % 2 == 1:  # even printed page: book title left
        c.drawString(MARGIN_X, PAGE_H - 45, book_title)
    elif chapter:
        c.drawRightString(PAGE_W - MARGIN_X, PAGE_H - 45, chapter)
    if number < 1 or style.footer == "none":
        return
    c.setFont(FONTS[style.font][0], 9)
    if style.footer == "seite":
        c.drawRightString(PAGE_W - MARGIN_X, 40, f"Seite {number}")
    else:
        c.drawCentredString(PAGE_W / 2, 40, str(number))


def _draw_toc(c, style, entries, pages_of, first):
    regular, bold, _ = FONTS[style.font]
    y = PAGE_H - BODY_TOP
    if first:
        c.setFillColorRGB(0, 0, 0)
        c.setFont(bold, 18)
        c.drawString(MARGIN_X, y - 18, "Inhaltsverzeichnis")
        y -= 40
    for level, number, title in entries:
        font = bold if level == 1 else regular
        size = 10 if level < 3 else 9
        x = MARGIN_X + 22 * (level - 1)
        label = number + ("." if level == 1 and style.chapter_dot else "")
        text = f"{label} {title}"
        c.setFillColorRGB(0, 0, 0)
        c.setFont(font, size)
        c.drawString(x, y - size, text)
        if style.toc_page_numbers:
            page = str(pages_of[number])
            right = PAGE_W - MARGIN_X
            c.drawRightString(right, y - size, page)
            start = x + stringWidth(text, font, size) + 4
            end = right - stringWidth(page, font, size) - 4
            c.drawString(start, y - size, ". " * max(0, int((end - start) / stringWidth(". ", font, size))))
        y -= 14


def _draw_scan(c):
    from PIL import Image, ImageDraw

    image = Image.new("L", (420, 600), 245)
    draw = ImageDraw.Draw(image)
    for row in range(40, 560, 18):
        draw.rectangle((40, row, 380 - (row * 7) % 90, row + 7), fill=90)
    c.drawImage(ImageReader(image), 50, 60, PAGE_W - 100, PAGE_H - 120)

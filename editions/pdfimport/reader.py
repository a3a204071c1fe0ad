"""Read characters and vector shapes from a PDF with pdfminer.six.

pdfminer's own layout analysis is skipped on purpose: it costs about a third of the
time and the importer groups characters itself (layout.py). All coordinates are in
points with the origin at the top left of the page, like pdfplumber's.
"""

import io
import itertools
import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, NamedTuple

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import LTFigure, LTImage, LTPage
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.utils import apply_matrix_pt

from .errors import CorruptPdf, EncryptedPdf, NotAPdf

Source = str | os.PathLike | BinaryIO | bytes

_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|extrabold|ultrabold|[-,]bd\b", re.I)
_ITALIC_NAME = re.compile(r"italic|oblique|kursiv|[-,]it\b", re.I)
_FORCE_BOLD = 1 << 18
_ITALIC_FLAG = 1 << 6
# Ligatures and typographic hyphens are normalised at the source.
_CHAR_MAP = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st", "\u2010": "-", "\u2011": "-", "\u00a0": " ",
}


_WINANSI_UNUSED = {127, 129, 141, 143, 144, 157}


class Char(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    font: str
    bold: bool
    italic: bool
    gray: float  # luminance of the fill colour, 0 = black, 1 = white


class Shape(NamedTuple):
    """A painted path, reduced to what layout needs: its box and how it was painted."""

    x0: float
    top: float
    x1: float
    bottom: float
    fill: bool
    stroke: bool
    gray: float  # luminance of the fill colour
    straight: bool  # only horizontal/vertical segments

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


class Ruling(NamedTuple):
    """A horizontal or vertical line segment (table borders, rules)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass
class RawPage:
    index: int  # 0-based PDF page index
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    rulings: list[Ruling] = field(default_factory=list)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)
    label: str | None = None  # the page's label from the PDF's /PageLabels ("7", "iii"), if any


def _luminance(color) -> float:
    if color is None:
        return 0.0
    if isinstance(color, (int, float)):
        return float(color)
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return 0.0
    if len(values) == 1:
        return values[0]
    if len(values) == 3:
        r, g, b = values
        return 0.299 * r + 0.587 * g + 0.114 * b
    if len(values) == 4:  # CMYK
        c, m, y, k = values
        return (1 - min(1.0, 0.299 * c + 0.587 * m + 0.114 * y + k))
    return 0.0


class _Collector(PDFLayoutAnalyzer):
    """A pdfminer device that keeps flat lists of characters and shapes per page."""

    def __init__(self, rsrcmgr: PDFResourceManager):
        super().__init__(rsrcmgr, laparams=None)
        self.page: RawPage | None = None
        self._font_styles: dict[int, tuple] = {}
        self._fonts: list = []
        self._grays: dict = {}

    def begin_page(self, page, ctm) -> None:
        super().begin_page(page, ctm)
        _, _, width, height = self.cur_item.bbox
        self.page = RawPage(index=self.pageno - 1, width=width, height=height)

    def end_page(self, page) -> None:
        self._collect_images(self.cur_item)
        self.pageno += 1

    def _collect_images(self, item) -> None:
        for child in item:
            if isinstance(child, LTImage):
                self.page.images.append(self._box(child.x0, child.y0, child.x1, child.y1))
            elif isinstance(child, (LTFigure, LTPage)):
                self._collect_images(child)

    def _box(self, x0, y0, x1, y1):
        h = self.page.height
        return (min(x0, x1), h - max(y0, y1), max(x0, x1), h - min(y0, y1))

    def _font_style(self, font) -> tuple[str, bool, bool, float, bool]:
        """(name, bold, italic, descent per point, vertical), cached per font."""
        style = self._font_styles.get(id(font))
        if style is None:
            name = str(getattr(font, "fontname", "") or "")
            name = name.split("+", 1)[-1]
            flags = int(getattr(font, "flags", 0) or 0)
            bold = bool(_BOLD_NAME.search(name)) or bool(flags & _FORCE_BOLD)
            italic = bool(_ITALIC_NAME.search(name)) or bool(flags & _ITALIC_FLAG)
            style = (name, bold, italic, font.get_descent(), font.is_vertical())
            self._font_styles[id(font)] = style
            self._fonts.append(font)  # keeps id(font) unique while cached
        return style

    def _gray(self, color) -> float:
        try:
            value = self._grays.get(color)
        except TypeError:  # an unhashable colour value
            return _luminance(color)
        if value is None:
            value = self._grays[color] = _luminance(color)
        return value

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            # In WinAnsiEncoding the unused codes show a bullet (PDF 1.7, D.1, note 5);
            # reportlab writes its list bullets as code 127.
            text = "•" if cid in _WINANSI_UNUSED and not font.is_multibyte() else ""
        adv = font.char_width(cid) * fontsize * scaling
        a, b, c, d, e, f = matrix
        name, bold, italic, descent, vertical = self._font_style(font)
        if not text or vertical or abs(b) > 1e-3 or abs(c) > 1e-3 or a <= 0 or d <= 0:
            return adv  # rotated, mirrored or vertical text is not part of the book's flow
        text = _CHAR_MAP.get(text, text)
        if text.isspace() and text != " ":
            text = " "
        descent *= fontsize
        h = self.page.height
        self.page.chars.append(
            Char(
                text,
                e,
                a * adv + e,
                h - (d * (descent + rise + fontsize) + f),
                h - (d * (descent + rise) + f),
                h - (d * rise + f),
                round(d * fontsize, 2),
                name,
                bold,
                italic,
                self._gray(graphicstate.ncolor) if graphicstate is not None else 0.0,
            )
        )
        return adv

    def paint_path(self, gstate, stroke, fill, evenodd, path) -> None:
        if not path:
            return
        subpaths: list[list] = []
        for segment in path:
            if segment[0] == "m" or not subpaths:
                subpaths.append([])
            subpaths[-1].append(segment)
        for subpath in subpaths:
            self._paint_subpath(gstate, stroke, fill, subpath)

    def _paint_subpath(self, gstate, stroke, fill, subpath) -> None:
        points = []
        straight = True
        for segment in subpath:
            op = segment[0]
            if op == "h":
                continue
            coords = segment[1:]
            if op in ("c", "v", "y"):
                straight = False
            for i in range(0, len(coords) - 1, 2):
                points.append(apply_matrix_pt(self.ctm, (float(coords[i]), float(coords[i + 1]))))
        if not points:
            return
        if straight:
            for (ax, ay), (bx, by) in zip(points, points[1:]):
                if abs(ax - bx) > 0.5 and abs(ay - by) > 0.5:
                    straight = False
                    break
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        x0, top, x1, bottom = self._box(min(xs), min(ys), max(xs), max(ys))
        gray = _luminance(gstate.ncolor)
        if fill or (stroke and not straight):
            self.page.shapes.append(Shape(x0, top, x1, bottom, fill, stroke, gray, straight))
        if not straight:
            return
        if fill and (x1 - x0 < 2.5 or bottom - top < 2.5):
            self.page.rulings.append(Ruling(x0, top, x1, bottom))
        elif stroke:
            h = self.page.height
            closed = subpath[-1][0] == "h"
            pts = points + ([points[0]] if closed else [])
            for (ax, ay), (bx, by) in zip(pts, pts[1:]):
                if abs(ax - bx) > 1 or abs(ay - by) > 1:
                    self.page.rulings.append(
                        Ruling(min(ax, bx), h - max(ay, by), max(ax, bx), h - min(ay, by))
                    )


def _open_stream(source: Source) -> BinaryIO:
    if isinstance(source, (bytes, bytearray)):
        return io.BytesIO(source)
    if isinstance(source, (str, os.PathLike)):
        try:
            return open(source, "rb")
        except OSError as exc:
            raise NotAPdf("Die Datei konnte nicht geöffnet werden.") from exc
    if hasattr(source, "seekable") and source.seekable():
        return source
    return io.BytesIO(source.read())


def _check_signature(stream: BinaryIO) -> None:
    start = stream.tell()
    head = stream.read(1024)
    if b"%PDF-" not in head:
        raise NotAPdf()
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(max(start, size - 32768))
    tail = stream.read()
    stream.seek(start)
    # A download or upload that was cut off lacks the end-of-file marker; importing
    # half a book silently would be worse than refusing it.
    if b"%%EOF" not in tail:
        raise CorruptPdf()


def read_pages(
    source: Source, progress: Callable[[int, int], None] | None = None, meta: dict | None = None
) -> Iterator[RawPage]:
    """Yield a RawPage per PDF page; raise PdfImportError subclasses for bad input.

    ``meta`` (a dict, if given) receives the document's creation date as "date" (ISO, or None).
    """
    stream = _open_stream(source)
    owns_stream = stream is not source
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        _check_signature(stream)
        try:
            document = PDFDocument(PDFParser(stream))
        except PDFEncryptionError as exc:  # includes a wrong (empty) password
            raise EncryptedPdf() from exc
        except MemoryError:
            raise
        except Exception as exc:  # pdfminer raises many kinds on broken files
            raise CorruptPdf() from exc
        # A PDF that opens without a password is read even if its permissions forbid
        # copying text: the editors import their own edition (as pdfplumber does).
        manager = PDFResourceManager(caching=True)
        device = _Collector(manager)
        interpreter = PDFPageInterpreter(manager, device)
        try:
            pages = list(PDFPage.create_pages(document))
        except MemoryError:
            raise
        except Exception as exc:
            raise CorruptPdf() from exc
        if not pages:
            raise CorruptPdf("Die PDF-Datei enthält keine Seiten.")
        total = len(pages)
        labels = _page_labels(document, total)
        if meta is not None:
            meta["date"] = _creation_date(document)
        for number, page in enumerate(pages, start=1):
            device.pageno = number
            try:
                interpreter.process_page(page)
            except MemoryError:
                raise
            except Exception as exc:
                raise CorruptPdf(
                    f"Die PDF-Datei ist beschädigt: Seite {number} lässt sich nicht lesen."
                ) from exc
            device.page.label = labels[number - 1]
            yield device.page
            if progress is not None:
                progress(number, total)
    finally:
        if owns_stream:
            stream.close()


def _page_labels(document, total: int) -> list[str | None]:
    """The printed label of every page from the catalog's /PageLabels (None without them)."""
    try:
        labels = list(itertools.islice(document.get_page_labels(), total))
    except MemoryError:
        raise
    except Exception:  # no /PageLabels (PDFNoPageLabels), or a broken number tree
        return [None] * total
    return labels + [None] * (total - len(labels))


_PDF_DATE = re.compile(rb"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def _creation_date(document) -> str | None:
    """The /CreationDate (or /ModDate) of the document's info as "YYYY-MM-DD"."""
    for info in document.info or []:
        for key in ("CreationDate", "ModDate"):
            value = info.get(key)
            try:
                value = value.resolve() if hasattr(value, "resolve") else value
            except Exception:
                continue
            if isinstance(value, str):
                value = value.encode("latin-1", "ignore")
            match = _PDF_DATE.match(value) if isinstance(value, bytes) else None
            if match and 1900 < int(match.group(1)) < 2200:
                month = int(match.group(2) or 1)
                day = int(match.group(3) or 1)
                if 1 <= month <= 12 and 1 <= day <= 31:
                    return f"{match.group(1).decode()}-{month:02d}-{day:02d}"
    return None

"""Characters to lines, lines to columns, columns to reading order."""

from collections import Counter
from dataclasses import dataclass, field

from .reader import Char, RawPage

# A gap wider than this many font sizes splits a line into fragments (table cells,
# a title and its page number in the table of contents).
FRAGMENT_GAP = 1.5
# A gap wider than this many font sizes between two glyphs without a space glyph
# still separates two words (PDFs that position every word on its own).
WORD_GAP = 0.18


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool
    italic: bool
    font: str
    gray: float
    page: int  # 0-based PDF page index
    fragments: list[tuple[float, float, str]] = field(default_factory=list)
    col_x0: float = 0.0
    col_x1: float = 0.0
    column: int = 0  # 0 = full width or single column, 1 = left, 2 = right
    box: tuple[int, int] | None = None  # (page, index) of the tip box/sidebar it sits in
    flow_break: bool = False  # first line after a change of page or column

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class TableItem:
    """A table placed in the reading flow; cells are plain text."""

    rows: list[list[str]]
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    header_bold: bool = False
    tentative: bool = False  # one ruled row: a table only if it continues one
    column: int = 0
    flow_break: bool = False
    box: tuple[int, int] | None = None


def _dominant(values):
    return Counter(values).most_common(1)[0][0]


def make_line(chars: list[Char], page: int) -> Line | None:
    """Build one Line from the characters of one baseline, sorted left to right."""
    parts: list[str] = []
    fragments: list[tuple[float, float, str]] = []
    frag_start = None
    frag_parts: list[str] = []
    prev: Char | None = None
    pending_space = False
    for ch in chars:
        if ch.text == " ":
            pending_space = prev is not None
            continue
        if prev is not None:
            gap = ch.x0 - prev.x1
            size = min(prev.size, ch.size)
            if gap > FRAGMENT_GAP * size:
                fragments.append((frag_start, prev.x1, "".join(frag_parts).strip()))
                frag_start, frag_parts = None, []
                parts.append(" ")
            elif pending_space or gap > WORD_GAP * size:
                parts.append(" ")
                frag_parts.append(" ")
        if frag_start is None:
            frag_start = ch.x0
        parts.append(ch.text)
        frag_parts.append(ch.text)
        prev = ch
        pending_space = False
    if prev is None:
        return None
    fragments.append((frag_start, prev.x1, "".join(frag_parts).strip()))
    ink = [c for c in chars if c.text != " "]
    letters = [c for c in ink if c.text.isalpha()] or ink
    return Line(
        text="".join(parts).strip(),
        x0=ink[0].x0,
        x1=max(c.x1 for c in ink),
        top=min(c.top for c in ink),
        bottom=max(c.bottom for c in ink),
        baseline=_dominant(round(c.baseline, 1) for c in ink),
        size=_dominant(c.size for c in letters),
        bold=sum(c.bold for c in letters) * 2 > len(letters),
        italic=sum(c.italic for c in letters) * 2 > len(letters),
        font=_dominant(c.font for c in letters),
        gray=_dominant(round(c.gray, 2) for c in letters),
        page=page,
        fragments=fragments,
    )


def baseline_rows(chars: list[Char]) -> list[list[Char]]:
    """Group characters sharing a baseline; each row is sorted left to right."""
    rows: list[list[Char]] = []
    current: list[Char] = []
    base = None
    for ch in sorted(chars, key=lambda c: c.baseline):
        tolerance = max(1.0, 0.2 * ch.size)
        if current and abs(ch.baseline - base) <= tolerance:
            current.append(ch)
        else:
            if current:
                rows.append(current)
            current, base = [ch], ch.baseline
    if current:
        rows.append(current)
    result = []
    for row in _merge_side_by_side(rows):
        row.sort(key=lambda c: c.x0)
        deduped = [row[0]]
        for ch in row[1:]:
            last = deduped[-1]
            # Fake bold prints the same glyph twice, a hair apart.
            if ch.text == last.text and abs(ch.x0 - last.x0) < 0.6 and ch.text != " ":
                continue
            deduped.append(ch)
        result.append(deduped)
    return result


def _extent(row: list[Char]) -> tuple[float, float, float, float]:
    ink = [c for c in row if c.text != " "] or row
    return (min(c.x0 for c in ink), min(c.top for c in ink),
            max(c.x1 for c in ink), max(c.bottom for c in ink))


def _merge_side_by_side(rows: list[list[Char]]) -> list[list[Char]]:
    """Join rows that share a line visually but not a baseline.

    A large chapter number set beside its title ("1." next to "E-Government per
    Kochbuch?") has its own baseline; it belongs to the title's line.
    """
    merged: list[list[Char]] = []
    extents: list[tuple[float, float, float, float]] = []
    for row in rows:
        x0, top, x1, bottom = _extent(row)
        if merged:
            px0, ptop, px1, pbottom = extents[-1]
            overlap = min(bottom, pbottom) - max(top, ptop)
            smaller = min(bottom - top, pbottom - ptop)
            if smaller > 0 and overlap > 0.5 * smaller and (x1 <= px0 or x0 >= px1):
                merged[-1] = merged[-1] + row
                extents[-1] = (min(x0, px0), min(top, ptop), max(x1, px1), max(bottom, pbottom))
                continue
        merged.append(row)
        extents.append((x0, top, x1, bottom))
    return merged


def _covered(row: list[Char]) -> list[tuple[float, float]]:
    spans: list[list[float]] = []
    for ch in row:
        if ch.text == " ":
            continue
        if spans and ch.x0 - spans[-1][1] < 0.8 * ch.size:
            spans[-1][1] = max(spans[-1][1], ch.x1)
        else:
            spans.append([ch.x0, ch.x1])
    return [(a, b) for a, b in spans]


def find_gutter(rows: list[list[Char]], width: float) -> tuple[float, float] | None:
    """Return the x-range of a column gutter near the page middle, or None.

    For each x in the middle half of the page, count the lines covering x and the
    lines with text to the right of x that leave x free. A gutter is where almost no
    line crosses while lines of a right-hand column sit beside it.
    """
    lo, hi = int(width * 0.25), int(width * 0.75)
    if len(rows) < 4 or hi - lo < 20:
        return None
    n = hi - lo
    cross = [0] * (n + 1)  # difference arrays
    beside = [0] * (n + 1)
    for row in rows:
        spans = _covered(row)
        if not spans:
            continue
        right_end = min(hi, int(spans[-1][1]))
        if right_end > lo:
            beside[0] += 1
            beside[right_end - lo] -= 1
        for a, b in spans:
            a, b = max(lo, int(a)), min(hi, int(b) + 1)
            if a < b:
                cross[a - lo] += 1
                cross[b - lo] -= 1
                beside[a - lo] -= 1
                beside[b - lo] += 1
    crossing, free = [], []
    c = f = 0
    for i in range(n):
        c += cross[i]
        f += beside[i]
        crossing.append(c)
        free.append(f)
    fewest = min(crossing)
    best = None
    i = 0
    while i < n:
        if crossing[i] == fewest:
            start = i
            while i < n and crossing[i] == fewest:
                i += 1
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
        else:
            i += 1
    if best is None or best[1] - best[0] < 4:
        return None
    beside_lines = max(free[best[0]:best[1]])
    enough = beside_lines >= 1 if fewest == 0 else (beside_lines >= 2 and fewest < beside_lines)
    if not enough or fewest > 0.25 * len(rows):
        return None
    return float(lo + best[0]), float(lo + best[1])


def page_lines(
    page: RawPage, exclude: list[tuple[float, float, float, float]] = ()
) -> tuple[list[Line], tuple[float, float] | None]:
    """Lines of a page in reading order, and the column gutter if there is one.

    Characters inside the ``exclude`` boxes (tables) are skipped.

    Two-column pages are read left column first, then right column, band by band:
    a line crossing the gutter (a heading over both columns) closes a band.
    """
    chars = page.chars
    if exclude:
        chars = [c for c in chars if not _inside_any(c, exclude)]
    rows = baseline_rows(chars)
    gutter = find_gutter(rows, page.width)
    if gutter is None:
        lines = [line for row in rows if (line := make_line(row, page.index))]
        _assign_column_bounds(lines)
        return lines, None
    g0, g1 = gutter
    middle = (g0 + g1) / 2
    ordered: list[Line] = []
    band: dict[int, list[Line]] = {1: [], 2: []}

    def flush():
        for side in (1, 2):
            ordered.extend(band[side])
            band[side] = []

    for row in rows:
        ink = [c for c in row if c.text != " "]
        if not ink:
            continue
        crosses = any(c.x0 < g1 and c.x1 > g0 for c in ink)
        if crosses:
            flush()
            line = make_line(row, page.index)
            if line:
                ordered.append(line)
            continue
        left = [c for c in row if (c.x0 + c.x1) / 2 < middle]
        right = [c for c in row if (c.x0 + c.x1) / 2 >= middle]
        for side, part in ((1, left), (2, right)):
            line = make_line(part, page.index) if part else None
            if line:
                line.column = side
                band[side].append(line)
    flush()
    _assign_column_bounds(ordered)
    return ordered, gutter


def _inside_any(ch: Char, boxes) -> bool:
    cx = (ch.x0 + ch.x1) / 2
    cy = (ch.top + ch.bottom) / 2
    return any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1 for x0, top, x1, bottom in boxes)


def _assign_column_bounds(lines: list[Line]) -> None:
    """Record each line's column margins (used to tell full lines from last lines)."""
    by_column: dict[int, list[Line]] = {}
    for line in lines:
        by_column.setdefault(line.column, []).append(line)
    for group in by_column.values():
        sizes = Counter(round(l.size) for l in group)
        main = sizes.most_common(1)[0][0]
        body = [l for l in group if round(l.size) == main] or group
        x0 = min(l.x0 for l in body)
        x1 = max(l.x1 for l in body)
        for line in group:
            line.col_x0, line.col_x1 = x0, x1


def place_tables(lines: list[Line], tables: list[TableItem]) -> list:
    """Insert each table into the reading order before the first line below it in its column."""
    if not tables:
        return list(lines)
    slots: dict[int, list[TableItem]] = {}
    for table in tables:
        slots.setdefault(_slot(table, lines), []).append(table)
    result: list = []
    for i in range(len(lines) + 1):
        result.extend(sorted(slots.get(i, []), key=lambda t: (t.column, t.top)))
        if i < len(lines):
            result.append(lines[i])
    return result


def _slot(table: TableItem, lines: list[Line]) -> int:
    def same_flow(line: Line) -> bool:
        return not table.column or not line.column or line.column == table.column

    for i, line in enumerate(lines):
        if same_flow(line) and line.top > table.top:
            return i
    above = [i for i, line in enumerate(lines) if same_flow(line) and line.top <= table.top]
    return above[-1] + 1 if above else len(lines)

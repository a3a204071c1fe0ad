"""Table of contents, numbered headings and numbering gaps."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .cleanup import join_pair
from .layout import Line

NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,3}){0,3})(\.?)(?:\s+(.*))?$")
LEADERS = re.compile(r"(?:\s?[.·…_]){4,}\s*(\d{1,4}|[ivxlc]{1,6})?\s*$", re.I)
TOC_TITLE = re.compile(r"^(inhalt|inhaltsverzeichnis|inhaltsübersicht|contents|table of contents)$", re.I)
TITLE_START = re.compile(r"^[^\W\d_]|^[»«\"„“‚‘'(\[]")
MAX_CANDIDATES = 2000  # the selection below is quadratic


@dataclass
class TocEntry:
    number: str
    title: str
    page: int | None


@dataclass
class Heading:
    number: str
    level: int
    title: str
    start: int  # index of the first heading line in the flow
    end: int  # index after the last heading line
    line: Line


def _toc_parts(line: Line) -> tuple[str, int | None, bool]:
    """Split a TOC line into (text without leaders/page number, page, had_page)."""
    text = line.text
    m = LEADERS.search(text)
    if m:
        page = m.group(1)
        return text[: m.start()].strip(), int(page) if page and page.isdigit() else None, True
    if len(line.fragments) >= 2 and line.fragments[-1][2].isdigit():
        last = line.fragments[-1]
        if last[1] >= line.col_x1 - 2 and len(last[2]) <= 4:
            head = text[: text.rfind(last[2])].strip()
            return head, int(last[2]), True
    return text, None, False


def find_toc(pages: list[list[Line]]) -> tuple[set[int], list[TocEntry]]:
    """Return the PDF page indexes holding the table of contents, and its entries."""
    toc_pages: set[int] = set()
    previous_toc = False
    for index, lines in enumerate(pages):
        if not lines:
            previous_toc = False
            continue
        with_page = numbered = 0
        has_title = False
        for line in lines:
            text, page, had_page = _toc_parts(line)
            if TOC_TITLE.match(line.text.strip()):
                has_title = True
            with_page += had_page
            numbered += bool(NUMBERED.match(text) and (NUMBERED.match(text).group(3) or had_page))
        n = len(lines)
        is_toc = (
            (with_page >= 3 and with_page >= 0.5 * n)
            or (has_title and numbered >= 2 and numbered >= 0.4 * n)
            or (previous_toc and numbered >= 3 and numbered >= 0.5 * n)
        )
        if is_toc:
            toc_pages.add(index)
        previous_toc = is_toc
    entries: list[TocEntry] = []
    for index in sorted(toc_pages):
        for line in pages[index]:
            text, page, _ = _toc_parts(line)
            if not text or TOC_TITLE.match(text):
                continue
            m = NUMBERED.match(text)
            if m and m.group(3):
                entries.append(TocEntry(m.group(1), m.group(3).strip(), page))
            elif entries and entries[-1].page is None:
                # A wrapped entry: its page number sits on its last line.
                entries[-1].title = join_pair(entries[-1].title, text)
                entries[-1].page = page
    return toc_pages, entries


def _is_heading_style(line: Line, body_size: float) -> bool:
    return line.size >= body_size * 1.12 or (line.bold and line.size >= body_size * 0.85)


def _same_style(a: Line, b: Line) -> bool:
    return abs(a.size - b.size) <= 0.6 and a.bold == b.bold


def _candidate(flow: list, i: int, body_size: float) -> Heading | None:
    line = flow[i]
    if not isinstance(line, Line):
        return None
    m = NUMBERED.match(line.text)
    if not m or not _is_heading_style(line, body_size) or LEADERS.search(line.text):
        return None
    number, title = m.group(1), (m.group(3) or "").strip()
    end = i + 1
    # The title may continue on following lines in the same style (or start there
    # when the number stands alone, as in "1" over "E-Government per Kochbuch?").
    while end < len(flow) and len(title) < 200:
        nxt = flow[end]
        if (
            not isinstance(nxt, Line)
            or nxt.page != line.page
            or nxt.column != line.column
            or NUMBERED.match(nxt.text)
        ):
            break
        prev = flow[end - 1]
        gap = nxt.top - prev.bottom
        if title and not _same_style(prev, nxt):
            break
        if not title and not _is_heading_style(nxt, body_size):
            break
        if gap > 0.9 * max(prev.size, nxt.size) or gap < -2:
            break
        title = join_pair(title, nxt.text) if title else nxt.text.strip()
        end += 1
    if not title or not TITLE_START.match(title) or len(title) > 250:
        return None
    if title.endswith(","):
        return None
    return Heading(number=number, level=number.count(".") + 1, title=title, start=i, end=end, line=line)


def _key(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split("."))


def _similar(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return a == b or SequenceMatcher(None, a, b).ratio() >= 0.8


def select_headings(flow: list, body_size: float, toc: list[TocEntry]) -> list[Heading]:
    """Pick the real headings among numbered lines in heading style.

    Each level has one dominant style (size, weight); bolded list items ("1. Schritt")
    or a heading-like line in the wrong style are dropped, and a chapter may not be
    set smaller than its sections. The numbers of the kept headings must increase
    through the book; the longest such sequence wins (TOC matches count double).
    """
    candidates: list[Heading] = []
    i = 0
    while i < len(flow) and len(candidates) < MAX_CANDIDATES:
        heading = _candidate(flow, i, body_size)
        if heading:
            candidates.append(heading)
            i = heading.end
        else:
            i += 1
    if not candidates:
        return []
    toc_titles = {e.number: e.title for e in toc}

    def in_toc(h: Heading) -> bool:
        return h.number in toc_titles and _similar(toc_titles[h.number], h.title)

    styles: dict[int, dict[tuple[float, bool], int]] = {}
    for h in candidates:
        sig = (round(h.line.size * 2) / 2, h.line.bold)
        styles.setdefault(h.level, {}).setdefault(sig, 0)
        styles[h.level][sig] += 1 + 2 * in_toc(h)
    dominant: dict[int, tuple[float, bool]] = {}
    for level in sorted(styles, reverse=True):
        options = styles[level]
        deeper = [dominant[lv][0] for lv in dominant if lv > level]
        floor = max(deeper) - 0.25 if deeper else 0
        allowed = {sig: n for sig, n in options.items() if sig[0] >= floor} or options
        dominant[level] = max(allowed, key=lambda sig: (allowed[sig], sig[0]))

    def fits(h: Heading) -> bool:
        size, bold = dominant[h.level]
        return abs(h.line.size - size) <= max(0.6, 0.08 * size) and h.line.bold == bold

    kept = [h for h in candidates if fits(h) or in_toc(h)]
    return _increasing(kept, [1 + 2 * in_toc(h) for h in kept])


def _increasing(headings: list[Heading], weights: list[int]) -> list[Heading]:
    """Heaviest subsequence whose numbers strictly increase (drops stray numbers)."""
    n = len(headings)
    if n == 0:
        return []
    keys = [_key(h.number) for h in headings]
    best = list(weights)
    back = [-1] * n
    for j in range(n):
        for i in range(j):
            if keys[i] < keys[j] and best[i] + weights[j] > best[j]:
                best[j] = best[i] + weights[j]
                back[j] = i
    j = max(range(n), key=lambda k: best[k])
    chain = []
    while j != -1:
        chain.append(headings[j])
        j = back[j]
    return chain[::-1]


def _gaps(prev: tuple[int, ...], cur: tuple[int, ...]) -> list[tuple[int, ...]]:
    k = len(cur)
    if k > 1 and prev[: k - 1] != cur[: k - 1]:
        parent = cur[: k - 1]
        return _gaps(prev, parent) + [parent] + _gaps(parent, cur)
    start = prev[k - 1] + 1 if len(prev) >= k else 1
    return [cur[:-1] + (n,) for n in range(start, cur[-1])]


def numbering_warnings(headings: list[Heading], toc: list[TocEntry]) -> list[str]:
    """German warnings for gaps in the numbering and TOC entries not found."""
    warnings: list[str] = []
    found = {h.number for h in headings}
    reported: set[str] = set()
    prev: tuple[int, ...] = (0,)
    for h in headings:
        cur = _key(h.number)
        missing = [".".join(map(str, m)) for m in _gaps(prev, cur)]
        missing = [m for m in missing if m not in found]
        if len(missing) > 5:
            after = "" if prev == (0,) else f"nach {'.'.join(map(str, prev))} "
            warnings.append(f"Überschriften {after}vor {h.number} fehlen ({len(missing)} Nummern)")
            reported.update(missing)
        else:
            for m in missing:
                warnings.append(f"Überschrift {m} fehlt")
                reported.add(m)
        prev = cur
    for entry in toc:
        if entry.number not in found and entry.number not in reported:
            warnings.append(f"Überschrift {entry.number} fehlt (laut Inhaltsverzeichnis: „{entry.title}“)")
            reported.add(entry.number)
    return warnings

"""Running headers, footers, page numbers and line-end hyphenation."""

import bisect
import re
from collections import Counter, defaultdict

from .layout import Line

PAGE_NUMBER = re.compile(
    r"^(?:(?:seite|page|s\.)\s*)?(\d{1,4})(?:\s*(?:/|von|of)\s*\d{1,4})?$"
    r"|^[-–—]\s*(\d{1,4})\s*[-–—]$",
    re.I,
)
ROMAN = re.compile(r"^[ivxlc]{1,7}$", re.I)
EDGE_NUMBER = re.compile(r"^(\d{1,4})\s+\S|\S\s+(\d{1,4})$")
TOP_ZONE = 0.12
BOTTOM_ZONE = 0.88

# Words after which a line-end hyphen is a German "Ergänzungsstrich"
# ("Workflow- und Prozessplattform") and must stay, followed by a space.
CONJUNCTIONS = {"und", "oder", "bzw.", "sowie", "noch", "als", "wie", "bis", "statt"}
HYPHENS = ("-", "\u00ad")


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def _page_number(text: str) -> int | None:
    m = PAGE_NUMBER.match(text.strip())
    if not m:
        return None
    return int(m.group(1) or m.group(2))


def _margin_lines(ordered: list[Line], height: float, pitch: float, *, top: bool) -> list[Line]:
    """Lines in the top (or bottom) margin that are set apart from the text below (above).

    Walking from the page edge inwards, the margin ends at the first gap wider than
    1.3 body lines (more than a paragraph break); lines beyond the margin zone never count.
    """
    seq = ordered if top else ordered[::-1]
    result: list[Line] = []
    for k, line in enumerate(seq[:4]):
        inside = line.top < TOP_ZONE * height if top else line.bottom > BOTTOM_ZONE * height
        if not inside:
            return []
        nxt = seq[k + 1] if k + 1 < len(seq) else None
        result.append(line)
        if nxt is None:
            return result
        gap = nxt.top - line.bottom if top else line.top - nxt.bottom
        if gap >= 1.3 * pitch:
            return result
    return []


def find_furniture(
    pages: list[list[Line]], heights: list[float], body_size: float, pitch: float
) -> tuple[set[int], dict[int, int]]:
    """Find running headers, footers and page numbers.

    Returns the ids of the furniture lines and the printed page number found on each
    PDF page (by 0-based index). A line counts as furniture when it sits in the top or
    bottom margin, is set apart from the text by a wide gap, and either
    is a page number, repeats on other pages at the same height, or (at the top) is set
    smaller than the body text.
    """
    candidates: list[tuple[int, Line, str]] = []  # (page, line, zone)
    for index, lines in enumerate(pages):
        if not lines:
            continue
        height = heights[index]
        ordered = sorted(lines, key=lambda l: l.top)
        for line in _margin_lines(ordered, height, pitch, top=True):
            candidates.append((index, line, "top"))
        for line in _margin_lines(ordered, height, pitch, top=False):
            candidates.append((index, line, "bottom"))

    positions: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    for index, line, zone in candidates:
        positions[(zone, _key(line.text))].append((index, line.top))

    furniture: set[int] = set()
    printed: dict[int, int] = {}
    for index, line, zone in candidates:
        text = line.text.strip()
        number = _page_number(text)
        repeated = any(
            other != index and abs(top - line.top) <= 4
            for other, top in positions[(zone, _key(text))]
        )
        small_header = zone == "top" and line.size <= 0.92 * body_size and len(text) <= 100
        if number is not None or ROMAN.match(text):
            furniture.add(id(line))
            if number is not None:
                printed.setdefault(index, number)
        elif repeated or small_header:
            furniture.add(id(line))
            m = EDGE_NUMBER.search(text)
            if m and repeated:
                printed.setdefault(index, int(m.group(1) or m.group(2)))
    return furniture, printed


def printed_page_numbers(found: dict[int, int], page_count: int) -> list[int | None]:
    """Printed page number of every PDF page (by 0-based index); None for a page before
    the numbering starts (front matter): a page below 1 does not exist in print.

    A number read from a header or footer is trusted when it fits the numbering of
    the book (the most common offset to the PDF page, or a neighbour within three
    pages); pages without one continue from the nearest trusted page before them
    (or after them); without any, the PDF page number is used.
    """
    return [number if number >= 1 else None for number in _continued_numbers(found, page_count)]


def label_page_numbers(labels: list[str | None]) -> list[int | None] | None:
    """Printed numbers from the PDF's /PageLabels: a page labelled "37" is page 37; roman or
    other labels (front matter) have no number. None when the PDF has no numeric labels."""
    numbers = [int(label) if label and label.isdigit() and int(label) >= 1 else None for label in labels]
    return numbers if any(number is not None for number in numbers) else None


def _continued_numbers(found: dict[int, int], page_count: int) -> list[int]:
    offsets = Counter(number - index for index, number in found.items())
    common = offsets.most_common(1)[0][0] if offsets else 1
    trusted = {
        index: number
        for index, number in found.items()
        if number - index == common
        or any(found.get(j) is not None and found[j] - j == number - index
               for j in range(index - 3, index + 4) if j != index)
    }
    if not trusted:
        return [index + 1 for index in range(page_count)]
    anchors = sorted(trusted)
    result = []
    for index in range(page_count):
        pos = bisect.bisect_right(anchors, index) - 1
        anchor = anchors[pos] if pos >= 0 else anchors[0]
        result.append(index + trusted[anchor] - anchor)
    return result


def join_pair(left: str, right: str) -> str:
    """Join two consecutive lines of a paragraph, undoing hyphenation at the line end."""
    left = left.rstrip()
    right = right.lstrip()
    if not left:
        return right
    if not right:
        return left
    if left.endswith("\u00ad"):
        return left[:-1] + right
    if not left.endswith(HYPHENS) or len(left) < 2 or left[-2] == " ":
        return left + " " + right
    word = left.rsplit(" ", 1)[-1][:-1]
    part = re.split(r"[-/]", word)[-1] if word else ""
    following = right.split(" ", 1)[0]
    first = following[:1]
    if following.lower().rstrip(",;") in CONJUNCTIONS:
        return left + " " + right  # "Workflow- und Prozessplattform"
    if not first.isalpha() or first.isupper():
        return left + right  # "IT-Abteilung", "E-Government-Beispiele", "2015-2016"
    if not part or not part[-1].isalpha() or _is_acronym(part):
        return left + right  # "IT-gestützt", "E-mail"
    return left[:-1] + right  # "Verwal-" + "tung"


def _is_acronym(part: str) -> bool:
    letters = [c for c in part if c.isalpha()]
    return len(part) == 1 or (len(part) <= 4 and all(c.isupper() for c in letters))


def join_lines(texts: list[str]) -> str:
    result = ""
    for text in texts:
        result = join_pair(result, text) if result else text.strip()
    return result

"""A chapter's subtitle and reading hint ("Lesen Sie dieses Kapitel, wenn Sie …")."""

import re

from .blocks import CAPTION, Stats
from .cleanup import join_lines
from .headings import NUMBERED
from .layout import Line

TEASER = re.compile(r"^Lesen Sie\b", re.I)
MAX_TEASER_LINES = 8


def split_intro(items: list, heading: Line, stats: Stats) -> tuple[str | None, str | None, list]:
    """Return (subtitle, teaser, remaining items) for the items following a chapter heading."""
    i = 0
    subtitle_lines: list[Line] = []
    while i < len(items) and len(subtitle_lines) < 3:
        line = items[i]
        if not isinstance(line, Line) or line.page != heading.page:
            break
        prev = subtitle_lines[-1] if subtitle_lines else heading
        if subtitle_lines and (abs(line.size - prev.size) > 0.6 or line.top - prev.bottom > line.size):
            break
        if (
            line.italic
            or line.bold
            or line.size < stats.body_size * 1.1
            or line.size >= heading.size
            or NUMBERED.match(line.text)
            or line.top - prev.bottom > 4 * line.size
        ):
            break
        subtitle_lines.append(line)
        i += 1
    subtitle = join_lines([l.text for l in subtitle_lines]) or None
    if subtitle and (len(subtitle) > 150 or subtitle.endswith(".")):
        subtitle, i = None, 0  # a lead paragraph in a larger size, not a subtitle

    teaser_lines: list[Line] = []
    if i < len(items) and isinstance(items[i], Line):
        first = items[i]
        by_phrase = bool(TEASER.match(first.text))
        if by_phrase or (first.italic and not CAPTION.match(first.text)):
            teaser_lines.append(first)
            j = i + 1
            while j < len(items) and len(teaser_lines) <= MAX_TEASER_LINES:
                line, prev = items[j], teaser_lines[-1]
                if (
                    not isinstance(line, Line)
                    or line.box != prev.box
                    or line.italic != prev.italic
                    or abs(line.size - prev.size) > 0.6
                    or line.page != prev.page
                    or not 0 < line.baseline - prev.baseline <= 1.35 * stats.expected_pitch(line.size)
                ):
                    break
                teaser_lines.append(line)
                j += 1
            if len(teaser_lines) > MAX_TEASER_LINES or (not by_phrase and j >= len(items)):
                teaser_lines = []
            else:
                i = j
    teaser = join_lines([l.text for l in teaser_lines]) or None
    return subtitle, teaser, items[i:]

"""Lines and tables of one heading's body to Markdown.

Paragraphs, bullet and numbered lists, figure captions, tables, and tip boxes
(rendered as block quotes that keep their bold label).
"""

import re
from dataclasses import dataclass, field

from .cleanup import join_lines
from .layout import Line, TableItem

BULLET = re.compile(r"^([•●▪■◦○·‣⁃►▸\u2013\u2014*\uf0a7\uf0b7\uf076\uf0d8\uf0fc\uf06c-])\s*(.*)$")
STRONG_BULLETS = "•●▪■◦○·‣⁃►▸\uf0a7\uf0b7\uf076\uf0d8\uf0fc\uf06c"  # not "-", "–", "*"
NUMBER_ITEM = re.compile(r"^(\d{1,2}[.)]|[a-z]\))\s+(\S.*)$")  # "1.", "2)", "a)" - not "z. B."
CAPTION = re.compile(
    r"^(Abbildung|Abb\.|Grafik|Schaubild|Tabelle|Tab\.|Quelle|Foto|Bild|Übersicht)\s*[\d.:]", re.I
)
SENTENCE_END = (".", "!", "?", ":", "»", "«", "“", '"', ")")


@dataclass
class Stats:
    """Document-wide measures the paragraph rules are relative to."""

    body_size: float
    pitch: float  # baseline distance of body text lines

    def expected_pitch(self, size: float) -> float:
        return self.pitch * size / self.body_size


@dataclass
class Block:
    kind: str  # para, bullet, number, caption, label, table
    box: tuple[int, int] | None
    lines: list[Line] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    marker: str = ""
    indent: float = 0.0
    rows: list[list[str]] = field(default_factory=list)
    page: int = 0


def _ends_short(line: Line) -> bool:
    return line.x1 < line.col_x1 - 3 * line.size


def _set_apart(line: Line, prev: Line, stats: Stats) -> bool:
    """The line does not simply continue the previous one's running text."""
    return (
        line.bold != prev.bold
        or abs(line.size - prev.size) > 0.6
        or line.x0 > line.col_x0 + 0.5 * line.size
        or (line.page == prev.page and line.column == prev.column
            and line.baseline - prev.baseline > 1.35 * stats.expected_pitch(line.size))
    )


def _item_start(
    line: Line, prev: Line | None, current: Block | None, stats: Stats
) -> tuple[str, str, str] | None:
    """(kind, marker, text) when the line starts a list item."""
    m = BULLET.match(line.text)
    if m and m.group(2):
        strong = m.group(1) in STRONG_BULLETS
        # A dash at the start of a line inside running text is a dash, not a bullet.
        if (strong or prev is None or current is None or current.kind == "bullet"
                or _ends_short(prev) or _set_apart(line, prev, stats)):
            if strong or line.text[1:2] == " ":
                return "bullet", "-", m.group(2)
    m = NUMBER_ITEM.match(line.text)
    if m:
        after_break = (
            prev is None
            or current is None
            or current.kind == "number"
            or _ends_short(prev)
            or prev.text.endswith(":")
            or line.box != prev.box
            or _set_apart(line, prev, stats)
        )
        if after_break:
            return "number", m.group(1), m.group(2)
    return None


def _continues(block: Block, prev: Line, line: Line, stats: Stats) -> bool:
    if line.box != prev.box or block.kind in ("table", "label"):
        return False
    if abs(line.size - prev.size) > 0.6 or line.bold != prev.bold or line.italic != prev.italic:
        return False
    if line.flow_break or line.page != prev.page or line.column != prev.column:
        # New page or column: the paragraph runs on if its last line was full
        # (justified) or the sentence obviously continues ("Pro-" / "zesse").
        if block.kind == "caption":
            return False
        first = line.text[:1]
        sentence_open = not prev.text.rstrip().endswith(SENTENCE_END) and first.islower()
        return sentence_open or not _ends_short(prev)
    dy = line.baseline - prev.baseline
    if dy <= 0 or dy > 1.35 * stats.expected_pitch(line.size):
        return False
    if block.kind in ("bullet", "number"):
        return line.x0 > block.indent + 0.3 * line.size
    if block.kind == "caption":
        return True
    if line.x0 > prev.x0 + 0.8 * line.size and abs(prev.x0 - prev.col_x0) < 2:
        return False  # first-line indent starts a paragraph
    if _ends_short(prev) and prev.text.rstrip().endswith(SENTENCE_END):
        return False
    return True


def _join_split_boxes(items: list) -> None:
    """A box continued on the next page or column is one box, not two."""
    renamed: dict = {}
    prev: Line | None = None
    for item in items:
        if not isinstance(item, Line):
            prev = None
            continue
        if item.box in renamed:
            item.box = renamed[item.box]
        elif (
            item.box is not None
            and prev is not None
            and prev.box is not None
            and item.box != prev.box
            and item.flow_break
            and not item.bold
        ):
            renamed[item.box] = prev.box
            item.box = prev.box
        prev = item


def build_blocks(items: list, stats: Stats) -> list[Block]:
    _join_split_boxes(items)
    blocks: list[Block] = []
    current: Block | None = None
    prev: Line | None = None
    for item in items:
        if isinstance(item, TableItem):
            last = blocks[-1] if blocks else None
            if (
                last is not None
                and last.kind == "table"
                and current is last
                and len(last.rows[0]) == len(item.rows[0])
                and (item.flow_break or item.page != last.page)
            ):
                rows = item.rows[1:] if item.rows[0] == last.rows[0] else item.rows
                last.rows.extend(rows)  # a table continued in the next column or page
                last.page = item.page
            elif item.tentative:
                # A lone ruled row that continues nothing is plain text.
                texts = [" ".join(c for c in row if c) for row in item.rows]
                current = Block("para", item.box, texts=texts, page=item.page)
                blocks.append(current)
            else:
                current = Block("table", item.box, rows=[list(r) for r in item.rows], page=item.page)
                blocks.append(current)
            prev = None
            continue
        line = item
        start = _item_start(line, prev, current, stats)
        if start:
            kind, marker, text = start
            current = Block(kind, line.box, [line], [text], marker=marker, indent=line.x0, page=line.page)
            blocks.append(current)
        elif current is not None and prev is not None and _continues(current, prev, line, stats):
            current.lines.append(line)
            current.texts.append(line.text)
        else:
            kind = "caption" if CAPTION.match(line.text) and (
                line.italic or line.size < stats.body_size - 0.4
            ) else "para"
            if (
                kind == "para"
                and line.box is not None
                and (current is None or current.box != line.box)
                and line.bold
                and len(line.text) <= 80
            ):
                kind = "label"
            current = Block(kind, line.box, [line], [line.text], page=line.page)
            blocks.append(current)
        prev = line
    return blocks


def escape_inline(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")
    return text.replace("<", "&lt;")


def escape_start(text: str) -> str:
    """Keep Markdown from reading the start of a paragraph as a list or heading."""
    m = re.match(r"^(\d+)([.)])(\s)", text)
    if m:
        return f"{m.group(1)}\\{m.group(2)}{text[m.end(2):]}"
    if re.match(r"^([-+]\s|#|>|=+\s*$)", text):
        return "\\" + text
    return text


def _table_markdown(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)

    def cell(text: str) -> str:
        return escape_inline(text).replace("|", "\\|") or " "

    lines = []
    for i, row in enumerate(rows):
        row = row + [""] * (width - len(row))
        lines.append("| " + " | ".join(cell(c) for c in row) + " |")
        if i == 0:
            lines.append("|" + "|".join(" --- " for _ in row) + "|")
    return "\n".join(lines)


def _render(block: Block, list_base: float | None) -> str:
    if block.kind == "table":
        return _table_markdown(block.rows)
    text = escape_inline(join_lines(block.texts))
    if block.kind == "bullet" or block.kind == "number":
        depth = 0
        if list_base is not None and block.lines:
            depth = max(0, min(3, round((block.indent - list_base) / (1.5 * block.lines[0].size))))
        marker = "-" if block.kind == "bullet" else block.marker.replace(")", ".")
        if not marker[0].isdigit() and marker != "-":
            marker = "-"
            text = f"{block.marker} {text}"
        return "  " * depth + f"{marker} {text}"
    if block.kind == "caption":
        return f"*{text}*"
    if not block.lines:
        return escape_start(text)
    line = block.lines[0]
    single = len(block.lines) == 1 and len(text) <= 100 and not text.endswith((".", ","))
    if block.kind == "label" or (single and line.bold):
        return f"**{text}**"
    return escape_start(text)


def render_blocks(blocks: list[Block]) -> str:
    """Markdown for a sequence of blocks; consecutive blocks of one box form a quote."""
    parts: list[str] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.box is None:
            j = i + 1
            while j < len(blocks) and blocks[j].box is None:
                j += 1
            parts.append(_render_sequence(blocks[i:j]))
        else:
            j = i + 1
            while j < len(blocks) and blocks[j].box == block.box:
                j += 1
            inner = _render_sequence(blocks[i:j])
            parts.append("\n".join(f"> {l}" if l else ">" for l in inner.split("\n")))
        i = j
    return "\n\n".join(p for p in parts if p)


def _render_sequence(blocks: list[Block]) -> str:
    out: list[str] = []
    list_base: float | None = None
    prev_kind = None
    for block in blocks:
        is_item = block.kind in ("bullet", "number")
        if is_item and prev_kind not in ("bullet", "number"):
            list_base = block.indent
        rendered = _render(block, list_base if is_item else None)
        if out and is_item and prev_kind in ("bullet", "number"):
            out[-1] += "\n" + rendered
        else:
            out.append(rendered)
        prev_kind = block.kind
    return "\n\n".join(out)


def to_markdown(items: list, stats: Stats) -> str:
    return render_blocks(build_blocks(items, stats))

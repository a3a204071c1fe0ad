"""Tables (from ruling lines) and boxes (tip boxes, sidebars) on a page."""

from .cleanup import join_lines
from .layout import Line, TableItem, baseline_rows, make_line
from .reader import RawPage

MAX_RULINGS = 3000  # pages drawn with thousands of strokes are graphics, not tables
SNAP = 2.0
ROW_GAP = 100.0  # furthest apart two row rules of one table may be


def _cluster(values: list[float], tolerance: float = SNAP) -> list[float]:
    result: list[float] = []
    for v in sorted(values):
        if result and v - result[-1] <= tolerance:
            continue
        result.append(v)
    return result


def _groups(rulings):
    """Connected groups of rulings (touching within SNAP points)."""
    parent = list(range(len(rulings)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    boxes = [(r.x0 - SNAP, r.top - SNAP, r.x1 + SNAP, r.bottom + SNAP) for r in rulings]
    order = sorted(range(len(rulings)), key=lambda i: boxes[i][1])
    for pos, i in enumerate(order):
        ax0, at, ax1, ab = boxes[i]
        for j in order[pos + 1:]:
            bx0, bt, bx1, bb = boxes[j]
            if bt > ab + ROW_GAP:
                break
            touching = bt <= ab and bx0 <= ax1 and ax0 <= bx1
            # Rules between the rows of a table without vertical lines: same width, stacked.
            stacked = (
                rulings[i].horizontal and rulings[j].horizontal
                and abs(ax0 - bx0) <= SNAP and abs(ax1 - bx1) <= SNAP
            )
            if touching or stacked:
                parent[find(i)] = find(j)
    groups: dict[int, list] = {}
    for i, r in enumerate(rulings):
        groups.setdefault(find(i), []).append(r)
    return list(groups.values())


def find_tables(page: RawPage) -> tuple[list[TableItem], list[tuple[float, float, float, float]]]:
    """Return ruled tables and plain frames (a single ruled rectangle) of a page."""
    rulings = [r for r in page.rulings if max(r.x1 - r.x0, r.bottom - r.top) >= 5]
    if not rulings or len(rulings) > MAX_RULINGS:
        return [], []
    tables: list[TableItem] = []
    frames: list[tuple[float, float, float, float]] = []
    for group in _groups(rulings):
        ys = _cluster([(r.top + r.bottom) / 2 for r in group if r.horizontal])
        xs = _cluster([(r.x0 + r.x1) / 2 for r in group if not r.horizontal])
        x0 = min(r.x0 for r in group)
        x1 = max(r.x1 for r in group)
        top = min(r.top for r in group)
        bottom = max(r.bottom for r in group)
        if len(ys) < 2:
            continue
        tentative = False
        if len(xs) < 2:
            # Rules between rows only: columns come from the text. A single ruled row
            # is kept only as the continuation of a table (blocks.py decides).
            tentative = len(ys) == 2
            xs = []
        if len(xs) == 2 and len(ys) == 2:
            frames.append((x0, top, x1, bottom))
            continue
        table = _build_table(page, xs, ys, (x0, top, x1, bottom))
        if table is None:
            if len(xs) == 2:
                frames.append((x0, top, x1, bottom))
            continue
        table.tentative = tentative
        tables.append(table)
    return tables, frames


def _column_edges_from_text(chars, x0: float, x1: float) -> list[float]:
    """Column borders of an unruled table: x positions no character covers."""
    width = int(x1 - x0) + 2
    covered = [False] * width
    for ch in chars:
        if ch.text == " ":
            continue
        for x in range(max(0, int(ch.x0 - x0)), min(width, int(ch.x1 - x0) + 1)):
            covered[x] = True
    edges = [x0]
    x = 0
    min_gap = 6
    while x < width:
        if not covered[x]:
            start = x
            while x < width and not covered[x]:
                x += 1
            if x - start >= min_gap and start > 0 and x < width:
                edges.append(x0 + (start + x) / 2)
        else:
            x += 1
    edges.append(x1)
    return edges


def _build_table(page: RawPage, xs, ys, bbox) -> TableItem | None:
    x0, top, x1, bottom = bbox
    inside = [
        c for c in page.chars
        if x0 - 1 <= (c.x0 + c.x1) / 2 <= x1 + 1 and top - 1 <= (c.top + c.bottom) / 2 <= bottom + 1
    ]
    if not inside:
        return None
    ruled_columns = bool(xs)
    if not xs:
        xs = _column_edges_from_text(inside, x0, x1)
    if len(xs) < 3:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    cells: list[list[list]] = [[[] for _ in range(n_cols)] for _ in range(n_rows)]
    for ch in inside:
        cx = (ch.x0 + ch.x1) / 2
        cy = (ch.top + ch.bottom) / 2
        row = _slot(ys, cy)
        col = _slot(xs, cx)
        if row is not None and col is not None:
            cells[row][col].append(ch)
    rows: list[list[str]] = []
    header_bold = False
    for r, row_cells in enumerate(cells):
        texts = []
        for chars in row_cells:
            lines = [line for row in baseline_rows(chars) if (line := make_line(row, page.index))]
            texts.append(join_lines([line.text for line in lines]))
            if r == 0 and lines:
                header_bold = header_bold or all(line.bold for line in lines)
        if any(texts):
            rows.append(texts)
    if not rows or (len(rows) < 2 and not ruled_columns and n_rows > 1):
        return None
    used = [i for i in range(n_cols) if any(row[i] for row in rows)]
    if len(used) < 2:
        return None
    rows = [[row[i] for i in used] for row in rows]
    return TableItem(rows=rows, x0=x0, x1=x1, top=top, bottom=bottom, page=page.index,
                     header_bold=header_bold)


def _slot(edges: list[float], value: float) -> int | None:
    for i in range(len(edges) - 1):
        if edges[i] - 1 <= value <= edges[i + 1] + 1:
            return i
    return None


def find_boxes(page: RawPage, frames, tables: list[TableItem]):
    """Candidate box regions: tinted or framed areas tall enough to hold text."""
    area = page.width * page.height
    boxes = []
    for s in page.shapes:
        if s.width < 20 or s.height < 8:
            continue
        if s.width * s.height > 0.6 * area:
            continue  # page background
        if s.fill and s.gray >= 0.99 and not s.stroke:
            continue  # white patch
        if not s.fill and s.straight:
            continue  # straight strokes are handled as rulings/frames
        boxes.append((s.x0, s.top, s.x1, s.bottom))
    boxes.extend(frames)
    # Cell backgrounds of tables are not boxes.
    return [
        b for b in boxes
        if not any(t.x0 - 2 <= b[0] and b[2] <= t.x1 + 2 and t.top - 2 <= b[1] and b[3] <= t.bottom + 2
                   for t in tables)
    ]


def assign_boxes(lines: list[Line], boxes, page_index: int) -> None:
    """Mark each line lying inside a box with that box (the smallest one)."""
    if not boxes:
        return
    for line in lines:
        best = None
        best_area = None
        for i, (x0, top, x1, bottom) in enumerate(boxes):
            if x0 - 2 <= line.x0 and line.x1 <= x1 + 2 and top - 2 <= line.top and line.bottom <= bottom + 2:
                a = (x1 - x0) * (bottom - top)
                if best is None or a < best_area:
                    best, best_area = i, a
        if best is not None:
            line.box = (page_index, best)

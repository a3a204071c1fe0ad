"""Fast matching of two token sequences.

``difflib.SequenceMatcher`` alone is quadratic on long texts whose tokens repeat a lot
(every space, "die", "der" …). We therefore

1. match whole lines (a Markdown paragraph is usually one line) and only look inside the
   lines that differ,
2. inside those, strip the common prefix and suffix and anchor on tokens that occur exactly
   once on both sides (patience diff, longest increasing subsequence), recursing between
   anchors,
3. hand only small anchor-less gaps to ``difflib`` (``autojunk=False``); a large gap
   without any anchor falls back to tokens that occur equally (and rarely) often on both
   sides, and then to ``difflib`` on a window sliding along both sides (highly repetitive
   text such as a long table of identical rows).

Sequences are lists of hashable keys; equal keys mean equal tokens.
"""

from bisect import bisect_left
from collections.abc import Hashable, Sequence
from difflib import SequenceMatcher
from typing import NamedTuple

# Gaps up to this many token pairs go to difflib as they are.
DIFFLIB_LIMIT = 40_000
# Window (tokens per side) for gaps too large for difflib and without anchors.
WINDOW = 200


class Op(NamedTuple):
    """One edit operation, like ``difflib`` opcodes: a[a_start:a_end] -> b[b_start:b_end]."""

    tag: str  # 'equal' | 'insert' | 'delete' | 'replace'
    a_start: int
    a_end: int
    b_start: int
    b_end: int


def matching_blocks(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    a_line_ends: Sequence[bool] | None = None,
    b_line_ends: Sequence[bool] | None = None,
) -> list[tuple[int, int, int]]:
    """Return sorted, non-adjacent matching blocks ``(i, j, size)`` of ``a`` and ``b``.

    ``*_line_ends[i]`` marks tokens after which a line ends; when given, lines are matched
    first.
    """
    intern: dict = {}
    ai = [intern.setdefault(x, len(intern)) for x in a]
    bi = [intern.setdefault(x, len(intern)) for x in b]
    if a_line_ends is None or b_line_ends is None:
        blocks = _match(ai, bi, 0, len(ai), 0, len(bi))
    else:
        blocks = _match_by_lines(ai, bi, a_line_ends, b_line_ends)
    return _join(blocks)


def opcodes(blocks: list[tuple[int, int, int]], n_a: int, n_b: int) -> list[Op]:
    """Turn matching blocks into a complete list of operations."""
    ops: list[Op] = []
    i = j = 0
    for bi, bj, size in blocks + [(n_a, n_b, 0)]:
        if i < bi or j < bj:
            tag = "replace" if i < bi and j < bj else ("delete" if i < bi else "insert")
            ops.append(Op(tag, i, bi, j, bj))
        if size:
            ops.append(Op("equal", bi, bi + size, bj, bj + size))
        i, j = bi + size, bj + size
    return ops


def _lines(ids: list[int], ends: Sequence[bool]) -> list[tuple[int, int]]:
    spans, start = [], 0
    for i, end in enumerate(ends):
        if end:
            spans.append((start, i + 1))
            start = i + 1
    if start < len(ids):
        spans.append((start, len(ids)))
    return spans


def _match_by_lines(ai, bi, a_ends, b_ends):
    a_lines, b_lines = _lines(ai, a_ends), _lines(bi, b_ends)
    intern: dict = {}
    al = [intern.setdefault(tuple(ai[s:e]), len(intern)) for s, e in a_lines]
    bl = [intern.setdefault(tuple(bi[s:e]), len(intern)) for s, e in b_lines]
    line_blocks = _join(_match(al, bl, 0, len(al), 0, len(bl)))
    blocks: list[tuple[int, int, int]] = []
    li = lj = 0
    a_pos = lambda k: a_lines[k][0] if k < len(a_lines) else len(ai)  # noqa: E731
    b_pos = lambda k: b_lines[k][0] if k < len(b_lines) else len(bi)  # noqa: E731
    for bl_i, bl_j, size in line_blocks + [(len(al), len(bl), 0)]:
        # Token-level matching inside the lines between two runs of equal lines.
        blocks.extend(_match(ai, bi, a_pos(li), a_pos(bl_i), b_pos(lj), b_pos(bl_j)))
        if size:
            start_a, start_b = a_pos(bl_i), b_pos(bl_j)
            blocks.append((start_a, start_b, a_pos(bl_i + size) - start_a))
        li, lj = bl_i + size, bl_j + size
    return blocks


def _join(blocks):
    """Sort blocks and merge the ones that touch."""
    out: list[tuple[int, int, int]] = []
    for i, j, n in sorted(blocks):
        if not n:
            continue
        if out and out[-1][0] + out[-1][2] == i and out[-1][1] + out[-1][2] == j:
            pi, pj, pn = out[-1]
            out[-1] = (pi, pj, pn + n)
        else:
            out.append((i, j, n))
    return out


def _match(a, b, alo, ahi, blo, bhi):
    """Matching blocks of a[alo:ahi] and b[blo:bhi] (unsorted, possibly adjacent)."""
    found: list[tuple[int, int, int]] = []
    stack = [(alo, ahi, blo, bhi)]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        k = 0
        while alo + k < ahi and blo + k < bhi and a[alo + k] == b[blo + k]:
            k += 1
        if k:
            found.append((alo, blo, k))
            alo, blo = alo + k, blo + k
        k = 0
        while ahi - k > alo and bhi - k > blo and a[ahi - k - 1] == b[bhi - k - 1]:
            k += 1
        if k:
            found.append((ahi - k, bhi - k, k))
            ahi, bhi = ahi - k, bhi - k
        if alo == ahi or blo == bhi:
            continue
        anchors = _anchors(a, b, alo, ahi, blo, bhi, unique=True)
        if not anchors:
            if (ahi - alo) * (bhi - blo) <= DIFFLIB_LIMIT:
                sm = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
                found.extend((alo + i, blo + j, n) for i, j, n in sm.get_matching_blocks() if n)
                continue
            anchors = _anchors(a, b, alo, ahi, blo, bhi, unique=False)
            if not anchors:
                found.extend(_windowed(a, b, alo, ahi, blo, bhi))
                continue
        prev_a, prev_b = alo, blo
        for i, j in anchors:
            found.append((i, j, 1))
            if prev_a < i and prev_b < j:
                stack.append((prev_a, i, prev_b, j))
            prev_a, prev_b = i + 1, j + 1
        if prev_a < ahi and prev_b < bhi:
            stack.append((prev_a, ahi, prev_b, bhi))
    return found


def _windowed(a, b, alo, ahi, blo, bhi, width=WINDOW):
    """Greedy matching with ``difflib`` on a window moving along both sides.

    Only matches in the first half of each window are kept, so a match is never chosen
    without seeing what follows it. Cost is linear in the length for a fixed window.
    """
    found = []
    while alo < ahi and blo < bhi:
        k = 0
        while alo + k < ahi and blo + k < bhi and a[alo + k] == b[blo + k]:
            k += 1
        if k:
            found.append((alo, blo, k))
            alo, blo = alo + k, blo + k
            continue
        ea, eb = min(ahi, alo + width), min(bhi, blo + width)
        blocks = [
            (alo + i, blo + j, n)
            for i, j, n in SequenceMatcher(None, a[alo:ea], b[blo:eb], autojunk=False)
            .get_matching_blocks()
            if n
        ]
        if ea == ahi and eb == bhi:
            found.extend(blocks)
            break
        if not blocks:  # nothing in common within a window: it was replaced
            alo, blo = ea, eb
            continue
        half_a, half_b = alo + (ea - alo) // 2, blo + (eb - blo) // 2
        keep = [bl for bl in blocks if bl[0] + bl[2] <= half_a and bl[1] + bl[2] <= half_b]
        keep = keep or blocks[:1]
        found.extend(keep)
        alo, blo = keep[-1][0] + keep[-1][2], keep[-1][1] + keep[-1][2]
    return found


def _anchors(a, b, alo, ahi, blo, bhi, unique):
    """Positions (i, j) of anchor tokens, as the longest chain increasing in both.

    With ``unique`` the anchors are tokens occurring once on each side (patience diff);
    otherwise tokens occurring equally often (and rarely) on both sides, the k-th occurrence
    in ``a`` paired with the k-th in ``b``.
    """
    pos_a: dict[int, list[int]] = {}
    for i in range(alo, ahi):
        pos_a.setdefault(a[i], []).append(i)
    pos_b: dict[int, list[int]] = {}
    for j in range(blo, bhi):
        if a_list := pos_a.get(b[j]):
            if unique and len(a_list) > 1:
                continue
            pos_b.setdefault(b[j], []).append(j)
    pairs = []
    for key, b_list in pos_b.items():
        a_list = pos_a[key]
        if len(a_list) != len(b_list):
            continue
        if unique and len(a_list) != 1:
            continue
        if not unique and len(a_list) > 8:
            continue
        pairs.extend(zip(a_list, b_list))
    if not pairs:
        return []
    pairs.sort()
    return _longest_increasing(pairs)


def _longest_increasing(pairs):
    """Longest subsequence of ``pairs`` (sorted by i) whose j increase strictly."""
    tails: list[int] = []  # smallest j ending a chain of each length
    tail_idx: list[int] = []
    back = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        back[k] = tail_idx[pos - 1] if pos else -1
    chain = []
    k = tail_idx[-1]
    while k != -1:
        chain.append(pairs[k])
        k = back[k]
    chain.reverse()
    return chain

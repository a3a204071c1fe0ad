"""Make raw token diffs readable (in the spirit of diff-match-patch's semantic cleanup).

Two passes over the operations, both working on token *kinds* (see ``tokens``):

1. Shift: a pure insertion or deletion that could sit at several places (inserting "X " in
   "A B" after "A " or " X" after "A") is moved to the place where it starts after
   whitespace or a line break, so changes start at word and line beginnings.
2. Absorb: a small island of equal text between two changes ("der [alte] [Antrag]" →
   "die [neue] [Anmeldung]" keeps the spaces in common) is folded into one replacement when
   it holds no word longer than three letters and is no longer than the changes around it.
   Islands containing a line break or a sentence stop are never folded, so changes in
   different sentences stay separate (hunks and merges rely on that).
"""

from .seqmatch import Op
from .tokens import BREAK, MARK, SPACE, STOP, WORD


def cleanup(ops, a_keys, b_keys, a_kinds, b_kinds, a_lens, b_lens, *, absorb=True):
    """Shift, then (with ``absorb``) fold small islands; returns new operations."""
    ops = [list(op) for op in ops]
    _shift(ops, a_keys, b_keys, a_kinds, b_kinds)
    ops = _normalize(ops)
    if absorb:
        ops = _normalize(_absorb(ops, a_kinds, a_lens, b_lens))
    return [Op(*op) for op in ops]


def _boundary_score(before, after):
    """How good a place between two token kinds is for an edit boundary (higher is better)."""
    if before is None or after is None:
        return 6
    if before == BREAK:
        return 5
    if before == SPACE:
        return 3
    if after == BREAK:
        return 2
    if after == SPACE or before in (STOP, MARK) or after in (STOP, MARK):
        return 1
    return 0


def _shift(ops, a_keys, b_keys, a_kinds, b_kinds):
    if not ops:
        return
    # Empty equal runs at both ends give every edit two neighbours that can grow.
    ops.insert(0, ["equal", 0, 0, 0, 0])
    na, nb = ops[-1][2], ops[-1][4]
    ops.append(["equal", na, na, nb, nb])
    for idx, op in enumerate(ops):
        tag = op[0]
        if tag not in ("insert", "delete"):
            continue
        prev, nxt = ops[idx - 1], ops[idx + 1]
        if prev[0] != "equal" or nxt[0] != "equal":
            continue
        # Work on the side that holds the tokens (b for insertions, a for deletions).
        if tag == "insert":
            keys, knd, lo, hi = b_keys, b_kinds, op[3], op[4]
            room_left, room_right = prev[4] - prev[3], nxt[4] - nxt[3]
        else:
            keys, knd, lo, hi = a_keys, a_kinds, op[1], op[2]
            room_left, room_right = prev[2] - prev[1], nxt[2] - nxt[1]
        left = 0
        while left < room_left and keys[lo - left - 1] == keys[hi - left - 1]:
            left += 1
        right = 0
        while right < room_right and keys[lo + right] == keys[hi + right]:
            right += 1
        if not left and not right:
            continue
        n = len(keys)

        def score(shift):
            s, e = lo + shift, hi + shift
            return _boundary_score(knd[s - 1] if s > 0 else None, knd[s]) + _boundary_score(
                knd[e - 1], knd[e] if e < n else None
            )

        best = max(range(-left, right + 1), key=lambda d: (score(d), -abs(d)))
        if not best:
            continue
        # Move the edit by `best` tokens; both neighbouring equal runs move with it.
        prev[2] += best
        prev[4] += best
        nxt[1] += best
        nxt[3] += best
        for k in range(1, 5):
            op[k] += best


def _normalize(ops):
    """Drop empty operations, merge neighbouring changes, set the right tags."""
    out = []
    for op in ops:
        tag, a1, a2, b1, b2 = op
        if a1 == a2 and b1 == b2:
            continue
        if tag == "equal":
            if out and out[-1][0] == "equal":
                out[-1][2], out[-1][4] = a2, b2
            else:
                out.append(["equal", a1, a2, b1, b2])
            continue
        if out and out[-1][0] != "equal":
            out[-1][2], out[-1][4] = a2, b2
        else:
            out.append(["change", a1, a2, b1, b2])
    for op in out:
        if op[0] != "equal":
            op[0] = "replace" if op[1] < op[2] and op[3] < op[4] else (
                "delete" if op[1] < op[2] else "insert"
            )
    return out


def _absorb(ops, a_kinds, a_lens, b_lens):
    i = 1
    while i < len(ops) - 1:
        eq, before, after = ops[i], ops[i - 1], ops[i + 1]
        if eq[0] == "equal" and _small_island(eq, before, after, a_kinds, a_lens, b_lens):
            ops[i - 1:i + 2] = [["replace", before[1], after[2], before[3], after[4]]]
            i = max(i - 1, 1)  # the grown change may now swallow the island before it
        else:
            i += 1
    return ops


def _small_island(eq, before, after, a_kinds, a_lens, b_lens):
    words = 0
    length = 0
    for k in range(eq[1], eq[2]):
        kind = a_kinds[k]
        if kind in (BREAK, STOP):
            return False
        if kind == WORD:
            words += 1
            if words > 1 or a_lens[k] > 3:
                return False
        length += a_lens[k]

    def size(op):
        return max(sum(a_lens[op[1]:op[2]]), sum(b_lens[op[3]:op[4]]))

    return length <= size(before) and length <= size(after)

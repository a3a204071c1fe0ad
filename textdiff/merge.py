"""Three-way merge of Markdown texts at word/sentence granularity.

Both ``current`` and ``proposed`` are diffed against ``base``; each side's changes are
grouped per sentence (as in ``hunks``) and compared in base-token coordinates:

- edits that neither overlap nor touch inside a sentence both apply, so two edits in
  different sentences of one paragraph merge cleanly;
- identical edits apply once, and a side whose edits are a subset of the other's (both fixed
  the same typo, one changed more) gives way to the other. "Subset" does not depend on how
  the two diffs happened to align their changes (a moved full stop can be aligned in several
  equally good ways): a side gives way when its text lies on a shortest way from the base to
  the other side's text (``_containing_side``), so a merged text merges cleanly again with either side;
- anything else is a conflict: overlapping edits, two different insertions at the same
  point, an edit next to the other side's edit within a sentence (only spaces between). A conflict is widened to
  whole sentences so the moderator reads and resolves complete sentences.

With ``granularity="sentence"`` any two different edits in the same sentence conflict.
Nothing is applied half: ``MergeResult.text`` is only set when there is no conflict, and
``resolve`` needs a choice for every conflict.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from .hunks import apply_hunks, group_ops
from .sentences import is_boundary, sentence_ids, sentence_spans, touched
from .tokens import BREAK, SPACE, tokenize
from .tokens import kinds as token_kinds
from .wordiff import diff_tokens

CHOICES = ("current", "proposed", "both", "base")
CONTEXT_WORDS = 8


@dataclass(frozen=True)
class Conflict:
    id: int
    base_text: str
    current_text: str
    proposed_text: str
    context_before: str = ""
    context_after: str = ""

    def choose(self, choice: str) -> str:
        """The text for one choice: 'current', 'proposed', 'both', 'base' or custom text."""
        if not isinstance(choice, str):
            raise ValueError(f"Konflikt {self.id}: ungültige Auswahl {choice!r}")
        if choice == "current":
            return self.current_text
        if choice == "proposed":
            return self.proposed_text
        if choice == "base":
            return self.base_text
        if choice == "both":
            return _join(self.current_text, self.proposed_text)
        return choice


@dataclass(frozen=True)
class Segment:
    """A piece of the merge: agreed text, or a conflict to resolve."""

    text: str = ""
    conflict: Conflict | None = None

    @property
    def is_conflict(self) -> bool:
        return self.conflict is not None


@dataclass(frozen=True)
class MergeResult:
    segments: list[Segment]
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts

    @property
    def text(self) -> str | None:
        """The merged text, or ``None`` while conflicts are unresolved."""
        return "".join(s.text for s in self.segments) if self.clean else None

    def resolve(self, choices: dict[int, str]) -> str:
        """The merged text with every conflict resolved by ``choices`` (conflict id → choice).

        Raises ``ValueError`` if a conflict has no choice or an id is unknown.
        """
        ids = {c.id for c in self.conflicts}
        missing = sorted(ids - set(choices))
        unknown = sorted(set(choices) - ids)
        if missing or unknown:
            raise ValueError(
                f"Konflikte ohne Entscheidung: {missing}; unbekannte Konflikte: {unknown}"
            )
        return "".join(
            s.conflict.choose(choices[s.conflict.id]) if s.conflict else s.text
            for s in self.segments
        )


def merge3(base: str, current: str, proposed: str, *, granularity: str = "word") -> MergeResult:
    """Merge the changes ``base → current`` and ``base → proposed``."""
    segments = merge3_segments(base, current, proposed, granularity=granularity)
    return MergeResult(segments, [s.conflict for s in segments if s.conflict])


def merge_proposal(
    base: str,
    current: str,
    proposed: str,
    accepted: Iterable[int] | None = None,
    *,
    granularity: str = "word",
) -> MergeResult:
    """Accept a proposal written on ``base`` onto ``current``: all of it, or only the hunks
    (ids from ``hunks(base, proposed)``) listed in ``accepted``."""
    if accepted is not None:
        proposed = apply_hunks(base, proposed, accepted)
    return merge3(base, current, proposed, granularity=granularity)


def merge3_segments(
    base: str, current: str, proposed: str, *, granularity: str = "word"
) -> list[Segment]:
    """The merge as a list of text and conflict segments, for rendering conflicts in place."""
    if granularity not in ("word", "sentence"):
        raise ValueError(f"granularity must be 'word' or 'sentence', not {granularity!r}")
    if current == base or current == proposed:
        return [Segment(proposed)]
    if proposed == base:
        return [Segment(current)]
    # Judged on the whole texts first: a side's changes can be cut into clusters and aligned
    # differently than the other's, and a part of a side's changes says nothing about the rest.
    containing = _containing_side(base, current, proposed)
    if containing is not None:
        return [Segment(containing)]
    return _Merge(base, current, proposed, granularity == "sentence").segments()


@dataclass
class _Edit:
    """One side's changes in one sentence group: base[start:end] is affected."""

    side: str
    start: int
    end: int
    changes: tuple  # ((a_start, a_end, replacement), …)


class _Merge:
    def __init__(self, base, current, proposed, strict):
        self.a = tokenize(base)
        self.kinds = token_kinds(self.a)
        self.sids = sentence_ids(self.a, self.kinds)
        self.spans = sentence_spans(self.sids)
        self.strict = strict
        edits = []
        for side, text in (("current", current), ("proposed", proposed)):
            b = tokenize(text)
            for group in group_ops(diff_tokens(self.a, b, readable=False), self.sids, self.kinds):
                changes = tuple(
                    (op.a_start, op.a_end, "".join(b[op.b_start:op.b_end])) for op in group
                )
                edits.append(_Edit(side, group[0].a_start, group[-1].a_end, changes))
        self.edits = sorted(edits, key=lambda e: (e.start, e.end))

    # -- when do two edits collide? --------------------------------------------------------

    def _inside_sentence(self, pos):
        return not is_boundary(self.sids, self.kinds, pos)

    def _next_to(self, end, start):
        """Whether an edit ending at ``end`` and one starting at ``start`` touch inside a
        sentence: nothing or only spaces between them ("Antrag [neu] [gestrichen] prüfen").
        A deletion beside an insertion could be aligned as one replacement just as well."""
        if end > start or not all(self.kinds[i] == SPACE for i in range(end, start)):
            return False
        return self._inside_sentence(end) and self._inside_sentence(start)

    def _sentences(self, e):
        span = touched(self.sids, self.kinds, e.start, e.end)
        return set(range(span[0], span[1] + 1)) if span else set()

    def _collide(self, x, y):
        if x.side == y.side:
            return False
        if x.start < y.end and y.start < x.end:
            return True
        if x.start == x.end == y.start == y.end:
            return True
        # An insertion right at the other side's change (even at a sentence's edge) could be
        # read as part of it: "delete A, insert B before it" is also "replace A by B".
        if (x.start == x.end and x.start in (y.start, y.end)) or (y.start == y.end and y.start in (x.start, x.end)):
            return True
        if self._next_to(x.end, y.start) or self._next_to(y.end, x.start):
            return True
        return self.strict and bool(self._sentences(x) & self._sentences(y))

    def _clusters(self):
        edits = self.edits
        parent = list(range(len(edits)))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, x in enumerate(edits):
            reach = x.end
            if self.strict and x.end < len(self.a):  # sentence mode: look to the sentence end
                reach = _sentence_end(self.sids, max(x.end - 1, x.start))
            for j in range(i + 1, len(edits)):
                y = edits[j]
                if y.start > reach:
                    break
                if self._collide(x, y):
                    parent[find(j)] = find(i)
        groups: dict[int, list[_Edit]] = {}
        for i, e in enumerate(edits):
            groups.setdefault(find(i), []).append(e)
        return list(groups.values())

    # -- building the result -----------------------------------------------------------------

    def _apply(self, changes, start, end):
        out, pos = [], start
        for a1, a2, text in sorted(changes):
            out.extend(self.a[pos:a1])
            out.append(text)
            pos = a2
        out.extend(self.a[pos:end])
        return "".join(out)

    def _side_changes(self, cluster, side):
        return [c for e in cluster if e.side == side for c in e.changes]

    def _resolve_clean(self, cluster, start, end):
        """The agreed text of a cluster, or None if its sides really disagree."""
        cur, pro = self._side_changes(cluster, "current"), self._side_changes(cluster, "proposed")
        cur_text, pro_text = self._apply(cur, start, end), self._apply(pro, start, end)
        if not pro or cur_text == pro_text or set(pro) <= set(cur):
            return cur_text
        if not cur or set(cur) <= set(pro):
            return pro_text
        return None

    def _widen(self, start, end):
        """Widen a conflict to whole sentences, without the trailing whitespace."""
        span = touched(self.sids, self.kinds, start, end)
        if span is None:
            return start, end
        new_start, new_end = self.spans[span[0]][0], self.spans[span[1]][1]
        while new_end > max(end, new_start) and self.kinds[new_end - 1] in (SPACE, BREAK):
            new_end -= 1
        return min(new_start, start), max(new_end, end)

    def segments(self):
        items = []  # [start, end, cluster, text-or-None]
        for cluster in self._clusters():
            start = min(e.start for e in cluster)
            end = max(e.end for e in cluster)
            items.append([start, end, cluster, self._resolve_clean(cluster, start, end)])
        items.sort(key=lambda it: (it[0], it[1]))
        items = self._widen_conflicts(items)

        pieces: list = []  # str or (start, end, cluster) for conflicts
        pos = 0
        for start, end, cluster, text in items:
            pieces.append("".join(self.a[pos:start]))
            if text is None:
                pieces.append((start, end, cluster))
            else:
                pieces.append(text)
            pos = end
        pieces.append("".join(self.a[pos:]))
        return self._to_segments(pieces)

    def _widen_conflicts(self, items):
        """Widen conflicts to sentences, swallowing whatever then lies inside them.

        Each side has at most one edit per sentence, so this rarely swallows anything; it
        matters for edits spanning several sentences. Repeats until nothing changes.
        """
        changed = True
        while changed:
            changed = False
            for item in items:
                start, end, cluster, text = item
                if text is not None:
                    continue
                ws, we = self._widen(start, end)
                inside = [
                    other for other in items
                    if other is not item
                    and ((other[0] < we and other[1] > ws)
                         or (other[0] == other[1] and ws < other[0] < we))
                ]
                if (ws, we) == (start, end) and not inside:
                    continue
                for other in inside:
                    cluster = cluster + other[2]
                    ws, we = min(ws, other[0]), max(we, other[1])
                gone = {id(item)} | {id(other) for other in inside}
                items = [it for it in items if id(it) not in gone] + [[ws, we, cluster, None]]
                items.sort(key=lambda it: (it[0], it[1]))
                changed = True
                break
        return items

    def _to_segments(self, pieces):
        segments: list[Segment] = []
        number = 0
        for idx, piece in enumerate(pieces):
            if isinstance(piece, str):
                if not piece:
                    continue
                if segments and not segments[-1].is_conflict:
                    segments[-1] = Segment(segments[-1].text + piece)
                else:
                    segments.append(Segment(piece))
                continue
            start, end, cluster = piece
            number += 1
            before = "".join(reversed(_texts_until_conflict(reversed(pieces[:idx]))))
            after = "".join(_texts_until_conflict(pieces[idx + 1:]))
            conflict = Conflict(
                id=number,
                base_text="".join(self.a[start:end]),
                current_text=self._apply(self._side_changes(cluster, "current"), start, end),
                proposed_text=self._apply(self._side_changes(cluster, "proposed"), start, end),
                context_before=_tail_words(before, CONTEXT_WORDS),
                context_after=_head_words(after, CONTEXT_WORDS),
            )
            segments.append(Segment(conflict=conflict))
        return segments


def _containing_side(base: str, current: str, proposed: str) -> str | None:
    """The side whose changes hold all of the other's, or None.

    ``current``'s changes are part of ``proposed``'s when ``current`` lies on a shortest way (in
    inserted and deleted tokens) from ``base`` to ``proposed``, however a diff would align them.
    """
    a, c, p = tokenize(base), tokenize(current), tokenize(proposed)
    # Tokens all three texts share at the start and the end change no distance.
    start, shortest = 0, min(len(a), len(c), len(p))
    while start < shortest and a[start] == c[start] == p[start]:
        start += 1
    end = 0
    while end < shortest - start and a[-1 - end] == c[-1 - end] == p[-1 - end]:
        end += 1
    a, c, p = (tokens[start:len(tokens) - end] for tokens in (a, c, p))
    to_current, to_proposed, between = _distance(a, c), _distance(a, p), _distance(c, p)
    if to_current + between == to_proposed:
        return proposed
    if to_proposed + between == to_current:
        return current
    return None


def _distance(a: list[str], b: list[str]) -> int:
    """Tokens to delete and insert to turn ``a`` into ``b`` (exact, via the longest common
    subsequence, computed bit-parallel: Allison–Dix / Hyyrö, fast on whole recipes)."""
    if len(a) < len(b):
        a, b = b, a
    positions: dict[str, int] = {}
    for i, token in enumerate(a):
        positions[token] = positions.get(token, 0) | (1 << i)
    mask = (1 << len(a)) - 1
    row = mask
    for token in b:
        matches = row & positions.get(token, 0)
        row = ((row + matches) | (row - matches)) & mask
    common = len(a) - bin(row).count("1")
    return len(a) + len(b) - 2 * common


def _sentence_end(sids, index):
    """Index just past the sentence that holds token ``index``."""
    sid, i = sids[index], index
    while i < len(sids) and sids[i] == sid:
        i += 1
    return i


def _texts_until_conflict(pieces):
    """The text pieces up to the next conflict, in the order given."""
    texts = []
    for piece in pieces:
        if not isinstance(piece, str):
            break
        texts.append(piece)
    return texts


def _tail_words(text, n):
    return " ".join(text[-2000:].split()[-n:])


def _head_words(text, n):
    return " ".join(text[:2000].split()[:n])


def _join(first, second):
    """Both texts one after the other, separated like sentences or lines."""
    if not first or not second or first[-1].isspace() or second[0].isspace():
        return first + second
    return first + ("\n" if "\n" in first else " ") + second

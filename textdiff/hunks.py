"""Changed passages of a proposal, so a moderator can take or leave each one.

A hunk is every change inside one sentence of the base text (see ``sentences``): two
changes in the same sentence form one hunk, changes in different sentences are separate
hunks, even in the same paragraph. Hunk ids are numbered from 1 in text order and are
stable for the same pair of texts, so a form can post back the accepted ids.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .sentences import sentence_ids, touched
from .seqmatch import Op
from .tokens import BREAK, WORD, tokenize
from .tokens import kinds as token_kinds
from .wordiff import diff_tokens

LABEL_WORDS = 4  # words of context on each side of a hunk's label


@dataclass(frozen=True)
class Hunk:
    id: int
    base_start: int  # base token range replaced by new_text
    base_end: int
    new_text: str
    old_text: str
    label: str = ""  # "… context «change» context …", one line, for the UI
    context_before: str = ""
    context_after: str = ""

    @property
    def tag(self) -> str:
        if not self.old_text:
            return "insert"
        return "delete" if not self.new_text else "replace"


def group_ops(ops: list[Op], sids: list[int], kinds: list[str]) -> list[list[Op]]:
    """Group the changes among ``ops`` so that changes touching a common sentence share a group.

    An insertion between two sentences touches none and forms a group of its own.
    """
    groups: list[list[Op]] = []
    last_sid = None  # highest sentence touched by the open group
    for op in ops:
        if op.tag == "equal":
            continue
        first, last = touched(sids, kinds, op.a_start, op.a_end) or (None, None)
        if groups and first is not None and last_sid is not None and first <= last_sid:
            groups[-1].append(op)
            last_sid = max(last_sid, last)
        else:
            groups.append([op])
            last_sid = last
    return groups


def hunks(base: str, proposed: str) -> list[Hunk]:
    """The changed passages between ``base`` and ``proposed``, in text order."""
    a, b = tokenize(base), tokenize(proposed)
    return _hunks(a, b, diff_tokens(a, b))


def apply_hunks(base: str, proposed: str, accepted: Iterable[int]) -> str:
    """``base`` with only the hunks whose ids are in ``accepted`` applied.

    All ids give ``proposed``, none gives ``base``. Unknown ids raise ``ValueError``.
    """
    a = tokenize(base)
    found = hunks(base, proposed)
    wanted = set(accepted)
    unknown = wanted - {h.id for h in found}
    if unknown:
        raise ValueError(f"Unbekannte Änderungen: {sorted(unknown)}")
    out: list[str] = []
    pos = 0
    for h in found:
        if h.id in wanted:
            out.extend(a[pos:h.base_start])
            out.append(h.new_text)
            pos = h.base_end
    out.extend(a[pos:])
    return "".join(out)


def _hunks(a: list[str], b: list[str], ops: list[Op]) -> list[Hunk]:
    a_kinds = token_kinds(a)
    result = []
    for number, group in enumerate(group_ops(ops, sentence_ids(a, a_kinds), a_kinds), start=1):
        a1, a2 = group[0].a_start, group[-1].a_end
        b1, b2 = group[0].b_start, group[-1].b_end
        old, new = "".join(a[a1:a2]), "".join(b[b1:b2])
        before = context_words(a, a_kinds, a1, -LABEL_WORDS)
        after = context_words(a, a_kinds, a2, LABEL_WORDS)
        label = _label(before, old, new, after)
        result.append(Hunk(number, a1, a2, new, old, label, before.strip(), after.strip()))
    return result


def context_words(tokens: list[str], kinds: list[str], pos: int, words: int) -> str:
    """Text of up to ``abs(words)`` words before (negative) or after ``pos``, within its line.

    Whitespace is collapsed to single spaces (so the snippet fits on one line) but kept at
    the ends, so a snippet can be glued to the change it surrounds.
    """
    if words < 0:
        i, count = pos, 0
        while i > 0 and count < -words and kinds[i - 1] != BREAK:
            i -= 1
            count += kinds[i] == WORD
        text = "".join(tokens[i:pos])
    else:
        i, count = pos, 0
        while i < len(tokens) and count < words and kinds[i] != BREAK:
            count += kinds[i] == WORD
            i += 1
        text = "".join(tokens[pos:i])
    return re.sub(r"\s+", " ", text)


def _shorten(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _label(before: str, old: str, new: str, after: str) -> str:
    """One line like "… den Antrag «per Post» → «digital» einreichen …"."""
    if old.strip() and new.strip():
        change = f"«{_shorten(old)}» → «{_shorten(new)}»"
    elif new.strip():
        change = f"+«{_shorten(new)}»"
    elif old.strip():
        change = f"−«{_shorten(old)}»"
    else:
        change = "(Leerraum)"
    changed = new or old
    lead = " " if changed[:1].isspace() and not before.endswith(" ") else ""
    trail = " " if changed[-1:].isspace() and not after.startswith(" ") else ""
    return f"… {before.lstrip()}{lead}{change}{trail}{after.rstrip()} …"

"""What a proposal changes, as plain data: its passages to take or leave, and its size.

Pure Python on strings (no database), built on ``textdiff``. The body's passages are
the hunks between the base and the proposal (one per changed sentence); a changed title is
one more passage with the id ``TITLE``.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from textdiff import apply_hunks, diff_tokens, hunks, tokenize
from textdiff.hunks import LABEL_WORDS, context_words
from textdiff.tokens import WORD
from textdiff.tokens import kinds as token_kinds

TITLE = "title"


@dataclass(frozen=True)
class Change:
    """One passage a moderator can take or leave; ``id`` is ``TITLE`` or a body hunk's id.

    The contexts keep their whitespace at the edges, so ``context_before + old_text +
    context_after`` reads like the base text.
    """

    id: int | str
    old_text: str
    new_text: str
    context_before: str = ""
    context_after: str = ""

    @property
    def is_title(self) -> bool:
        return self.id == TITLE

    @property
    def tag(self) -> str:
        if not self.old_text.strip():
            return "insert"
        return "delete" if not self.new_text.strip() else "replace"


def proposal_changes(base: dict, proposed: dict) -> list[Change]:
    """The passages between ``base`` and ``proposed`` ({"title", "body"}), title first."""
    changes = []
    if base.get("title", "") != proposed["title"]:
        changes.append(Change(TITLE, base.get("title", ""), proposed["title"]))
    tokens = tokenize(base.get("body", ""))
    kinds = token_kinds(tokens)
    changes.extend(
        Change(
            h.id, h.old_text, h.new_text,
            context_words(tokens, kinds, h.base_start, -LABEL_WORDS),
            context_words(tokens, kinds, h.base_end, LABEL_WORDS),
        )
        for h in hunks(base.get("body", ""), proposed["body"])
    )
    return changes


def parse_change_ids(values: Iterable) -> set:
    """Ids posted by the review form ("title", "3") → {"title", 3}; ValueError on anything else."""
    ids = set()
    for value in values:
        value = str(value).strip()
        if value == TITLE:
            ids.add(TITLE)
        elif value.isdigit():
            ids.add(int(value))
        else:
            raise ValueError(value)
    return ids


def apply_changes(base: dict, proposed: dict, accepted: Iterable) -> dict:
    """``base`` with only the ``accepted`` passages of ``proposed``; ValueError on unknown ids."""
    accepted = set(accepted)
    body_ids = {item for item in accepted if item != TITLE}
    if TITLE in accepted and base.get("title", "") == proposed["title"]:
        raise ValueError(TITLE)
    return {
        "title": proposed["title"] if TITLE in accepted else base.get("title", ""),
        "body": apply_hunks(base.get("body", ""), proposed["body"], body_ids),
    }


def change_size(old: str, new: str) -> tuple[int, int]:
    """(words added, words removed) between two Markdown texts."""
    a, b = tokenize(old), tokenize(new)
    a_kinds, b_kinds = token_kinds(a), token_kinds(b)
    added = removed = 0
    for op in diff_tokens(a, b, readable=False):
        if op.tag == "equal":
            continue
        removed += sum(1 for k in a_kinds[op.a_start:op.a_end] if k == WORD)
        added += sum(1 for k in b_kinds[op.b_start:op.b_end] if k == WORD)
    return added, removed


def normalise_newlines(text: str) -> str:
    """Browsers post textareas with CRLF; stored Markdown uses LF, so diffs stay readable."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")

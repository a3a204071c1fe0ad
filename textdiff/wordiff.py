"""Word-level diff of Markdown sources."""

from .cleanup import cleanup
from .seqmatch import Op, matching_blocks, opcodes
from .tokens import BREAK, tokenize
from .tokens import kinds as token_kinds


def diff_tokens(a: list[str], b: list[str], *, readable: bool = True) -> list[Op]:
    """Operations turning token list ``a`` into ``b`` (every token of both is covered).

    Lines are matched first, then words inside changed lines (see ``seqmatch``); changes
    are then shifted to word and line starts. With ``readable`` small equal islands between
    changes are folded in, for display; merges keep the finest changes (``readable=False``)
    so that two sides making the same small edit can be recognised.
    """
    a_kinds, b_kinds = token_kinds(a), token_kinds(b)
    blocks = matching_blocks(a, b, [k == BREAK for k in a_kinds], [k == BREAK for k in b_kinds])
    ops = opcodes(blocks, len(a), len(b))
    a_lens, b_lens = [len(t) for t in a], [len(t) for t in b]
    return cleanup(ops, a, b, a_kinds, b_kinds, a_lens, b_lens, absorb=readable)


def diff_words(old: str, new: str) -> list[tuple[str, str]]:
    """Diff two Markdown sources into ``(tag, text)`` chunks for a source view.

    ``tag`` is 'equal', 'delete' or 'insert' (a replacement gives a delete, then an insert).
    The texts are raw: escape them when rendering.
    """
    a, b = tokenize(old), tokenize(new)
    chunks: list[tuple[str, str]] = []
    for op in diff_tokens(a, b):
        if op.tag == "equal":
            chunks.append(("equal", "".join(a[op.a_start:op.a_end])))
            continue
        if op.a_start < op.a_end:
            chunks.append(("delete", "".join(a[op.a_start:op.a_end])))
        if op.b_start < op.b_end:
            chunks.append(("insert", "".join(b[op.b_start:op.b_end])))
    return chunks

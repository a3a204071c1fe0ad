"""Sentence boundaries on Markdown tokens.

Hunks and merges work "at sentence granularity": changes inside one sentence belong
together, changes in different sentences are independent. A sentence here is a run of
tokens including its trailing whitespace; it ends

- after a line break (paragraphs, list items, headings and table rows are units of their own),
- after "! ", "? ", "… ", and after ". " unless the dot ends a German abbreviation ("z. B.",
  "Nr.", "Abs."), an initial or an ordinal ("am 3. Mai"), or the next word is in lower case,
- before a table pipe, so every table cell is a unit.
"""

from .tokens import BREAK, SPACE, WORD
from .tokens import kind as token_kind

ABBREVIATIONS = frozenset(
    """
    abb abs allg anm art bd bspw bzgl bzw ca chr dgl dr evtl f ff fr geb gem ggf ggü gr hr hrsg
    i inkl insb jh kap kfz lt max mind min mio mrd nr o od pkt prof rd s sog st std str tab tel
    u ua usw v vgl vs z zb zt zzgl etc bzw jr sen jun ab
    """.split()
)
_CLOSERS = frozenset({"**", "*", "_", "__", '"', "“", "”", "'", "’", "»", "«", ")", "]", "]]", "`"})


def sentence_ids(tokens: list[str], kinds: list[str] | None = None) -> list[int]:
    """Return, for every token, the number of the sentence it belongs to (non-decreasing)."""
    if kinds is None:
        kinds = [token_kind(t) for t in tokens]
    ids = [0] * len(tokens)
    sid = 0
    for i, tok in enumerate(tokens):
        if tok == "|" and i and kinds[i - 1] != BREAK:
            sid += 1
        ids[i] = sid
        k = kinds[i]
        if k == BREAK or (k == SPACE and _ends_sentence(tokens, kinds, i)):
            sid += 1
    return ids


def _ends_sentence(tokens: list[str], kinds: list[str], i: int) -> bool:
    """Whether the whitespace token at ``i`` follows the end of a sentence."""
    j = i - 1
    while j >= 0 and tokens[j] in _CLOSERS and i - j <= 3:
        j -= 1
    if j < 0:
        return False
    mark = tokens[j]
    if mark not in (".", "!", "?", "…"):
        return False
    if mark != ".":
        return True
    if i + 1 < len(tokens) and kinds[i + 1] == WORD and tokens[i + 1][0].islower():
        return False  # "vgl. die Anlage", an abbreviation not in the list
    if j == 0 or kinds[j - 1] != WORD:
        return True
    word = tokens[j - 1]
    if word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False
    if word.isdigit() and len(word) <= 3:  # ordinal: "am 3. Mai", "im 2. Schritt"
        return False
    return True


def sentence_spans(ids: list[int]) -> dict[int, tuple[int, int]]:
    """Map each sentence id to its token range [start, end)."""
    spans: dict[int, tuple[int, int]] = {}
    for i, sid in enumerate(ids):
        start = spans[sid][0] if sid in spans else i
        spans[sid] = (start, i + 1)
    return spans


def is_boundary(ids: list[int], kinds: list[str], pos: int) -> bool:
    """Whether an insertion at token position ``pos`` falls between sentences.

    That is the case at the ends of the text, between two sentences, and right after a
    sentence's last word or mark, before its trailing whitespace ("Tag.|\\n\\n").
    """
    n = len(ids)
    if pos <= 0 or pos >= n or ids[pos - 1] != ids[pos]:
        return True
    sid, i = ids[pos], pos
    while i < n and ids[i] == sid:
        if kinds[i] not in (SPACE, BREAK):
            return False
        i += 1
    return True


def touched(ids: list[int], kinds: list[str], start: int, end: int) -> tuple[int, int] | None:
    """First and last sentence that a change of tokens [start, end) touches.

    Whitespace at the edges of a change does not count (deleting the last sentence of a
    paragraph also removes the space after the sentence before it). An insertion between
    sentences touches none (``None``).
    """
    if start == end:
        return None if is_boundary(ids, kinds, start) else (ids[start], ids[start])
    s, e = start, end
    while s < e and kinds[s] in (SPACE, BREAK):
        s += 1
    while e > s and kinds[e - 1] in (SPACE, BREAK):
        e -= 1
    if s == e:  # a change of whitespace only
        s, e = start, end
    return ids[s], ids[e - 1]

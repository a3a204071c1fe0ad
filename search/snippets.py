"""Snippets with the hits marked: the text is escaped first, then the matches are wrapped.

Every piece of user text goes through ``escape``; only the ``<mark>`` tags this module adds
are markup, so the result may be marked safe.

A snippet does not cut the whole text into words: a recipe has up to 30,000 characters, and
splitting and stemming all of them for every hit on a page was the largest part of a search's
CPU time (issue 13). A word can only be a hit if it begins with the first letter of a searched
term (stemming keeps a word's first letter; an accented one folds to it), so one regular
expression finds those candidates, and only they are stemmed. The window around the densest
cluster of hits is then cut into words (``re.split``) on a stretch of text just long enough
for it.
"""

import re
from functools import lru_cache
from html import escape  # Django's escape is this plus a check for lazy strings, 80 times a page

from django.utils.safestring import mark_safe

from search import german

SNIPPET_WORDS = 36
LEAD_WORDS = 8  # words shown before the first hit of the window
AVERAGE_WORD_CHARS = 8  # a German word and the space after it, for finding the densest hits
ROOM_PER_WORD = 12  # characters per word in the stretch cut into words (long compounds fit fewer)

# Words (a capturing group, so the pieces between them are kept): [gap, word, gap, …, word, gap].
_WORDS_AND_GAPS = re.compile(f"({german.WORD_RE.pattern})")
_WORD_CHAR = re.compile(r"[^\W_]")


def _marked(pieces, hits, first, last, *, lead, tail):
    """The words ``first``..``last`` with what lies between them, hits marked, escaped;
    ``hits[index]``: whether word ``index`` is a hit; ``lead``/``tail``: with the text before
    the first / after the last word."""
    out, plain = [], [pieces[2 * first]] if lead else []
    for index in range(first, last + 1):
        word = pieces[2 * index + 1]
        if hits[index]:
            out.append(escape("".join(plain)))
            out.append(f"<mark>{escape(word)}</mark>")
            plain = []
        else:
            plain.append(word)
        if index < last or tail:
            plain.append(pieces[2 * index + 2])
    out.append(escape("".join(plain)))
    return "".join(out)


def _split(text):
    return _WORDS_AND_GAPS.split(text)


def highlight(text: str, terms: set[str]) -> str:
    """The whole (short) text, e.g. a title, with the words of ``terms`` marked."""
    pieces, heads = _split(text or ""), _heads(terms)
    hits = [_may_be_hit(word, heads) and german.stem(word) in terms for word in pieces[1::2]]
    if not hits:
        return mark_safe(escape(pieces[0]))  # nosec B308 B703 (escaped)
    return mark_safe(_marked(pieces, hits, 0, len(hits) - 1, lead=True, tail=True))  # nosec B308 B703 (escaped in _marked)


def _heads(terms) -> frozenset:
    return frozenset(term[0] for term in terms if term)


def _may_be_hit(word, heads) -> bool:
    """Whether ``word`` can have a term of ``terms`` at all (see the module docstring)."""
    first = word[0]
    return first >= "\x80" or first.lower() in heads


@lru_cache(maxsize=256)
def _candidates(heads: frozenset) -> re.Pattern:
    """Words beginning with one of ``heads`` (either case) or with any letter beyond ASCII
    (an "Ü" folds to "u"), matched from their first letter: the lookbehind checks that the
    first character matched is a letter or digit."""
    ascii_heads = "".join(sorted({char for head in heads for char in (head, head.upper())}))
    return re.compile(f"[{re.escape(ascii_heads)}\u0080-\U0010ffff](?<=[^\\W_])[^\\W_]*")


def _hit_starts(text, terms, heads) -> list[int]:
    """Where the words of ``text`` whose term is in ``terms`` begin, in order."""
    starts = []
    for match in _candidates(heads).finditer(text):
        start = match.start()
        if start and _WORD_CHAR.match(text, start - 1):
            continue  # inside a word ("Em|pfang" for a "p…" term)
        if german.stem(match.group()) in terms:
            starts.append(start)
    return starts


def _densest(starts, span) -> int:
    """The hit that begins the stretch of ``span`` characters holding the most hits."""
    best, best_count, right = starts[0], 0, 0
    for left_index, start in enumerate(starts):
        while right < len(starts) and starts[right] < start + span:
            right += 1
        if right - left_index > best_count:
            best, best_count = start, right - left_index
    return best


def snippet(text: str, terms: set[str], *, length: int = SNIPPET_WORDS) -> str:
    """About ``length`` words of ``text`` around the densest cluster of hits, marked.

    Without a hit in the text (a title-only match) it is the beginning of the text.
    """
    text, heads = text or "", _heads(terms)
    starts = _hit_starts(text, terms, heads) if heads else []
    best = _densest(starts, length * AVERAGE_WORD_CHARS) if starts else 0
    # Only the stretch the window can need is cut into words; a word cut in two at either
    # end of it is left out.
    begin = max(0, best - LEAD_WORDS * ROOM_PER_WORD)
    end = min(len(text), best + length * ROOM_PER_WORD)
    if end == len(text):  # a hit near the end: room to show more words before it
        begin = max(0, min(begin, end - length * ROOM_PER_WORD))
    pieces = _split(text[begin:end])
    words = len(pieces) // 2
    cut_before = begin and pieces[0] == "" and _WORD_CHAR.match(text, begin - 1)
    cut_after = end < len(text) and pieces[-1] == "" and _WORD_CHAR.match(text, end)
    low, high = (1 if cut_before else 0), (words - 1 if cut_after else words)
    if low >= high:
        return ""
    at = len(german.WORD_RE.findall(text, begin, best))  # the hit's word, counted in the stretch
    first = max(low, min(at - LEAD_WORDS, high - length))
    last = min(high, first + length) - 1
    hits = [_may_be_hit(word, heads) and german.stem(word) in terms for word in pieces[1::2]]
    lead = first == 0 and begin == 0
    tail = last == words - 1 and end == len(text)
    html = _marked(pieces, hits, first, last, lead=lead, tail=tail)
    if not lead:
        html = "… " + html
    if not tail:
        html += " …"
    return mark_safe(html)  # nosec B308 B703 (every piece of text escaped in _marked)

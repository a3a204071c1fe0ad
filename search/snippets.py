"""Snippets with the hits marked: the text is escaped first, then the matches are wrapped.

Every piece of user text goes through ``escape``; only the ``<mark>`` tags this module adds
are markup, so the result may be marked safe.

A text is cut once into words and what lies between them (``re.split``), and the words are
stemmed in one pass (``german.stem`` is cached): a snippet of a long recipe is then cheap,
unlike a match object and a tuple per word (the results page built 20 of them per request).
"""

import re
from html import escape  # Django's escape is this plus a check for lazy strings, 80 times a page

from django.utils.safestring import mark_safe

from search import german

SNIPPET_WORDS = 36
LEAD_WORDS = 8  # words shown before the first hit of the window

# Words (a capturing group, so the pieces between them are kept): [gap, word, gap, …, word, gap].
_WORDS_AND_GAPS = re.compile(f"({german.WORD_RE.pattern})")


def _marked(pieces, stems, terms, first, last, *, lead, tail):
    """The words ``first``..``last`` with what lies between them, hits marked, escaped;
    ``lead``/``tail``: with the text before the first / after the last word."""
    out, plain = [], [pieces[2 * first]] if lead else []
    for index in range(first, last + 1):
        word = pieces[2 * index + 1]
        if stems[index] in terms:
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
    pieces = _WORDS_AND_GAPS.split(text)
    return pieces, list(map(german.stem, pieces[1::2]))


def highlight(text: str, terms: set[str]) -> str:
    """The whole (short) text, e.g. a title, with the words of ``terms`` marked."""
    pieces, stems = _split(text or "")
    if not stems:
        return mark_safe(escape(pieces[0]))  # nosec B308 B703 (escaped)
    return mark_safe(_marked(pieces, stems, terms, 0, len(stems) - 1, lead=True, tail=True))  # nosec B308 B703 (escaped in _marked)


def snippet(text: str, terms: set[str], *, length: int = SNIPPET_WORDS) -> str:
    """About ``length`` words of ``text`` around the densest cluster of hits, marked.

    Without a hit in the text (a title-only match) it is the beginning of the text.
    """
    pieces, stems = _split(text or "")
    if not stems:
        return ""
    hits = [index for index, term in enumerate(stems) if term in terms]
    first = 0
    if hits:
        # The window of ``length`` words holding the most hits, starting a little before one.
        best, best_count = hits[0], 0
        right = 0
        for left_index, hit in enumerate(hits):
            while right < len(hits) and hits[right] < hit + length:
                right += 1
            if right - left_index > best_count:
                best, best_count = hit, right - left_index
        first = max(0, min(best - LEAD_WORDS, len(stems) - length))
    last = min(len(stems), first + length) - 1
    lead, tail = first == 0, last == len(stems) - 1
    html = _marked(pieces, stems, terms, first, last, lead=lead, tail=tail)
    if not lead:
        html = "… " + html
    if not tail:
        html += " …"
    return mark_safe(html)  # nosec B308 B703 (every piece of text escaped in _marked)

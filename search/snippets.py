"""Snippets with the hits marked: the text is escaped first, then the matches are wrapped.

Every piece of user text goes through ``escape``; only the ``<mark>`` tags this module adds
are markup, so the result may be marked safe.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search import german

SNIPPET_WORDS = 36
LEAD_WORDS = 8  # words shown before the first hit of the window


def _marked(text, spans, terms, start, end):
    pieces, position = [], start
    for span_start, span_end, term in spans:
        if span_start < start or span_end > end or term not in terms:
            continue
        pieces.append(escape(text[position:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(escape(text[position:end]))
    return "".join(pieces)


def highlight(text: str, terms: set[str]) -> str:
    """The whole (short) text, e.g. a title, with the words of ``terms`` marked."""
    text = text or ""
    spans = list(german.word_spans(text))
    return mark_safe(_marked(text, spans, terms, 0, len(text)))  # nosec B308 B703 (escaped in _marked)


def snippet(text: str, terms: set[str], *, length: int = SNIPPET_WORDS) -> str:
    """About ``length`` words of ``text`` around the densest cluster of hits, marked.

    Without a hit in the text (a title-only match) it is the beginning of the text.
    """
    text = text or ""
    spans = list(german.word_spans(text))
    if not spans:
        return ""
    hits = [index for index, (_, _, term) in enumerate(spans) if term in terms]
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
        first = max(0, min(best - LEAD_WORDS, len(spans) - length))
    last = min(len(spans), first + length) - 1
    start = 0 if first == 0 else spans[first][0]
    end = len(text) if last == len(spans) - 1 else spans[last][1]
    html = _marked(text, spans, terms, start, end)
    if start > 0:
        html = "… " + html
    if end < len(text):
        html += " …"
    return mark_safe(html)  # nosec B308 B703 (every piece of text escaped in _marked)

"""Finding a quoted passage again after the text changed (pure Python, no Django).

A passage is stored the way the W3C Web Annotation model stores a "text quote selector": the
quoted words plus about 40 characters before and after them, and the paragraph (block) it was in.
Character offsets alone would break with the first edit above the passage; a quote with its
context survives moves and small rewrites.

``locate`` tries, in this order, over all blocks of the current text:

1. exact: the quote appears verbatim (whitespace is collapsed on both sides, as HTML does);
2. loose: the quote appears when case, whitespace and typographic quotes/dashes are ignored;
3. fuzzy: a run of words whose difflib ratio with the quote is at least 0.8 (candidates are
   found by comparing word stems, so German inflection does not hide a passage).

When a quote occurs more than once, the occurrence whose surroundings best match the stored
context wins (and its old paragraph breaks a tie). Short quotes, which could fuzzily match almost
anywhere, must also have similar surroundings. No match means the passage is gone: the comment
then refers to an older version of the text.
"""

import difflib
import re
from collections import Counter
from dataclasses import dataclass

CONTEXT = 40  # characters of context kept on each side of a quote
MAX_QUOTE = 2000  # longer selections are cut at a word boundary
FUZZY_THRESHOLD = 0.8
SHORT_QUOTE_WORDS = 4  # quotes this short need matching context to be found fuzzily

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
# Typographic variants an editor may swap without changing the meaning.
_LOOSE = str.maketrans({
    "„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "’": "'", "«": '"', "»": '"',
    "–": "-", "—": "-", "‑": "-", "\u00ad": None,
})


@dataclass(frozen=True)
class Block:
    """One top-level block (paragraph, list, quote …) of a rendered text."""

    id: str
    text: str


@dataclass(frozen=True)
class Anchor:
    quote: str
    prefix: str = ""
    suffix: str = ""
    block: str = ""

    @property
    def is_paragraph(self):
        """The quote is a whole block: a comment on a paragraph rather than on some words."""
        return not self.prefix and not self.suffix


@dataclass(frozen=True)
class Match:
    block: str
    start: int  # offsets into the block's collapsed text
    end: int
    quote: str  # the passage as it reads now
    method: str  # "exact", "loose" or "fuzzy"
    score: float = 1.0


def collapse(text: str) -> str:
    """Whitespace as a browser shows it: runs become one space, no soft hyphens."""
    return " ".join(text.replace("\u00ad", "").split())


def _loose(text: str):
    """``text`` without whitespace, case-folded, quotes and dashes unified; with an index map."""
    chars, index = [], []
    for position, char in enumerate(text):
        if char.isspace():
            continue
        for folded in char.translate(_LOOSE).casefold():
            chars.append(folded)
            index.append(position)
    return "".join(chars), index


def _ratio(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _context_score(anchor: Anchor, text: str, start: int, end: int) -> float:
    """How well the surroundings of ``text[start:end]`` match the anchor's stored context."""
    scores = []
    if anchor.prefix:
        scores.append(_ratio(_loose(anchor.prefix)[0], _loose(text[max(0, start - len(anchor.prefix)):start])[0]))
    if anchor.suffix:
        scores.append(_ratio(_loose(anchor.suffix)[0], _loose(text[end:end + len(anchor.suffix)])[0]))
    return sum(scores) / len(scores) if scores else 1.0


def _occurrences(needle: str, haystack: str):
    start = haystack.find(needle)
    while start != -1 and needle:
        yield start
        start = haystack.find(needle, start + 1)


def _best(candidates):
    """The candidate with the highest (score, context, same block) tuple, or None."""
    return max(candidates, key=lambda item: item[0], default=(None, None))[1]


def _match_exact(anchor, blocks):
    quote = collapse(anchor.quote)
    candidates = []
    for block in blocks:
        for start in _occurrences(quote, block.text):
            end = start + len(quote)
            rank = (_context_score(anchor, block.text, start, end), block.id == anchor.block)
            candidates.append((rank, Match(block.id, start, end, block.text[start:end], "exact")))
    return _best(candidates)


def _loose_text(text: str) -> str:
    """``_loose(text)[0]`` without the index map: the fast test whether a block can match."""
    return _SPACES.sub("", text.translate(_LOOSE)).casefold()


def _match_loose(anchor, blocks):
    quote, _ = _loose(anchor.quote)
    if not quote:
        return None
    candidates = []
    for block in blocks:
        if quote not in _loose_text(block.text):
            continue
        text, index = _loose(block.text)
        for start in _occurrences(quote, text):
            begin, end = index[start], index[start + len(quote) - 1] + 1
            rank = (_context_score(anchor, block.text, begin, end), block.id == anchor.block)
            candidates.append((rank, Match(block.id, begin, end, block.text[begin:end], "loose")))
    return _best(candidates)


def _fuzzy_whole_blocks(anchor, blocks):
    """A paragraph comment follows its paragraph while the paragraph stays recognisable."""
    quote = _loose(anchor.quote)[0]
    words = difflib.SequenceMatcher(None, autojunk=False)
    words.set_seq2([_stem(word) for word in _WORD.findall(anchor.quote)])
    candidates = []
    for block in blocks:
        # Word stems first: paragraphs of one text share most letters but few word sequences.
        words.set_seq1([_stem(word) for word in _WORD.findall(block.text)])
        if words.real_quick_ratio() < 0.6 or words.quick_ratio() < 0.6 or words.ratio() < 0.6:
            continue
        score = _ratio(quote, _loose(block.text)[0])
        if score >= FUZZY_THRESHOLD:
            candidates.append(((score, block.id == anchor.block),
                               Match(block.id, 0, len(block.text), block.text, "fuzzy", score)))
    return _best(candidates)


_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def _stem(word: str) -> str:
    """A crude German stem, enough to see "Antrag" in "Anträge" and "Konto" in "Konten"."""
    return word.casefold().translate(_FOLD)[:5]


def _word_windows(quote_words, block_text):
    """Runs of words in ``block_text`` that resemble ``quote_words``: (ratio, start, end).

    Words are compared by stem, so an inflected word still counts; the caller decides on the
    characters.
    """
    tokens = list(_WORD.finditer(block_text))
    words = [_stem(token.group()) for token in tokens]
    wanted = Counter(quote_words)
    # Cheap filter: a block sharing fewer than half the quote's words cannot hold it.
    if sum((Counter(words) & wanted).values()) < len(quote_words) / 2:
        return []
    size = len(quote_words)
    slack = min(5, max(1, size // 4))
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(quote_words)
    # hits[i]: how many of the first i words occur in the quote, so any window's count of
    # shared words (an upper bound of difflib's matches) costs one subtraction.
    hits = [0]
    for word in words:
        hits.append(hits[-1] + (word in wanted))
    windows = []
    for first in range(len(words)):
        for length in range(max(1, size - slack), size + slack + 1):
            if first + length > len(words):
                break
            shared = min(hits[first + length] - hits[first], size)
            if 2 * shared / (length + size) < 0.6:
                continue
            matcher.set_seq1(words[first:first + length])
            if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
                continue
            ratio = matcher.ratio()
            if ratio >= 0.6:
                windows.append((ratio, tokens[first].start(), tokens[first + length - 1].end()))
    windows.sort(reverse=True)
    return windows[:12]


def _match_fuzzy(anchor, blocks):
    if anchor.is_paragraph:
        return _fuzzy_whole_blocks(anchor, blocks)
    quote_words = [_stem(word) for word in _WORD.findall(anchor.quote)]
    if not quote_words:
        return None
    quote = _loose(anchor.quote)[0]
    candidates = []
    for block in blocks:
        for _word_ratio, start, end in _word_windows(quote_words, block.text):
            score = _ratio(quote, _loose(block.text[start:end])[0])
            if score < FUZZY_THRESHOLD:
                continue
            context = _context_score(anchor, block.text, start, end)
            if len(quote_words) <= SHORT_QUOTE_WORDS and context < 0.6:
                continue
            candidates.append(((score, context, block.id == anchor.block),
                               Match(block.id, start, end, block.text[start:end], "fuzzy", score)))
    return _best(candidates)


def locate(anchor: Anchor, blocks: list[Block]) -> Match | None:
    """Where ``anchor``'s passage is in ``blocks`` now, or None when it is gone."""
    if not collapse(anchor.quote):
        return None
    return (_match_exact(anchor, blocks) or _match_loose(anchor, blocks)
            or _match_fuzzy(anchor, blocks))


def _clip(quote: str) -> str:
    if len(quote) <= MAX_QUOTE:
        return quote
    cut = quote[:MAX_QUOTE]
    return cut[:cut.rfind(" ")] if " " in cut else cut


def anchor_at(block: Block, start: int, end: int) -> Anchor:
    """The anchor for ``block.text[start:end]``, with context taken from the block itself."""
    quote = _clip(block.text[start:end])
    end = start + len(quote)
    return Anchor(
        quote=quote,
        prefix=block.text[max(0, start - CONTEXT):start],
        suffix=block.text[end:end + CONTEXT],
        block=block.id,
    )


def selection_anchor(blocks: list[Block], *, block_id: str, quote: str, prefix: str = "",
                     suffix: str = "") -> Anchor | None:
    """The anchor for a reader's selection, checked against the text it was made on.

    Only a passage that really is in the given block is accepted, and the stored context is
    taken from the text, not from the browser: nobody can attribute words to the book that it
    does not contain.
    """
    block = next((block for block in blocks if block.id == block_id), None)
    quote = collapse(quote)
    if block is None or not quote:
        return None
    wanted = Anchor(quote=quote, prefix=collapse(prefix)[-CONTEXT:], suffix=collapse(suffix)[:CONTEXT],
                    block=block_id)
    found = _match_exact(wanted, [block]) or _match_loose(wanted, [block])
    if found is None:
        return None
    if found.start == 0 and found.end == len(block.text):
        return paragraph_anchor(blocks, block_id)
    return anchor_at(block, found.start, found.end)


def paragraph_anchor(blocks: list[Block], block_id: str) -> Anchor | None:
    """The anchor for a whole block (commenting on a paragraph without selecting words)."""
    block = next((block for block in blocks if block.id == block_id), None)
    if block is None or not block.text:
        return None
    return Anchor(quote=_clip(block.text), block=block.id)

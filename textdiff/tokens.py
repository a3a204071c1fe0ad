"""Split Markdown source into word-level tokens.

The concatenation of the tokens is always exactly the input, so every diff, hunk and merge
can be computed on tokens and turned back into text without loss.

Token classes (``kind``), used by the diff cleanup and the sentence splitter:

- ``WORD``: letters incl. äöüß, digits, inner hyphens and apostrophes ("E-Government",
  "IT-Abteilung", "Hat's"), numbers with inner dots/commas ("7.1.3", "1.000,50"), URLs.
- ``SPACE``: a run of spaces/tabs; ``BREAK``: a run of line breaks (kept apart from spaces
  so paragraph breaks are visible and lines can be matched first).
- ``STOP``: sentence terminators (. ! ? …) and table pipes: places a change never spreads over.
- ``MARK``: everything else, one punctuation mark or one Markdown markup unit
  ("**", "#"-runs, "- "/"1. " list markers, "[[", "]]", "[", "](", …).
"""

import re

WORD = "w"
SPACE = "s"
BREAK = "n"
STOP = "t"
MARK = "m"

# Letters and digits of any script, plus combining marks (NFD umlauts) and the soft hyphen
# that pasted PDF text carries inside words.
_WC = r"(?:[^\W_]|[\u0300-\u036f\u00ad])"
WORD_PATTERN = rf"{_WC}+(?:(?:[-'’]|(?<=\d)[.,](?=\d)){_WC}+)*"
_URL = r"(?:https?|ftp)://[^\s<>()\[\]\"]*[^\s<>()\[\]\".,;:!?'’]"

_INLINE = re.compile(
    rf"""
      (?P<break>(?:\r\n|\r|\n)+)
    | (?P<space>[^\S\r\n]+)
    | (?P<url>{_URL})
    | (?P<word>{WORD_PATTERN})
    | (?P<link>\]\()
    | \[\[ | \]\]
    | \*+ | _+ | `+ | ~{{2,}} | -{{2,}} | ={{2,}}
    | .
    """,
    re.VERBOSE | re.DOTALL,
)
# Block markup recognised only at the start of a line (after optional indentation).
_LINE_START = re.compile(r"#{1,6}(?=[ \t]|$)|[-*+][ \t]|\d{1,9}[.)][ \t]|>", re.MULTILINE)
# Inside "](" … ")": the link target as one token (one level of parentheses allowed).
_LINK_TARGET = re.compile(r"[^\s()]+(?:\([^\s()]*\)[^\s()]*)*")

STOPS = frozenset({".", "!", "?", "…", "|"})


def tokenize(text: str) -> list[str]:
    """Return the tokens of ``text``; ``"".join(tokenize(text)) == text`` always holds."""
    tokens: list[str] = []
    append = tokens.append
    pos, end = 0, len(text)
    at_line_start = True
    after_link_open = False
    while pos < end:
        if at_line_start:
            m = _LINE_START.match(text, pos)
            if m:
                append(m.group())
                pos = m.end()
                # "> - Punkt": a quote marker may be followed by more block markup.
                at_line_start = m.group() == ">"
                continue
        if after_link_open:
            after_link_open = False
            m = _LINK_TARGET.match(text, pos)
            if m:
                append(m.group())
                pos = m.end()
                continue
        m = _INLINE.match(text, pos)
        token = m.group()
        append(token)
        pos = m.end()
        group = m.lastgroup
        if group == "break":
            at_line_start = True
        elif group != "space":
            at_line_start = False
        after_link_open = group == "link"
    return tokens


def kind(token: str) -> str:
    """Classify one token (see the module docstring)."""
    first = token[0]
    if first.isspace():
        return BREAK if ("\n" in token or "\r" in token) else SPACE
    if first.isalnum() or "\u0300" <= first <= "\u036f" or first == "\u00ad":
        return WORD
    if token in STOPS:
        return STOP
    if token.startswith(("http://", "https://", "ftp://")):
        return WORD
    return MARK


def kinds(tokens: list[str]) -> list[str]:
    return [kind(t) for t in tokens]

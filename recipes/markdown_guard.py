"""Shapes of Markdown that Python-Markdown cannot render in bounded time (pure, no database).

Python-Markdown scans forward from every opening construct: from each "[" to its "]", from
each "](" to its ")", from each backtick run to one of the same length, from each "<" that
looks like a tag to its ">" (Python's HTMLParser), and it recurses once per nesting level of
lists, quotes and emphasis. An opener without its closer therefore costs the rest of the text,
and a few thousand of them cost seconds or minutes (``"[" * 5000`` took over a minute) or end
in a RecursionError. Real text never has that shape.

``markdown_problems`` estimates those costs in one linear pass and names, in German, what a
writer has to change. Forms refuse such a text (``validate_markdown``); the render path
(``recipes.rendering``) shows a text that was stored before these checks as escaped plain
text instead of handing it to Markdown. The limits are far above what the book's texts need
(its longest section has about 7,000 characters, a few dozen links and no nesting deeper
than three) and low enough that any text within them renders in well under 200 ms.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Longest Markdown text a form accepts for a recipe, a proposal or a chapter introduction
# (the longest section of the 2016 book has about 7,000 characters), and for an edition note.
TEXT_MAX_LENGTH = 30_000
NOTE_MAX_LENGTH = 10_000
# Longer texts (stored before these limits; the forms once took 200,000 characters) are shown
# as plain text.
MAX_RENDER_LENGTH = 200_000

# How deep lists and quotes may nest ("> > - …" counts three levels; four spaces of
# indentation count one).
MAX_DEPTH = 8
# List items and quoted lines, each counted once per level it is nested in.
MAX_NESTED_LINES = 1_500
# Characters scanned in vain, summed over all openers of one kind (see the module text).
MAX_BRACKET_SCAN = 100_000
MAX_PAREN_SCAN = 200_000
MAX_BACKTICK_SCAN = 400_000
MAX_TAG_SCAN = 1_000_000
# Characters with a meaning in Markdown in one text, and in one paragraph.
MARKUP_CHARACTERS = "*_[]<>&\\`!"
MAX_MARKUP = 3_000
MAX_MARKUP_PER_BLOCK = 1_500
MAX_FOOTNOTES = 100

_BLOCK_SEPARATOR = re.compile(r"\n[ \t]*\n")
_CONTAINER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t]))")
_BRACKET = re.compile(r"\\.|[\[\]]", re.DOTALL)
_PAREN = re.compile(r"\\.|\]\(|[()]", re.DOTALL)
_BACKTICKS = re.compile(r"`+")
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_MARKUP = re.compile("[" + re.escape(MARKUP_CHARACTERS) + "]")
_FOOTNOTE = re.compile(r"^[ ]{0,3}\[\^[^\]\n]+\]:", re.MULTILINE)


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


def _blocks(text):
    """(start, end) of each paragraph-like block: Markdown's inline scans stop at blank lines."""
    start = 0
    for separator in _BLOCK_SEPARATOR.finditer(text):
        yield start, separator.start()
        start = separator.end()
    yield start, len(text)


def nesting_depth(text: str) -> tuple[int, int]:
    """The deepest line and the sum over all lines, counted in quote and list markers plus
    four-space indents (each level is parsed and written out once more)."""
    deepest = total = 0
    for line in text.split("\n"):
        depth, pos = 0, 0
        while True:
            marker = _CONTAINER.match(line, pos)
            if marker is None:
                break
            depth += 1
            pos = marker.end()
        indent = len(line) - len(line.lstrip(" \t"))
        deepest = max(deepest, depth + indent // 4)
        total += depth + indent // 4
    return deepest, total


def _pair_scan(tokens, opener, closer, end, *, counts=lambda token: True):
    """Characters scanned from each counted ``opener`` to its matching ``closer`` (or to
    ``end`` when it has none): what a forward search from every opener costs."""
    cost, stack = 0, []
    for token in tokens:
        kind = token.group()
        if kind.startswith("\\"):
            continue
        if kind in opener:
            stack.append((token.start(), counts(kind)))
        elif kind == closer and stack:
            start, counted = stack.pop()
            if counted:
                cost += token.start() - start
    cost += sum(end - start for start, counted in stack if counted)
    return cost


def bracket_scan(text: str) -> int:
    cost = 0
    for start, end in _blocks(text):
        cost += _pair_scan(_BRACKET.finditer(text, start, end), {"["}, "]", end)
    return cost


def paren_scan(text: str) -> int:
    """From every "](" (a link's address) to its ")", nested parentheses counted."""
    cost = 0
    for start, end in _blocks(text):
        cost += _pair_scan(_PAREN.finditer(text, start, end), {"](", "("}, ")", end,
                           counts=lambda kind: kind == "](")
    return cost


def backtick_scan(text: str) -> int:
    """From every backtick run to the next run of the same length (or the block's end).

    As Python-Markdown does it: a backslash keeps only the first backtick of a run from
    opening a code span, while the search for the closing run counts every backtick.
    """
    cost = 0
    for start, end in _blocks(text):
        runs = [(run.start(), len(run.group())) for run in _BACKTICKS.finditer(text, start, end)]
        next_of_length = {}
        for position, length in reversed(runs):
            escaped = position > 0 and text[position - 1] == "\\"
            opening = length - 1 if escaped else length
            if opening:
                cost += next_of_length.get(opening, end) - position
            next_of_length[length] = position
    return cost


def tag_scan(text: str) -> int:
    """From every "<" that may open a tag but has no ">" before the next "<", to the end of
    the text (Python's HTMLParser looks that far for the tag's end)."""
    cost, length = 0, len(text)
    for start in _TAG_START.finditer(text):
        position = start.start()
        close = text.find(">", position + 1)
        following = text.find("<", position + 1)
        if close == -1 or (following != -1 and following < close):
            cost += length - position
    return cost


def markup_count(text: str) -> tuple[int, int]:
    """Markdown characters in the whole text, and in its fullest block."""
    fullest = 0
    for start, end in _blocks(text):
        fullest = max(fullest, len(_MARKUP.findall(text, start, end)))
    return len(_MARKUP.findall(text)), fullest


def _messages():
    return {
        "brackets": _(
            "Der Text enthält zu viele eckige Klammern „[“ ohne passende „]“ oder zu tief "
            "verschachtelte. Bitte schließen Sie jede „[“ mit „]“ oder schreiben Sie eine Klammer, "
            "die kein Link sein soll, als „\\[“."),
        "parens": _(
            "Der Text enthält zu viele Links der Form „[Text](Adresse“ ohne schließende „)“. "
            "Bitte schließen Sie jede Link-Adresse mit „)“."),
        "backticks": _(
            "Der Text enthält zu viele Backticks „`“ ohne Gegenstück. Bitte schließen Sie jeden "
            "Code-Abschnitt mit ebenso vielen Backticks, wie er beginnt, oder schreiben Sie „\\`“."),
        "tags": _(
            "Der Text enthält zu viele „<“ ohne schließendes „>“. Bitte schreiben Sie ein „<“, "
            "das kein HTML sein soll, mit einem Leerzeichen danach (z. B. „a < b“) oder als „&lt;“."),
        "markup": _(
            "Der Text besteht zu großen Teilen aus Markdown-Zeichen wie * _ [ ] < > & \\ ` ! "
            "(%(total)s im ganzen Text, höchstens %(limit)s; %(fullest)s in einem Absatz, "
            "höchstens %(block_limit)s). Bitte entfernen Sie Zeichenfolgen, die nicht zum Text "
            "gehören, oder teilen Sie lange Absätze durch Leerzeilen."),
        "footnotes": _(
            "Der Text hat zu viele Fußnoten (%(found)s, höchstens %(limit)s). Bitte fassen Sie "
            "Fußnoten zusammen oder teilen Sie den Text auf."),
        "nesting": _(
            "Der Text besteht aus zu vielen Listenpunkten und Zitatzeilen (%(found)s, je "
            "Verschachtelungsebene gezählt; höchstens %(limit)s). Bitte fassen Sie Listenpunkte "
            "zusammen, verschachteln Sie weniger oder teilen Sie den Text auf."),
        "combined": _(
            "Der Text enthält zu viele offene Klammern, Backticks, „<“ und Markdown-Zeichen "
            "zugleich. Bitte schließen Sie offene „[“, „(“ und „`“, schreiben Sie Zeichen, die "
            "nicht als Markdown gemeint sind, mit „\\“ davor, oder kürzen Sie den Text."),
    }


def markdown_problems(text: str) -> list[Problem]:
    """What makes ``text`` too costly to render, each with what to change; [] when it is fine."""
    if len(text) > MAX_RENDER_LENGTH:
        return [Problem("length", _(
            "Der Text ist zu lang (%(found)s Zeichen, höchstens %(limit)s). Bitte kürzen Sie ihn."
        ) % {"found": len(text), "limit": MAX_RENDER_LENGTH})]
    problems = []
    depth, nested_lines = nesting_depth(text)
    if depth > MAX_DEPTH:
        problems.append(Problem("depth", _(
            "Listen oder Zitate sind zu tief verschachtelt (%(found)s Ebenen, höchstens %(limit)s). "
            "Bitte rücken Sie weniger tief ein und verwenden Sie weniger „>“ oder „-“ am Zeilenanfang."
        ) % {"found": depth, "limit": MAX_DEPTH}))
    total, fullest = markup_count(text)
    footnotes = len(_FOOTNOTE.findall(text))
    # Each measure as a share of its limit. Their costs add up, so the shares must too.
    shares = {
        "brackets": bracket_scan(text) / MAX_BRACKET_SCAN,
        "parens": paren_scan(text) / MAX_PAREN_SCAN,
        "backticks": backtick_scan(text) / MAX_BACKTICK_SCAN,
        "tags": tag_scan(text) / MAX_TAG_SCAN,
        "markup": max(total / MAX_MARKUP, fullest / MAX_MARKUP_PER_BLOCK),
        "footnotes": footnotes / MAX_FOOTNOTES,
        "nesting": nested_lines / MAX_NESTED_LINES,
    }
    messages = _messages()
    arguments = {
        "markup": {"total": total, "limit": MAX_MARKUP, "fullest": fullest,
                   "block_limit": MAX_MARKUP_PER_BLOCK},
        "footnotes": {"found": footnotes, "limit": MAX_FOOTNOTES},
        "nesting": {"found": nested_lines, "limit": MAX_NESTED_LINES},
    }
    for code, share in shares.items():
        if share > 1:
            message = messages[code]
            if code in arguments:
                message = message % arguments[code]
            problems.append(Problem(code, message))
    if not problems and sum(shares.values()) > 1:
        problems.append(Problem("combined", messages["combined"]))
    return problems


def validate_markdown(value: str):
    """Form validator: refuses a text whose shape would stall the renderer, saying why."""
    problems = markdown_problems(value or "")
    if problems:
        raise ValidationError([ValidationError(problem.message, code=f"markdown_{problem.code}")
                               for problem in problems])

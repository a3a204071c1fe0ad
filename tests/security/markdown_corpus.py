"""Markdown that parsers are known to choke on, at any length (issue 11).

The shapes come from the pathological suites of the CommonMark implementations (cmark's
``test/pathological_tests.py`` and markdown-it's ``test/pathological.mjs``), plus what broke
Python-Markdown here (runs of "[" and "[[", "- " nesting, footnote floods). Each entry makes a
text of exactly the length asked for, so every field can be tested at its maximum.
"""

PROSE = ("Die Verwaltung prüft den Antrag und legt die elektronische Akte an. Danach geht der "
         "Vorgang an die Sachbearbeitung, die ihn im Fachverfahren weiterführt. ")


def _repeat(unit):
    return lambda n: unit * (n // len(unit) + 1)


def _around(opening, middle, closing):
    def make(n):
        count = max(1, (n - len(middle)) // (len(opening) + len(closing)))
        return opening * count + middle + closing * count
    return make


def _nested_list(n):
    lines, depth = [], 0
    while sum(map(len, lines)) < n:
        lines.append("  " * depth + "* a\n")
        depth += 1
    return "".join(lines)


def _backticks(n):
    parts, length, total = [], 1, 0
    while total < n:
        parts.append("e" + "`" * length)
        total += length + 1
        length += 1
    return "".join(parts)


def _references(n):
    lines, number = [], 1
    while sum(map(len, lines)) < n // 2:
        lines.append(f"[{number}]: u\n")
        number += 1
    return "".join(lines) + "[0] " * (n // 8)


def _footnotes(n):
    lines, number = [], 1
    while sum(map(len, lines)) < n:
        lines.append(f"Text[^{number}]\n\n[^{number}]: Fußnote\n\n")
        number += 1
    return "".join(lines)


# name -> a function n -> a text of at least n characters (cut to n by ``pathological``).
SHAPES = {
    # Reported in issue 11.
    "open brackets [": _repeat("["),
    "double brackets [[": _repeat("[["),
    "brackets with text": _repeat("[ab "),
    # cmark test/pathological_tests.py
    "nested strong emph": _around("*a **a ", "b", " a** a*"),
    "many emph closers with no openers": _repeat("a_ "),
    "many emph openers with no closers": _repeat("_a "),
    "many link closers with no openers": _repeat("a]"),
    "many link openers with no closers": _repeat("[a"),
    "mismatched openers and closers": _repeat("*a_ "),
    "openers and closers multiple of 3": lambda n: "a**b" + "c* " * (n // 3 + 1),
    "link openers and emph closers": _repeat("[ a_"),
    "pattern [ (]( repeated": _repeat("[ (]("),
    "hard link/emph case": _repeat("**x [a*b**c*](d) "),
    "nested brackets": _around("[", "a", "]"),
    "nested block quotes": lambda n: "> " * (n // 2) + "a",
    "deeply nested lists": _nested_list,
    "U+0000 in input": _repeat("abc\u0000de\u0000 "),
    "backticks": _backticks,
    "unclosed links A": _repeat("[a](<b"),
    "unclosed links B": _repeat("[a](b"),
    "tables": _repeat("aaa\rbbb\n-\v\n"),
    "many references": _references,
    # markdown-it test/pathological.mjs
    "nested inlines": _around("*", "a", "*"),
    "cmark#389": lambda n: "*a " * (n // 7) + "_a*_ " * (n // 7),
    "pattern ![[]() repeated": _repeat("![[]()"),
    "unclosed <!--": lambda n: "</" + "<!--" * (n // 4 + 1),
    "emphasis **_* pattern": _repeat("**_* "),
    "backtick ``\\ pattern": _repeat("``\\"),
    "autolinks <<<<...<<> pattern": lambda n: "<" * (n - 1) + ">",
    "hardbreak whitespaces pattern": lambda n: "x" + " " * (n - 6) + "x  \nx",
    # More of the same families.
    "underscore run": _repeat("_"),
    "star run": _repeat("*"),
    "entity starts &#": _repeat("&#"),
    "a***": _repeat("a***"),
    "escaped brackets [\\": _repeat("[\\"),
    "list markers - - -": lambda n: "- " * (n // 2) + "a",
    "ordered list markers": lambda n: "1. " * (n // 3) + "a",
    "unclosed <": _repeat("<"),
    "unclosed tags <a": _repeat("<a "),
    "unclosed tags <x=": _repeat("<x y='"),
    "unclosed comments <!--x": _repeat("<!--x"),
    "unclosed processing <?": _repeat("<?x "),
    "link closers ](": _repeat("]("),
    "empty links [](": _repeat("[]("),
    "image openers ![": _repeat("!["),
    "wiki link openers [[x": _repeat("[[x"),
    "wiki links with labels": _repeat("[[7.1|a[[7.1|"),
    "footnote flood": _footnotes,
    "deep indentation": lambda n: " " * (n - 2) + "a",
    "nested html tags": _repeat("<b><i>"),
    "unclosed code span pairs": _repeat("`a ``b "),
    "many short list items": _repeat("- a\n"),
    "many short nested list items": _repeat("- a\n    - b\n"),
    "Markdown's own placeholders": _repeat("\u0002wzxhzdk:0\u0003 \u0002klzzwxh:0\u0003 "),
}


def pathological(name: str, n: int) -> str:
    """The shape ``name`` as a text of exactly ``n`` characters (filled up with "a")."""
    return SHAPES[name](n)[:n].ljust(n, "a")


def padded(core: str, n: int) -> str:
    """``core`` followed by plain prose up to ``n`` characters."""
    if len(core) >= n:
        return core[:n]
    prose = "\n\n" + PROSE * ((n - len(core)) // len(PROSE) + 1)
    return (core + prose)[:n]

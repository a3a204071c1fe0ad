"""Word-level diff of rendered (already sanitised) HTML.

Tags are atomic tokens, text is split into words like Markdown source. A text token is
compared together with the chain of elements it sits in, so a word that only became bold
or got a different link target counts as deleted and inserted.

Output only ever wraps runs of text (and images) in ``<del class="diff-del">`` or
``<ins class="diff-ins">``; these wrappers never contain a tag boundary, so the result is
well-formed whenever the input is. Tokens are copied verbatim, nothing is escaped again.

- Inline: the new document's tags, with deleted words placed where they were removed
  (inside a list or table row they wait for the next item or cell, where text is allowed).
- Side by side: the old document with deletions marked, the new one with insertions marked.
"""

import re
from dataclasses import dataclass

from .cleanup import cleanup
from .seqmatch import matching_blocks, opcodes
from .tokens import BREAK, MARK, SPACE, WORD_PATTERN
from .tokens import kind as text_kind

DEL_OPEN, DEL_CLOSE = '<del class="diff-del">', "</del>"
INS_OPEN, INS_CLOSE = '<ins class="diff-ins">', "</ins>"

VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
BLOCK = frozenset(
    """address article aside blockquote br dd details div dl dt figcaption figure footer h1 h2
    h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead
    tr ul caption""".split()
)
# Elements whose direct content may not be text: deleted words wait for the next child.
STRUCTURAL = frozenset("ul ol dl table thead tbody tfoot tr colgroup".split())
# Void elements shown and marked like words.
WRAPPABLE = frozenset({"img"})

_HTML = re.compile(
    rf"""
      (?P<tag><!--.*?-->|<![^>]*>|</?[A-Za-z][^>]*>)
    | (?P<space>&nbsp;|&\#160;|\s+)
    | &(?:\#\d+|\#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);
    | {WORD_PATTERN}
    | .
    """,
    re.VERBOSE | re.DOTALL,
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(.*?)(/?)>", re.DOTALL)
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    key: tuple
    kind: str
    name: str = ""  # element name for tags
    end: bool = False  # closing tag
    void: bool = False

    @property
    def is_tag(self):
        return bool(self.name) or self.text.startswith("<!")


def _tokenize(html: str, contexts: dict) -> list[_Tok]:
    toks: list[_Tok] = []
    stack: list[tuple] = []  # open elements: (name, key)
    ctx = contexts.setdefault((), len(contexts))
    for m in _HTML.finditer(html):
        text = m.group()
        if m.lastgroup == "tag":
            t = _TAG.fullmatch(text)
            if not t:  # comment or doctype
                toks.append(_Tok(text, ("!", text), MARK))
                continue
            name = t.group(2).lower()
            end = bool(t.group(1))
            void = name in VOID or bool(t.group(4))
            if end:
                key = ("/", name)
                for k in range(len(stack) - 1, -1, -1):
                    if stack[k][0] == name:
                        del stack[k:]
                        break
            else:
                attrs = tuple(sorted(
                    (a.lower(), v) for a, v in _ATTR.findall(t.group(3)) if a.lower() != "id"
                ))
                key = (name, attrs)
                if not void:
                    stack.append((name, key))
            kind = BREAK if name in BLOCK else MARK
            toks.append(_Tok(text, key, kind, name, end, void))
            ctx = contexts.setdefault(tuple(k for _, k in stack), len(contexts))
            continue
        kind = SPACE if m.lastgroup == "space" and "\n" not in text else text_kind(text)
        toks.append(_Tok(text, (text, ctx), kind))
    return toks


def _diff(old_html, new_html):
    contexts: dict = {}
    a, b = _tokenize(old_html, contexts), _tokenize(new_html, contexts)
    a_keys, b_keys = [t.key for t in a], [t.key for t in b]
    a_kinds, b_kinds = [t.kind for t in a], [t.kind for t in b]
    blocks = matching_blocks(
        a_keys, b_keys, [k == BREAK for k in a_kinds], [k == BREAK for k in b_kinds]
    )
    ops = opcodes(blocks, len(a), len(b))

    def lens(toks):
        return [0 if t.is_tag else len(t.text) for t in toks]

    return a, b, cleanup(ops, a_keys, b_keys, a_kinds, b_kinds, lens(a), lens(b))


class _Writer:
    """Collects output, tracks open elements, and wraps runs of text."""

    def __init__(self):
        self.out: list[str] = []
        self.stack: list[str] = []
        self.pending: list[str] = []

    def text_allowed(self):
        return not self.stack or self.stack[-1] not in STRUCTURAL

    def raw(self, tok: _Tok):
        self.out.append(tok.text)
        if tok.name and not tok.void:
            if tok.end:
                if tok.name in self.stack:
                    idx = len(self.stack) - 1 - self.stack[::-1].index(tok.name)
                    del self.stack[idx:]
            else:
                self.stack.append(tok.name)
        if self.pending and self.text_allowed():
            self.out.extend(self.pending)
            self.pending.clear()

    def marked(self, toks: list[_Tok], open_: str, close: str, keep_tags: bool, keep_space: bool):
        """Write ``toks`` with their text runs wrapped; tags are written or dropped."""
        run: list[_Tok] = []

        def flush():
            if not run:
                return
            if all(t.kind in (SPACE, BREAK) for t in run):  # whitespace: never marked
                if keep_space:
                    self.out.extend(t.text for t in run)
            else:
                html = open_ + "".join(t.text for t in run) + close
                if self.text_allowed():
                    self.out.append(html)
                else:
                    self.pending.append(html)
            run.clear()

        for tok in toks:
            if tok.is_tag and tok.name not in WRAPPABLE:
                flush()
                if keep_tags:
                    self.raw(tok)
            else:
                run.append(tok)
        flush()

    def result(self):
        return "".join(self.out + self.pending)


def html_diff(old_html: str, new_html: str) -> str:
    """The new HTML with inserted words in ``<ins>`` and removed words in ``<del>``."""
    a, b, ops = _diff(old_html, new_html)
    w = _Writer()
    for op in ops:
        if op.tag == "equal":
            for tok in b[op.b_start:op.b_end]:
                w.raw(tok)
            continue
        w.marked(a[op.a_start:op.a_end], DEL_OPEN, DEL_CLOSE, keep_tags=False, keep_space=False)
        w.marked(b[op.b_start:op.b_end], INS_OPEN, INS_CLOSE, keep_tags=True, keep_space=True)
    return w.result()


def html_diff_side_by_side(old_html: str, new_html: str) -> tuple[str, str]:
    """``(old with deletions marked, new with insertions marked)``."""
    a, b, ops = _diff(old_html, new_html)
    left, right = _Writer(), _Writer()
    for op in ops:
        if op.tag == "equal":
            for tok in a[op.a_start:op.a_end]:
                left.raw(tok)
            for tok in b[op.b_start:op.b_end]:
                right.raw(tok)
            continue
        left.marked(a[op.a_start:op.a_end], DEL_OPEN, DEL_CLOSE, keep_tags=True, keep_space=True)
        right.marked(b[op.b_start:op.b_end], INS_OPEN, INS_CLOSE, keep_tags=True, keep_space=True)
    return left.result(), right.result()

"""An attributed text as paragraphs and lines of runs, for the "Autorschaft" page (pure).

The page shows the words, not the Markdown: emphasis marks, link brackets and link targets are
left out, headings and list items keep their shape. Each run is a stretch of text from one
version.
"""

import re
from dataclasses import dataclass, field

from authorship.attribution import Attribution
from textdiff.tokens import BREAK, WORD
from textdiff.tokens import kinds as token_kinds

_HIDDEN = re.compile(r"^(?:\*+|_+|`+|~{2,}|\[\[|\]\]|\[|>)$")
_HEADING = re.compile(r"^#{1,6}$")
_BULLET = re.compile(r"^[-*+][ \t]$")


@dataclass
class Run:
    text: str
    origin: int
    has_words: bool


@dataclass
class Block:
    kind: str = "paragraph"  # "heading" | "list" | "paragraph"
    lines: list[list[Run]] = field(default_factory=list)

    @property
    def origins(self):
        """Origins of the block's words, the largest share first."""
        counts: dict[int, int] = {}
        for line in self.lines:
            for run in line:
                if run.has_words:
                    counts[run.origin] = counts.get(run.origin, 0) + len(run.text.split())
        return sorted(counts, key=lambda origin: -counts[origin])


def blocks(attribution: Attribution) -> list[Block]:
    tokens, origins = attribution.tokens, attribution.origins
    kinds = token_kinds(tokens)
    result: list[Block] = []
    block, line = Block(), []
    skip_link_target = False

    def end_line():
        nonlocal line
        if any(run.text.strip() for run in line):
            block.lines.append(line)
        line = []

    def end_block():
        nonlocal block
        end_line()
        if block.lines:
            result.append(block)
        block = Block()

    for token, origin, kind in zip(tokens, origins, kinds):
        if kind == BREAK:
            if token.count("\n") + token.count("\r") - token.count("\r\n") >= 2:
                end_block()
            else:
                end_line()
            continue
        at_line_start = not line
        if skip_link_target:
            skip_link_target = False
            if token != ")":
                skip_link_target = True  # the target; the ")" after it goes too
                continue
            continue
        if token == "](":
            skip_link_target = True
            continue
        if at_line_start and _HEADING.match(token):
            block.kind = "heading"
            continue
        if at_line_start and _BULLET.match(token):
            block.kind = "list" if not block.lines or block.kind == "list" else block.kind
            token = "• "
        elif _HIDDEN.match(token):
            continue
        if at_line_start and not token.strip():
            continue
        has_words = kind == WORD
        if line and line[-1].origin == origin:
            line[-1].text += token
            line[-1].has_words = line[-1].has_words or has_words
        else:
            line.append(Run(token, origin, has_words))
    end_block()
    return result

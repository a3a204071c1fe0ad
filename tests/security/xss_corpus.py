"""The hostile inputs of ``xss_corpus.txt``, read once per test run.

The file format is described at its top: entries separated by ``%%`` lines, ``;;`` comments,
``KBXSS`` standing for a call ``kbXss(N)`` that the browser test can catch, and ``{U+XXXX}`` for
characters that would be invisible in the file.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CORPUS_FILE = Path(__file__).with_name("xss_corpus.txt")
SEPARATOR = "%%"
MARKER = "KBXSS"
_CODE_POINT = re.compile(r"\{U\+([0-9A-Fa-f]{4,6})\}")


@dataclass(frozen=True)
class Payload:
    number: int  # 1-based; kbXss(number) in the text means this entry ran
    text: str

    def __str__(self):
        return f"#{self.number}: {self.text!r}"


def _entries(raw: str):
    chunk = []
    for line in raw.split("\n"):
        if line == SEPARATOR:
            yield "\n".join(chunk)
            chunk = []
        elif not line.startswith(";;"):
            chunk.append(line)
    yield "\n".join(chunk)


@cache
def load_corpus() -> tuple[Payload, ...]:
    payloads = []
    for entry in _entries(CORPUS_FILE.read_text(encoding="utf-8")):
        text = entry.strip("\n")
        if not text.strip():
            continue
        number = len(payloads) + 1
        text = _CODE_POINT.sub(lambda match: chr(int(match.group(1), 16)), text)
        payloads.append(Payload(number, text.replace(MARKER, f"kbXss({number})")))
    return tuple(payloads)


def batches(payloads, size):
    """``payloads`` in consecutive groups of at most ``size``."""
    return [payloads[start:start + size] for start in range(0, len(payloads), size)]


def as_markdown(payloads) -> str:
    """Several payloads in one Markdown text, each its own block.

    A horizontal rule between them closes what a single entry may leave open in Markdown
    (a list, a quote, a table); HTML left open by one entry is the sanitiser's business, and
    each entry is also checked on its own through ``render_markdown``.
    """
    return "\n\n* * *\n\n".join(payload.text for payload in payloads)


def packs(payloads, limit, separator=" "):
    """The payloads' texts joined into strings of at most ``limit`` characters, in order.

    For plain-text fields with a length limit (titles, names, reasons): escaping does not
    depend on what stands next to a value, so several payloads per field save requests.
    """
    result, current = [], ""
    for payload in payloads:
        text = payload.text[:limit]
        if current and len(current) + len(separator) + len(text) > limit:
            result.append(current)
            current = ""
        current = f"{current}{separator}{text}" if current else text
    if current:
        result.append(current)
    return result

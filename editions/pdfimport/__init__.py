"""Parse the print PDF of the Kochbuch into numbered headings with Markdown bodies.

Pure Python, no Django: the import service calls ``parse_pdf_limited`` for uploads
and ``parse_pdf`` where the input is trusted (tests, management commands).
"""

from .errors import (
    CorruptPdf,
    EncryptedPdf,
    ImportMemoryExceeded,
    ImportTimeout,
    NoHeadings,
    NotAPdf,
    NoTextLayer,
    PdfImportError,
)
from .limits import parse_pdf_limited
from .parser import parse_pdf
from .result import ParsedBook, ParsedHeading

__all__ = [
    "CorruptPdf",
    "EncryptedPdf",
    "ImportMemoryExceeded",
    "ImportTimeout",
    "NoHeadings",
    "NotAPdf",
    "NoTextLayer",
    "ParsedBook",
    "ParsedHeading",
    "PdfImportError",
    "parse_pdf",
    "parse_pdf_limited",
]

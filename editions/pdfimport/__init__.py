"""Parse the print PDF of the Kochbuch into numbered headings with Markdown bodies.

Pure Python, no Django: the import service calls ``parse_pdf_limited`` for uploads
and ``parse_pdf`` where the input is trusted (tests, management commands).

``parse_pdf`` is loaded on first use (PEP 562 ``__getattr__``), not with the package: the parser
needs pdfminer.six and through it cryptography and charset_normalizer, about 14 MB in every web
worker (issue 13), while uploads are parsed in a child process of their own (``limits``) and web
requests never parse. The errors, results and ``parse_pdf_limited`` stay light.
"""

import importlib

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


def __getattr__(name):
    if name == "parse_pdf":
        return importlib.import_module(".parser", __name__).parse_pdf
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Child process of parse_pdf_limited: parse one PDF under a memory cap, answer in JSON lines."""

import json
import resource
import sys
from dataclasses import asdict

from .errors import ImportMemoryExceeded, PdfImportError
from .parser import parse_pdf  # imported before the cap, so the cap counts parsing only


def main(path: str, memory_mb: int) -> int:
    out = sys.stdout

    def emit(message: dict) -> None:
        out.write(json.dumps(message) + "\n")
        out.flush()

    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        book = parse_pdf(path, progress=lambda done, total: emit({"progress": [done, total]}))
    except PdfImportError as exc:
        emit({"error": exc.code, "message": exc.message})
        return 0
    except MemoryError:
        emit({"error": ImportMemoryExceeded.code, "message": None})
        return 0
    except RecursionError:
        emit({"error": "corrupt", "message": None})
        return 0
    emit({"result": {
        "pages": book.pages,
        "headings": [asdict(h) for h in book.headings],
        "warnings": book.warnings,
        "date": book.date,
    }})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))

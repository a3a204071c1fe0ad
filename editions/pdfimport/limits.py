"""Run parse_pdf in a child process with a memory cap and a wall-clock timeout.

A crafted PDF (decompression bombs, endless content streams) must not take the web
server down: the child limits its own address space with RLIMIT_AS before parsing,
and the parent kills it when the time is up. The child is a fresh interpreter
(``python -m editions.pdfimport.worker``), so nothing of the server process (threads,
database connections) is inherited; results come back as JSON lines on stdout. Nor does it
inherit the server's environment (SECRET_KEY, DATABASE_URL, mail passwords …): a parser bug
exploited by a crafted file finds nothing worth stealing there. It gets only what a Python
interpreter needs (``_child_environment``).
"""

import json
import os
import selectors
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .errors import ERRORS_BY_CODE, ImportMemoryExceeded, ImportTimeout, PdfImportError
from .result import ParsedBook, ParsedHeading

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding "editions"
# All the child may see of the server's environment: where programs are, the locale, a home
# and a folder for temporary files.
_PASSED_ON = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "HOME", "TMPDIR", "TMP", "TEMP")


def _child_environment() -> dict[str, str]:
    env = {name: os.environ[name] for name in _PASSED_ON if name in os.environ}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, os.environ.get("PYTHONPATH")]))
    return env


def parse_pdf_limited(
    path: str | os.PathLike | BinaryIO,
    *,
    timeout_seconds: float = 120,
    memory_mb: int = 1024,
    progress: Callable[[int, int], None] | None = None,
) -> ParsedBook:
    """Like parse_pdf, but in a child process limited to ``memory_mb`` and ``timeout_seconds``.

    Raises ImportTimeout or ImportMemoryExceeded (both PdfImportError) when a limit is hit.
    """
    if not isinstance(path, (str, os.PathLike)):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
            tmp.write(path.read())
            tmp.flush()
            return parse_pdf_limited(
                tmp.name, timeout_seconds=timeout_seconds, memory_mb=memory_mb, progress=progress
            )
    env = _child_environment()
    command = [sys.executable, "-m", "editions.pdfimport.worker", os.fspath(path), str(int(memory_mb))]
    deadline = time.monotonic() + timeout_seconds
    # stderr goes to a file: a chatty child must not block on a full pipe.
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, stdin=subprocess.DEVNULL, env=env
        )
        try:
            message = _read_result(child, deadline, progress)
        except ImportTimeout:
            raise ImportTimeout(
                "Die Verarbeitung der PDF-Datei hat länger als "
                f"{timeout_seconds:g} Sekunden gedauert und wurde abgebrochen."
            ) from None
        finally:
            if child.poll() is None:
                child.kill()
            child.wait()
            child.stdout.close()
            errors.seek(0, os.SEEK_END)
            errors.seek(max(0, errors.tell() - 20000))
            stderr = errors.read().decode("utf-8", "replace")
    if message is None:
        if "MemoryError" in stderr or child.returncode in (-9,):
            raise ImportMemoryExceeded()
        error = PdfImportError("Die PDF-Datei konnte nicht verarbeitet werden.")
        error.details = stderr[-4000:]  # the child's traceback, for the server log
        raise error
    if "error" in message:
        cls = ERRORS_BY_CODE.get(message["error"], PdfImportError)
        raise cls(message.get("message"))
    data = message["result"]
    return ParsedBook(
        pages=data["pages"],
        headings=[ParsedHeading(**h) for h in data["headings"]],
        warnings=data["warnings"],
    )


def _read_result(child: subprocess.Popen, deadline: float, progress) -> dict | None:
    selector = selectors.DefaultSelector()
    selector.register(child.stdout, selectors.EVENT_READ)
    buffer = b""
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ImportTimeout()
            if not selector.select(timeout=min(remaining, 1.0)):
                continue
            chunk = os.read(child.stdout.fileno(), 1 << 16)
            if not chunk:
                return None  # the child ended without an answer (killed, crashed)
            buffer += chunk
            while b"\n" in buffer:
                raw, buffer = buffer.split(b"\n", 1)
                message = json.loads(raw)
                if "progress" in message:
                    if progress is not None:
                        progress(*message["progress"])
                    continue
                return message
    finally:
        selector.close()

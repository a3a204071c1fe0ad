"""Section numbers of the book ("7", "7.1", "7.1.10") as plain data."""

import re

NUMBER_RE = re.compile(r"^\d{1,3}(\.\d{1,3}){0,4}$")


def is_valid_number(number: str) -> bool:
    return bool(NUMBER_RE.match(number))


def sort_key(number: str) -> str:
    """A string that sorts in reading order: "7.1.10" → "007.001.010"."""
    return ".".join(f"{int(part):03d}" for part in number.split("."))


def parent_number(number: str) -> str | None:
    """ "7.1.3" → "7.1"; a section directly under its chapter ("7.1") has no parent recipe."""
    parts = number.split(".")
    return ".".join(parts[:-1]) if len(parts) > 2 else None


def chapter_number(number: str) -> int:
    return int(number.split(".")[0])


def pages_label(start, end) -> str:
    """How the book cites printed pages: "S. 42", "S. 42–44", or "" when none are known."""
    if not start:
        return ""
    return f"S. {start}" if not end or end == start else f"S. {start}–{end}"

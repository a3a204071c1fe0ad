"""Benchmark the PDF parser against a stand-in PDF and its expected structure.

    .venv/bin/python bench/import_pdf.py [PDF] [EXPECTED_JSON] [--show 2.1] [--limited]

Prints wall time, peak memory, heading accuracy (level, number, title, start page,
chapter subtitle and teaser) and how many of the expected body words come out, in
order, from the Markdown with its syntax stripped. Goals: < 30 s, < 500 MB, all
headings right, >= 99 % of the words, no running-header or page-number leaks.
"""

import argparse
import json
import re
import resource
import sys
import time
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from editions.pdfimport import parse_pdf, parse_pdf_limited  # noqa: E402

SHARED = REPO.parent / "shared" / "editions"
DEFAULT_PDF = SHARED / "kochbuch-2016-standin.pdf"
DEFAULT_EXPECTED = SHARED / "kochbuch-2016-standin.expected.json"


def markdown_words(markdown: str) -> list[str]:
    """The words a reader sees: Markdown syntax stripped."""
    text = []
    for line in markdown.splitlines():
        line = re.sub(r"^(>\s?)+", "", line)
        if re.fullmatch(r"\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?", line.strip()):
            continue  # table separator row
        line = re.sub(r"^\s*(?:[-+*]|\d+\.)\s+", "", line)
        line = re.sub(r"^#+\s+", "", line)
        line = line.replace("|", " ")
        line = re.sub(r"(?<!\\)\*+", "", line)
        line = re.sub(r"\\(.)", r"\1", line).replace("&lt;", "<").replace("&amp;", "&")
        text.append(line)
    return " ".join(text).split()


def compare_words(expected: list[str], actual: list[str]) -> int:
    matcher = SequenceMatcher(None, expected, actual, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdf", nargs="?", default=str(DEFAULT_PDF))
    parser.add_argument("expected", nargs="?", default=str(DEFAULT_EXPECTED))
    parser.add_argument("--show", help="print the Markdown of this heading number")
    parser.add_argument("--limited", action="store_true", help="use parse_pdf_limited (child process)")
    args = parser.parse_args()

    started = time.perf_counter()
    cpu_started = time.process_time()
    if args.limited:
        book = parse_pdf_limited(args.pdf)
    else:
        book = parse_pdf(args.pdf)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    if args.limited:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = usage.ru_utime + usage.ru_stime
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak = max(own, children)

    expected = json.loads(Path(args.expected).read_text(encoding="utf-8"))
    found = {h.number: h for h in book.headings}
    problems = []
    right = 0
    total_words = matched_words = extra_words = 0
    worst = (101.0, None)
    extra_counter: Counter = Counter()
    for exp in expected["headings"]:
        got = found.get(exp["number"])
        if got is None:
            problems.append(f"{exp['number']}: fehlt")
            continue
        checks = {
            "level": (got.level, exp["level"]),
            "title": (got.title, exp["title"]),
            "page": (got.page, exp["page"]),
        }
        if exp["level"] == 1:
            checks["subtitle"] = (got.subtitle, exp.get("subtitle"))
            checks["teaser"] = (got.teaser, exp.get("teaser"))
        wrong = {k: v for k, v in checks.items() if v[0] != v[1]}
        if wrong:
            problems.append(f"{exp['number']}: " + ", ".join(f"{k} {a!r} != {b!r}" for k, (a, b) in wrong.items()))
        else:
            right += 1
        exp_words = exp["body"].split()
        got_words = markdown_words(got.markdown)
        matched = compare_words(exp_words, got_words)
        total_words += len(exp_words)
        matched_words += matched
        extra_words += len(got_words) - matched
        score = 100.0 * matched / len(exp_words) if exp_words else 100.0
        if score < worst[0]:
            worst = (score, exp["number"])
        if len(got_words) > matched:
            exp_set = Counter(exp_words)
            extra_counter.update(w for w in got_words if w not in exp_set)
    unexpected = [h.number for h in book.headings if h.number not in {e["number"] for e in expected["headings"]}]

    print(f"PDF:            {args.pdf}")
    print(f"pages:          {book.pages} (expected {expected.get('pages')})")
    print(f"wall time:      {elapsed:.2f} s (CPU {cpu:.2f} s; wall > CPU means a busy machine)")
    print(f"peak memory:    {peak:.0f} MB (maxrss)")
    print(f"headings:       {right}/{len(expected['headings'])} fully right, "
          f"{len(book.headings)} found, unexpected: {unexpected or 'none'}")
    print(f"words:          {100.0 * matched_words / max(1, total_words):.2f} % "
          f"({matched_words}/{total_words}) in order; {extra_words} extra words")
    print(f"worst heading:  {worst[1]} at {worst[0]:.2f} %")
    if extra_counter:
        print(f"extra words:    {extra_counter.most_common(12)}")
    print(f"warnings:       {book.warnings or 'none'}")
    for p in problems[:30]:
        print("  problem:", p)
    if args.show:
        print(found[args.show].markdown if args.show in found else f"no heading {args.show}")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())

"""The checker's parser (lexbor, tests/security/html_safety.py) sees what html5lib sees.

Both implement the WHATWG parsing algorithm; the XSS tests use lexbor because it is written in
C and html5lib in Python. Every raw payload of the corpus is read with both: wherever html5lib
finds something executable, lexbor must find it too, and both must read the same text.

lexbor follows today's standard where html5lib (2017) still follows an older one, and then
finds more, as browsers do: ``<isindex>`` is an unknown element now, no longer a search form;
``</p>`` inside ``<svg>`` leaves the SVG (the mutation-XSS of payload "</p><style>"), and a
``<template>``'s content is not part of the document. These payloads are named below.
"""

import xml.etree.ElementTree as ET

import html5lib

from tests.security.html_safety import executable_markup, parse, visible_text
from tests.security.xss_corpus import load_corpus


def parsed_by_html5lib(html: str):
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree", ET), namespaceHTMLElements=False)
    return parser.parse(html)


# Where the standard changed since html5lib 1.1 (see above).
NEWER_STANDARD = ("<isindex", "<template", "</p>")


def test_lexbor_finds_whatever_html5lib_finds_in_every_raw_payload():
    missed, differ, found = [], [], 0
    for payload in load_corpus():
        by_lexbor = executable_markup(parse(payload.text))
        by_html5lib = executable_markup(parsed_by_html5lib(payload.text))
        found += bool(by_html5lib)
        if by_html5lib and not by_lexbor:
            missed.append(f"{payload}: html5lib {by_html5lib}")
        elif sorted(by_lexbor) != sorted(by_html5lib) and not any(
                change in payload.text.lower() for change in NEWER_STANDARD):
            differ.append(f"{payload}\n  lexbor:   {by_lexbor}\n  html5lib: {by_html5lib}")
    assert found >= 200  # the comparison is about payloads that do carry script
    assert not missed, "\n".join(missed[:20])
    assert not differ, "\n".join(differ[:20])


def test_both_parsers_read_the_same_text():
    for payload in load_corpus():
        # (html5lib adds the old search form's prompt, and keeps "</p><style>" inside the SVG)
        if not any(change in payload.text.lower() for change in NEWER_STANDARD):
            assert visible_text(parse(payload.text)) == visible_text(parsed_by_html5lib(payload.text)), payload

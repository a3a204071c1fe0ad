"""Finds executable or page-hijacking markup in HTML, parsed the way a browser parses it.

lexbor (through selectolax) implements the WHATWG parsing algorithm in C, so tags hidden by
broken nesting, entities or foreign content (SVG, MathML) come out as the elements a browser
would build. (html5lib, the same algorithm in pure Python, took over half of the XSS tests' time;
tests/security/test_html_safety.py checks that both parsers find the same in the corpus.) Attribute
values arrive with entities decoded; URLs are then normalised as browsers do before the scheme
is read (control characters, whitespace and invisible characters removed, case folded).

The site's own markup passes: its scripts are external files under ``/static/``, its SVG is the
search button's icon and the maps of "Nachgekocht" (whose dots are links to the site's own
pages), its forms post to its own paths.
"""

import re
import xml.etree.ElementTree as ET

from selectolax.lexbor import LexborHTMLParser

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "poster", "background", "dynsrc", "lowsrc",
    "codebase", "cite", "ping", "longdesc", "usemap", "manifest", "icon", "archive", "classid",
    "profile", "xmlns", "to", "from", "values", "by",
}
FORBIDDEN_ELEMENTS = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "bgsound",
    "param", "isindex", "keygen", "noscript", "template", "xmp", "plaintext", "listing",
    "noembed", "noframes", "math", "portal", "fencedframe",
}
# What the search icon is made of; anything else inside an <svg> came from somewhere else.
SVG_ICON_ELEMENTS = {"svg", "circle", "path", "g", "rect", "line", "polyline", "polygon", "title", "desc"}
OWN_LINK_RELS = {"stylesheet", "icon", "alternate"}
# Removed by browsers from URLs (C0 controls, space, tab, newlines) or invisible in them.
_INVISIBLE = re.compile("[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]")
_CSS_DANGER = re.compile(r"expression\s*\(|javascript:|vbscript:|behavior\s*:|-moz-binding|@import",
                         re.IGNORECASE)
_CSS_NOISE = re.compile(r"/\*.*?\*/|\\", re.DOTALL)  # comments and escapes hide words from a naive look
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def normalised_url(value: str) -> str:
    """Strict: whatever could still turn into a scheme once the browser or a reader cleans it up."""
    return _INVISIBLE.sub("", value).casefold()


def browser_url(value: str) -> str:
    """As the URL parser reads it: outer controls and spaces gone, tabs and newlines removed
    anywhere, backslashes taken for slashes (so "/\\host" and "/<tab>/host" mean "//host")."""
    return re.sub("[\t\n\r]", "", value.strip(_C0_AND_SPACE)).replace("\\", "/").casefold()


def _is_external(url: str) -> bool:
    return url.startswith("//") or "://" in url.split("?")[0].split("#")[0]


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].split(":")[-1].casefold()


def _describe(element) -> str:
    attributes = " ".join(f'{_local(name)}="{value[:60]}"' for name, value in element.attrib.items())
    return f"<{_local(element.tag)}{' ' + attributes if attributes else ''}>"


def _own_svg_link(element, tag) -> bool:
    """A map's dot: an SVG link to one of the site's own pages, by a plain path, nothing else."""
    href = element.get("href", "")
    return (tag == "a" and set(map(_local, element.attrib)) <= {"href", "class", "aria-label"}
            and href.startswith("/") and not _is_external(browser_url(href)))


def _element_findings(element, ancestors):
    tag = _local(element.tag)
    found = []
    if tag in FORBIDDEN_ELEMENTS:
        found.append(f"verbotenes Element {_describe(element)}")
    if tag == "script":
        src = element.get("src", "")
        if (element.text or "").strip() or not src.startswith("/static/") or len(element):
            found.append(f"Skript {_describe(element)} {(element.text or '')[:80]!r}")
    if tag == "meta" and element.get("http-equiv") is not None:
        found.append(f"meta http-equiv {_describe(element)}")
    if tag == "link" and (set(element.get("rel", "").casefold().split()) - OWN_LINK_RELS
                          or _is_external(browser_url(element.get("href", "")))):
        found.append(f"fremdes link-Element {_describe(element)}")
    if ("svg" in ancestors or tag == "svg") and tag not in SVG_ICON_ELEMENTS and not _own_svg_link(element, tag):
        found.append(f"SVG-Inhalt {_describe(element)}")
    if tag == "img" and _is_external(browser_url(element.get("src", ""))):
        found.append(f"Bild von fremdem Server {_describe(element)}")
    for name, value in element.attrib.items():
        attribute = _local(name)
        url = normalised_url(value)
        if attribute.startswith("on"):
            found.append(f"Event-Handler {attribute} an {_describe(element)}")
        elif attribute in {"srcdoc", "srcset", "dynsrc", "lowsrc"} and tag != "source":
            found.append(f"Attribut {attribute} an {_describe(element)}")
        elif attribute in URL_ATTRIBUTES and url.startswith(DANGEROUS_SCHEMES):
            found.append(f"gefährliche URL in {attribute} an {_describe(element)}")
        elif attribute in {"action", "formaction"} and _is_external(browser_url(value)):
            found.append(f"Formular an fremden Server {_describe(element)}")
        elif attribute == "style" and _CSS_DANGER.search(_CSS_NOISE.sub("", _INVISIBLE.sub("", value))):
            found.append(f"gefährliches style-Attribut an {_describe(element)}")
        elif tag == "meta" and attribute == "content" and "url=" in url:
            found.append(f"meta mit URL {_describe(element)}")
    return found


def _walk(element, ancestors=()):
    yield element, ancestors
    tag = _local(element.tag) if isinstance(element.tag, str) else ""
    for child in element:
        if isinstance(child.tag, str):  # comments and processing instructions are not elements
            yield from _walk(child, ancestors + (tag,))


def parse(html: str, *, fragment: bool = False):
    """The element tree a browser would build from ``html``, as an ElementTree.

    A fragment is parsed as the body of a document: what a browser would move into the head
    (a ``<title>``, a ``<meta>``) is then still in the tree that the checks walk."""
    return _element_tree(LexborHTMLParser(html).root)


def _element_tree(top):
    """lexbor's nodes as ElementTree elements (text in ``text`` and ``tail``), built without
    recursion: the hostile corpus nests deeper than Python's recursion limit allows."""
    root = ET.Element(top.tag, _attributes(top))
    pending = [(top, root)]
    while pending:
        node, element = pending.pop()
        last = None
        for child in node.iter(include_text=True):
            if child.tag == "-text":
                text = child.text(deep=False)
                if last is None:
                    element.text = (element.text or "") + text
                else:
                    last.tail = (last.tail or "") + text
            elif not child.tag.startswith("-"):  # comments and the doctype are not elements
                last = ET.SubElement(element, child.tag, _attributes(child))
                pending.append((child, last))
    return root


def _attributes(node) -> dict[str, str]:
    return {name: value or "" for name, value in node.attributes.items()}


def visible_text(root) -> str:
    """The text of the tree (``<title>`` included) without any whitespace, for "is shown as text"."""
    return "".join("".join(root.itertext()).split())


def executable_markup(html_or_tree, *, fragment: bool = False) -> list[str]:
    """Everything in the HTML that could run script or hijack the page, described in German."""
    root = parse(html_or_tree, fragment=fragment) if isinstance(html_or_tree, str) else html_or_tree
    findings = []
    for element, ancestors in _walk(root):
        if isinstance(element.tag, str):
            findings.extend(_element_findings(element, ancestors))
    return findings


def atom_findings(xml: bytes) -> list[str]:
    """Findings in an Atom feed: HTML-typed fields are HTML to a feed reader, so check them too."""
    namespace = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring(xml)
    findings = []
    for field in root.iter():
        if not isinstance(field.tag, str) or not field.tag.startswith(namespace):
            continue
        name = field.tag[len(namespace):]
        kind = field.get("type", "text")
        if name in {"title", "subtitle", "summary", "content", "rights"} and kind in {"html", "xhtml"}:
            text = (field.text or "") if kind == "html" else ET.tostring(field, encoding="unicode")
            findings.extend(f"Atom <{name}>: {finding}" for finding in executable_markup(text, fragment=True))
    return findings

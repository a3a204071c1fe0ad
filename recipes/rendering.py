"""The one way user text becomes HTML: Python-Markdown, then a bleach allowlist.

Raw Markdown is what the database stores. The sanitised HTML is cached under a key made of
the renderer version, the profile, the wiki-link index version and a hash of the source, so a
page view never runs Markdown or the sanitiser again for text it has seen, and a changed
renderer or link target can never serve stale HTML.
"""

import hashlib
import re
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from html import escape, unescape

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from recipes.markdown_guard import markdown_problems
from recipes.wikilinks import WikiLinkExtension, link_index

# Bump when the output for the same source changes (extensions, allowlist, link format).
RENDERER_VERSION = "6"

# CPU seconds one rendering may take before the text is shown as plain text instead: a last
# line of defence behind ``markdown_guard`` for shapes nobody has thought of yet. A text of the
# longest allowed length renders in about 0.1 s; only a pathological one comes near this.
RENDER_BUDGET_SECONDS = 2.0
# A text that ran out of budget may just have met a busy machine: try again after a while.
TRANSIENT_CACHE_SECONDS = 10 * 60

EXTERNAL_REL = "nofollow ugc noopener"

_COMMON_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "span", "del", "ins", "sup", "sub", "hr",
}
PROFILES = {
    # Recipes and chapter intros: the whole book typography.
    "recipe": {
        "tags": _COMMON_TAGS | {"h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr",
                                "th", "td", "div", "img", "dl", "dt", "dd", "abbr"},
        "extensions": ["tables", "footnotes", "toc", "sane_lists", "def_list", "abbr"],
        "paragraph_anchors": True,
    },
    # Comments: emphasis, links, lists, quotes, code; no headings or tables.
    "comment": {
        "tags": _COMMON_TAGS,
        "extensions": ["sane_lists"],
    },
}

ALLOWED_CLASSES = {
    "a": {"wikilink", "footnote-ref", "footnote-backref"},
    "ins": {"diff-ins"},
    "del": {"diff-del"},
    "span": {"wikilink-missing"},
    "div": {"footnote"},
    "ol": set(),
}


def _allowed_attribute(tag, name, value):
    if name == "class":
        allowed = ALLOWED_CLASSES.get(tag, set())
        return all(css_class in allowed for css_class in value.split())
    if tag == "a":
        return name in {"href", "title", "rel"}
    if tag == "img":
        # Only images from this site: an external image would tell a third party who reads.
        if name == "src":
            return _is_own_path(value)
        return name in {"alt", "title"}
    if tag in {"th", "td"}:
        return name == "align" and value in {"left", "right", "center"}
    # User text may not pick ids the page itself uses ("kb-main", "id_body", "kommentare" …):
    # headings' ids carry a prefix, footnotes' ids their own "fn:"/"fnref" prefix.
    if tag in {"h2", "h3", "h4", "h5", "h6"}:
        return name == "id" and bool(HEADING_ID.fullmatch(value))
    if tag == "li":
        return name == "id" and value.startswith("fn:")
    if tag == "sup":
        return name == "id" and value.startswith("fnref")
    if tag in PARAGRAPH_TAGS and name == "id":
        return bool(PARAGRAPH_ID.fullmatch(value))
    if tag in PARAGRAPH_TAGS and name == "data-absatz":
        return value == ""
    if tag == "ol":
        return name == "start"
    if tag == "abbr":
        return name == "title"
    if tag == "span":
        return name == "title"
    return False


_URL_IGNORED = re.compile(r"[\t\n\r]")


def _is_own_path(url):
    """A path on this site (not "//host/x", however it is disguised)."""
    url = _browser_url(url)
    return url.startswith("/") and not url.startswith("//")


def _browser_url(url):
    """``url`` as a browser reads it: tabs and newlines dropped, a backslash taken for a slash
    (so "/\\host/x" or "/&#9;/host/x" means "//host/x"). bleach hands over attribute values
    with their character references still in them."""
    return _URL_IGNORED.sub("", unescape(url)).replace("\\", "/")


def _set_link_rel(attrs, new=False):
    href = _browser_url(attrs.get((None, "href"), "")).lower()
    if href.startswith(("http://", "https://", "//")):
        attrs[(None, "rel")] = EXTERNAL_REL
    else:
        attrs.pop((None, "rel"), None)
    return attrs


class _DemoteTopHeadings(Treeprocessor):
    """The page's title is its only h1: a "# Heading" in user text becomes an h2."""

    def run(self, root):
        for element in root.iter("h1"):
            element.tag = "h2"


class DemoteTopHeadingsExtension(Extension):
    def extendMarkdown(self, md):
        # Before the toc treeprocessor (priority 5), so the table of contents sees h2.
        md.treeprocessors.register(_DemoteTopHeadings(md), "demote_h1", 30)


# Top-level blocks of a recipe that readers can comment on get a stable anchor: the same
# paragraph text gives the same id in every version, so links and comments find it again.
PARAGRAPH_ID = re.compile(r"absatz-[0-9a-f]{8}(?:-[0-9]+)?")
PARAGRAPH_TAGS = {"p", "ul", "ol", "blockquote", "pre", "dl"}


class _ParagraphAnchors(Treeprocessor):
    """``<p id="absatz-1a2b3c4d" data-absatz="">``: the id is a hash of the block's text.

    Headings keep their table-of-contents ids; tables, footnotes and rules get none. The data
    attribute is constant so that the diff of two versions does not see every changed
    paragraph's tag as changed too.
    """

    def run(self, root):
        seen = {}
        for element in root:
            if element.tag not in PARAGRAPH_TAGS:
                continue
            text = " ".join("".join(element.itertext()).split()).casefold()
            # A raw HTML block waits as a lone placeholder in a <p> that Markdown replaces
            # later only while that <p> has no attributes: leave it alone.
            if not text or HTML_PLACEHOLDER_RE.fullmatch(text):
                continue
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
            seen[digest] = seen.get(digest, 0) + 1
            suffix = f"-{seen[digest]}" if seen[digest] > 1 else ""
            element.set("id", f"absatz-{digest}{suffix}")
            element.set("data-absatz", "")


class ParagraphAnchorsExtension(Extension):
    def extendMarkdown(self, md):
        # After the inline patterns (20) and the toc (5), so the text is final.
        md.treeprocessors.register(_ParagraphAnchors(md), "paragraph_anchors", 4)


HEADING_ID = re.compile(r"abschnitt(?:-[a-z0-9-]*)?(?:_[0-9]+)?")


def _heading_id(value, separator):
    return f"abschnitt-{slugify(value)}".rstrip("-")


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: list = field(default_factory=list)
    # True when the text was shown as plain text because its rendering ran out of time.
    transient: bool = False

    def __html__(self):
        # Safe by construction: produced by ``render_markdown`` and nothing else.
        return self.html

    def __str__(self):
        # Templates call str() before escaping. This HTML left the sanitiser above and never
        # came from the database, so it is the one place where marking it safe is right.
        return mark_safe(self.html)  # nosec B308 B703 (sanitised above, never from the database)


def _toc_entries(tokens):
    return [
        {"id": token["id"], "name": token["name"], "level": token["level"],
         "children": _toc_entries(token["children"])}
        for token in tokens
    ]


def _cleaner(profile):
    return bleach.Cleaner(
        tags=PROFILES[profile]["tags"],
        attributes=_allowed_attribute,
        protocols={"http", "https", "mailto"},
        strip=True,
        strip_comments=True,
        filters=[partial(LinkifyFilter, callbacks=[_set_link_rel], skip_tags={"pre", "code"},
                         parse_email=False)],
    )


def sanitise_html(html: str, *, profile: str = "recipe") -> Rendered:
    """Run HTML derived from rendered text (e.g. a diff of two renderings) through the same
    allowlist once more, so nothing reaches a page without passing the sanitiser."""
    return Rendered(html=_cleaner(profile).clean(html))


class RenderBudgetExceeded(Exception):
    pass


@contextmanager
def _cpu_budget(seconds):
    """Raise ``RenderBudgetExceeded`` in the block once it has used ``seconds`` of CPU time.

    A signal timer (``ITIMER_VIRTUAL``: CPU time, so a busy machine does not trip it) can only
    be armed in the main thread, where gunicorn's sync workers serve requests; elsewhere
    (threaded development server) ``markdown_guard`` alone keeps the rendering bounded.
    """
    if (seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def expire(signum, frame):
        raise RenderBudgetExceeded

    previous = signal.signal(signal.SIGVTALRM, expire)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def plain_text_html(source: str, *, anchors: bool = False) -> str:
    """``source`` as escaped text in paragraphs: what a text Markdown cannot handle shows.

    With ``anchors`` (recipes) the paragraphs get the same ids as rendered ones, so readers
    can still comment on a passage.
    """
    paragraphs, seen = [], {}
    for block in re.split(r"\n[ \t]*\n", source.replace("\r\n", "\n")):
        if not block.strip():
            continue
        lines = escape(block.strip("\n")).split("\n")
        attributes = ""
        if anchors:
            digest = hashlib.sha256(" ".join(block.split()).casefold().encode("utf-8")).hexdigest()[:8]
            seen[digest] = seen.get(digest, 0) + 1
            suffix = f"-{seen[digest]}" if seen[digest] > 1 else ""
            attributes = f' id="absatz-{digest}{suffix}" data-absatz=""'
        paragraphs.append(f"<p{attributes}>" + "<br>\n".join(lines) + "</p>")
    return "\n".join(paragraphs)


def _render_uncached(source, profile, resolve):
    # A shape that would stall Python-Markdown (stored before the forms refused it) is not
    # handed to it at all.
    config = PROFILES[profile]
    anchors = bool(config.get("paragraph_anchors"))
    if markdown_problems(source):
        return Rendered(html=plain_text_html(source, anchors=anchors))
    extensions = list(config["extensions"]) + [WikiLinkExtension(resolve), DemoteTopHeadingsExtension()]
    if config.get("paragraph_anchors"):
        extensions.append(ParagraphAnchorsExtension())
    extension_configs = {
        "toc": {"slugify": _heading_id, "permalink": False, "toc_depth": "2-4"},
        "tables": {"use_align_attribute": True},
        "footnotes": {"BACKLINK_TITLE": "Zurück zur Stelle %d im Text"},
    }
    md = markdown.Markdown(
        extensions=extensions,
        extension_configs={key: value for key, value in extension_configs.items() if key in extensions},
        output_format="html",
    )
    try:
        with _cpu_budget(RENDER_BUDGET_SECONDS):
            html = _cleaner(profile).clean(md.convert(source))
    except (RenderBudgetExceeded, RecursionError):
        return Rendered(html=plain_text_html(source, anchors=anchors), transient=True)
    toc = _toc_entries(getattr(md, "toc_tokens", []))
    return Rendered(html=html, toc=toc)


def render_markdown(source: str, *, profile: str = "recipe") -> Rendered:
    """Sanitised HTML for ``source``; cached, safe to put in a template as it is."""
    index = link_index()
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    key = f"md:{RENDERER_VERSION}:{profile}:{index.version}:{digest}"
    cached = cache.get(key)
    if cached is not None:
        return Rendered(html=cached[0], toc=cached[1])
    rendered = _render_uncached(source, profile, index.resolve)
    timeout = TRANSIENT_CACHE_SECONDS if rendered.transient else 60 * 60 * 24 * 30
    cache.set(key, (rendered.html, rendered.toc), timeout)
    return rendered

"""Wiki links: ``[[7.1.3]]``, ``[[Titel eines Rezepts]]`` or ``[[7.1.3|eigener Text]]``.

The Markdown extension only needs a ``resolve(target) -> (url, title) | None`` callable; the
link index that answers it is built from the database once and kept in the cache, so a
render never queries per link.
"""

import hashlib
import json
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html import unescape
from urllib.parse import quote

from django.core.cache import cache
from django.urls import reverse
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor

from recipes.models import Recipe

# The label separator may arrive escaped ("\\|"): see ``_EscapeLabelPipes``.
WIKILINK_RE = r"\[\[([^\[\]|\\\n]{1,200})(?:\\?\|([^\[\]\n]{1,200}))?\]\]"
_LABEL_PIPE_RE = re.compile(r"(\[\[[^\[\]|\n]{1,200})\|([^\[\]\n]{1,200}\]\])")
LINK_INDEX_CACHE_KEY = "wikilinks:index"


def normalise_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip().casefold()


class WikiLinkProcessor(InlineProcessor):
    def __init__(self, pattern, md, resolve):
        super().__init__(pattern, md)
        self.resolve = resolve

    def handleMatch(self, m, data):
        target = m.group(1).strip()
        label = (m.group(2) or "").strip()
        found = self.resolve(target)
        if found is None:
            element = etree.Element("span")
            element.set("class", "wikilink-missing")
            element.set("title", f"Rezept „{target}“ gibt es noch nicht")
            element.text = label or target
        else:
            url, title = found
            element = etree.Element("a")
            element.set("href", url)
            element.set("class", "wikilink")
            element.text = label or (f"{target} {title}" if target[0].isdigit() else title)
        return element, m.start(0), m.end(0)


class _EscapeLabelPipes(Preprocessor):
    """``[[7.1|Text]]`` inside a table row would split the cell: escape the pipe first."""

    def run(self, lines):
        return [_LABEL_PIPE_RE.sub(r"\1\\|\2", line) for line in lines]


class WikiLinkExtension(Extension):
    def __init__(self, resolve, **kwargs):
        self.resolve = resolve
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.preprocessors.register(_EscapeLabelPipes(md), "wikilink_pipes", 5)
        # After "backtick" (190) so code stays code; before "escape" (180) so an escaped label
        # pipe is still ours, and before "link" (160) so "[[x]]" is no reference link.
        md.inlinePatterns.register(WikiLinkProcessor(WIKILINK_RE, md, self.resolve), "wikilink", 185)


@dataclass(frozen=True)
class LinkTarget:
    number: str
    title: str
    url: str


class LinkIndex:
    """Numbers and titles of all recipes → (url, title); ``version`` changes with the content.

    Entries are in reading order, so the index also answers "previous/next recipe" without SQL.
    """

    def __init__(self, entries):
        # entries: list of (number, title, url) in reading order
        self.entries = entries
        self.position = {number: index for index, (number, _title, _url) in enumerate(entries)}
        self.by_number = {number: (url, title) for number, title, url in entries}
        self.by_title = {normalise_title(title): (url, title) for number, title, url in entries}
        payload = json.dumps(sorted(entries), ensure_ascii=False).encode()
        self.version = hashlib.sha256(payload).hexdigest()[:16]

    def resolve(self, target):
        return self.by_number.get(target) or self.by_title.get(normalise_title(target))

    def neighbours(self, number) -> tuple[LinkTarget | None, LinkTarget | None]:
        """The recipes before and after ``number`` in reading order."""
        index = self.position.get(number)
        if index is None:
            return None, None
        before = LinkTarget(*self.entries[index - 1]) if index > 0 else None
        after = LinkTarget(*self.entries[index + 1]) if index + 1 < len(self.entries) else None
        return before, after


def link_index() -> LinkIndex:
    entries = cache.get(LINK_INDEX_CACHE_KEY)
    if entries is None:
        entries = [
            (number, title, reverse("recipe_detail", args=[slug]))
            for number, title, slug in Recipe.objects.in_reading_order().values_list("number", "title", "slug")
        ]
        cache.set(LINK_INDEX_CACHE_KEY, entries, None)
    return LinkIndex(entries)


def link_index_invalidate():
    cache.delete(LINK_INDEX_CACHE_KEY)


_MISSING_RE = re.compile(
    r'<span class="wikilink-missing" title="Rezept „(?P<target>[^"]*?)“ gibt es noch nicht">(?P<label>[^<]*)</span>'
)


def missing_links_to_proposals(html: str, *, propose_url: str) -> str:
    """Rendered (sanitised) HTML whose links to recipes that do not exist yet lead to the
    form for proposing them, with the title or number filled in.

    Only for people who may propose: the cached HTML keeps the plain marker for everyone
    else. Target and label are taken from the renderer's own escaped output and stay escaped.
    """
    def link(match):
        target = match.group("target")
        field = "nummer" if re.fullmatch(r"\d+(\.\d+)+", unescape(target)) else "titel"
        return (f'<a class="wikilink-missing" href="{propose_url}?{field}={quote(unescape(target))}" '
                f'title="Rezept „{target}“ vorschlagen">{match.group("label")}</a>')

    return _MISSING_RE.sub(link, html)

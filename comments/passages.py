"""The paragraphs of a rendered recipe or chapter intro, and comments' passages in them.

``recipes.rendering`` gives every top-level block an id (``absatz-…``) and ``data-absatz``.
This module reads those blocks back out of the sanitised HTML (the text as a browser shows it),
finds each comment's passage in the current text (``comments.anchoring``, cached per text and
passage), and adds under each block the small "Kommentieren" link that lets readers without
JavaScript comment on a paragraph.
"""

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

from django.core.cache import cache
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comments.anchoring import Block, Match, collapse, locate

_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_GONE = "gone"  # cached answer for a passage that is not in the text any more
CACHE_SECONDS = 60 * 60 * 24 * 30


@dataclass(frozen=True)
class Paragraph:
    block: Block
    end: int  # offset just after the block's end tag in the HTML


class _BlockReader(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.line_starts = [0]
        self.line_starts += [index + 1 for index, char in enumerate(html) if char == "\n"]
        self.depth = 0
        self.current = None
        self.parts = []
        self.paragraphs = []

    def _offset(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        if self.depth == 0:
            attributes = dict(attrs)
            if "data-absatz" in attributes and attributes.get("id"):
                self.current, self.parts = attributes["id"], []
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        self.depth = max(0, self.depth - 1)
        if self.depth == 0 and self.current is not None:
            end = self._offset() + len(f"</{tag}>")
            self.paragraphs.append(Paragraph(Block(self.current, collapse("".join(self.parts))), end))
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.parts.append(data)


@lru_cache(maxsize=32)  # keyed by whole rendered texts: few, as a worker lives long
def paragraphs_of(html: str) -> tuple[Paragraph, ...]:
    """The commentable blocks of rendered HTML, in reading order (pure, cached per process)."""
    reader = _BlockReader(html)
    reader.feed(html)
    reader.close()
    return tuple(reader.paragraphs)


def blocks_of(html: str) -> list[Block]:
    return [paragraph.block for paragraph in paragraphs_of(html)]


def _anchor_key(text_key, comment):
    passage = "\x1f".join([comment.anchor_quote, comment.anchor_prefix, comment.anchor_suffix,
                           comment.anchor_block])
    return f"anchor:{text_key}:{hashlib.sha256(passage.encode('utf-8')).hexdigest()[:24]}"


def locate_all(comments, html: str) -> dict[int, Match | None]:
    """Where each anchored comment's passage is in ``html`` now (None: gone).

    Fuzzy matching is the slow part, so answers are cached per text and passage: one
    ``get_many`` for the whole page.
    """
    anchored = [comment for comment in comments if comment.anchor_quote]
    if not anchored:
        return {}
    text_key = hashlib.sha256(html.encode("utf-8")).hexdigest()[:24]
    keys = {comment.pk: _anchor_key(text_key, comment) for comment in anchored}
    cached = cache.get_many(list(set(keys.values())))
    results, fresh = {}, {}
    blocks = None
    for comment in anchored:
        key = keys[comment.pk]
        if key in cached:
            answer = cached[key]
        elif key in fresh:
            answer = fresh[key]
        else:
            if blocks is None:
                blocks = blocks_of(html)
            answer = fresh[key] = locate(comment.anchor, blocks) or _GONE
        results[comment.pk] = None if answer == _GONE else answer
    if fresh:
        cache.set_many(fresh, CACHE_SECONDS)
    return results


def _snippet(text, words=8):
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


@dataclass(frozen=True)
class MarginNote:
    """A passage thread as the margin beside its paragraph shows it (wide screens)."""

    pk: str
    author: str
    excerpt: str


MARGIN_NOTES_SHOWN = 2  # per paragraph; the count link leads to the rest


def _margin_notes(notes):
    items = format_html_join(
        "", '<li><a href="#kommentar-{}"><strong>{}</strong> {}</a></li>',
        ((note.pk, note.author, note.excerpt) for note in notes[:MARGIN_NOTES_SHOWN]),
    )
    more = ""
    if len(notes) > MARGIN_NOTES_SHOWN:
        more = format_html('<li class="margin-notes__more"><a href="#kommentar-{}">{}</a></li>', notes[0].pk,
                           _("und %(count)s weitere") % {"count": len(notes) - MARGIN_NOTES_SHOWN})
    return format_html(
        '<div class="margin-notes"><p class="visually-hidden">{}</p><ul>{}{}</ul></div>',
        _("Kommentare zum folgenden Absatz:"), items, more,
    )


def with_paragraph_links(html: str, *, threads_by_block: dict[str, list[MarginNote]]) -> SafeString:
    """``html`` with a small "Kommentieren" link (and the number of threads) after each block,
    and the block's passage threads as margin notes before it (shown beside it on wide screens).

    The additions sit between blocks, never inside, so a block's text stays exactly the text
    that passages are matched against.
    """
    pieces, position = [], 0
    for paragraph in paragraphs_of(html):
        block = paragraph.block
        threads = threads_by_block.get(block.id, [])
        count_link = ""
        if threads:
            label = ngettext("%(count)s Kommentar", "%(count)s Kommentare", len(threads)) % {
                "count": len(threads)}
            count_link = format_html(
                '<a class="absatz-tools__count" href="#kommentar-{}">{}</a> ', threads[0].pk, label)
        tools = format_html(
            '<div class="absatz-tools{}">{}<a class="absatz-tools__comment" href="?absatz={}#kommentar-form">'
            '{}<span class="visually-hidden">: {} „{}“</span></a></div>',
            " absatz-tools--has-comments" if threads else "", count_link, block.id,
            _("Kommentieren"), _("Absatz"), _snippet(block.text),
        )
        start = _block_start(html, paragraph, position)
        pieces.append(html[position:start])
        if threads:
            pieces.append(_margin_notes(threads))
        pieces.append(html[start:paragraph.end])
        pieces.append(tools)
        position = paragraph.end
    pieces.append(html[position:])
    # ``html`` left recipes.rendering's sanitiser; the pieces added are format_html output.
    return mark_safe("".join(pieces))  # nosec B308 B703 (sanitised HTML plus format_html output)


def _block_start(html, paragraph, position):
    """Where the block's start tag begins: its id attribute is unique in the page."""
    marker = html.find(f'id="{paragraph.block.id}"', position, paragraph.end)
    return html.rfind("<", position, marker) if marker != -1 else position

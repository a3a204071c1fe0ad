"""Diffs of a proposal for its pages: rendered Markdown, word diff, then the sanitiser again."""

from dataclasses import dataclass

from django.utils.html import escape

from recipes.rendering import Rendered, render_markdown, sanitise_html
from textdiff import html_diff, html_diff_side_by_side, merge3


@dataclass
class ShownDiff:
    title: Rendered
    inline: Rendered | None = None
    left: Rendered | None = None
    right: Rendered | None = None


def shown_diff(old: dict, new: dict, *, side_by_side=False) -> ShownDiff:
    """Diff of two {"title", "body"} texts as the compare pages show it."""
    title = sanitise_html(html_diff(escape(old.get("title", "")), escape(new["title"])))
    old_html = render_markdown(old.get("body", "")).html
    new_html = render_markdown(new["body"]).html
    if side_by_side:
        left, right = html_diff_side_by_side(old_html, new_html)
        return ShownDiff(title, left=sanitise_html(left), right=sanitise_html(right))
    return ShownDiff(title, inline=sanitise_html(html_diff(old_html, new_html)))


def merged_preview(base: dict, current: dict, proposed: dict) -> tuple[dict, bool]:
    """What the recipe would read after accepting everything, and whether that needs decisions.

    With conflicts the proposal's own text stands in, so the moderator still sees its changes.
    """
    merged, clean = {}, True
    for field in ("title", "body"):
        result = merge3(base.get(field, ""), current[field], proposed[field])
        clean = clean and result.clean
        merged[field] = result.text if result.clean else proposed[field]
    return merged, clean


def attach_revision_diffs(events: list) -> list:
    """Give each event that changed the proposal's text a ``revision_diff`` from the text before.

    The submitted text is the first; every revision and the moderator's edit show what changed.
    """
    previous = None
    for event in events:
        event.revision_diff = None
        if not event.has_text:
            continue
        if previous is not None:
            event.revision_diff = shown_diff(
                {"title": previous.title, "body": previous.body},
                {"title": event.title, "body": event.body},
            )
        previous = event
    return events

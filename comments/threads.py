"""Turning a flat list of comments into the thread a reader sees (pure Python, no queries).

The page renders the tree in one template loop, not by recursive includes: each entry knows its
display level and whether a nested list of replies opens after it or how many close. Indentation
stops at ``MAX_LEVEL``; deeper replies continue at that level with "Antwort auf …", so a chain of
a thousand replies neither squeezes the text on a phone nor nests HTML a thousand deep.
"""

from collections import defaultdict
from dataclasses import dataclass, field

MAX_LEVEL = 3  # levels 0–3: four steps of indentation at most


@dataclass
class Entry:
    comment: object
    depth: int  # 0 for a thread's first comment
    level: int = 0  # depth as indented on the page
    opens: bool = False  # a list of replies follows this entry
    closes: range = field(default_factory=lambda: range(0))  # reply lists ending after it
    reply_to: object = None  # the parent, named when indentation no longer shows it


def _shown_alone(comment, viewer_id, moderator):
    """Whether ``comment`` itself appears (deleted ones only as a placeholder for replies)."""
    status = comment.status
    if status == "held":
        return moderator or (viewer_id is not None and comment.author_id == viewer_id)
    return status in ("visible", "hidden")


def build_thread(comments, *, viewer_id=None, moderator=False) -> list[Entry]:
    """The entries of all threads, in reading order: each comment followed by its replies.

    ``comments`` are all comments of one recipe or chapter, oldest first. A deleted comment
    stays as a placeholder only while a reply below it is shown; a held comment only for its
    author and moderators.
    """
    children = defaultdict(list)
    known = {comment.pk for comment in comments}
    for comment in comments:
        parent = comment.parent_id if comment.parent_id in known else None
        children[parent].append(comment)

    order = []  # pre-order: (comment, depth); iterative, so depth is not bounded by recursion
    stack = [(comment, 0) for comment in reversed(children[None])]
    while stack:
        comment, depth = stack.pop()
        order.append((comment, depth))
        stack.extend((child, depth + 1) for child in reversed(children[comment.pk]))

    keep = {}
    for comment, _depth in reversed(order):  # replies before their parents
        if comment.status == "held" and not _shown_alone(comment, viewer_id, moderator):
            keep[comment.pk] = False
            continue
        keep[comment.pk] = _shown_alone(comment, viewer_id, moderator) or any(
            keep[child.pk] for child in children[comment.pk])

    by_pk = {comment.pk: comment for comment in comments}
    entries = []
    emitted = set()
    for comment, depth in order:
        parent_id = comment.parent_id if comment.parent_id in known else None
        if not keep[comment.pk] or (parent_id is not None and parent_id not in emitted):
            continue
        emitted.add(comment.pk)
        level = min(depth, MAX_LEVEL)
        reply_to = by_pk[parent_id] if depth > MAX_LEVEL else None
        entries.append(Entry(comment=comment, depth=depth, level=level, reply_to=reply_to))

    for index, entry in enumerate(entries):
        following = entries[index + 1].level if index + 1 < len(entries) else 0
        entry.opens = following > entry.level
        entry.closes = range(0 if entry.opens else entry.level - following)
    return entries

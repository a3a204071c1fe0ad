"""The HTML of a page's threads, written in Python rather than as a template.

Why: a recipe page may hold a thousand comments. The Django template language resolves every
variable through several layers (about 5 µs each); at ~30 per comment that alone cost about
150 ms per page, and ``format_html`` still about 100 ms. Plain f-strings with the standard
library's ``html.escape`` take a few milliseconds (see ``bench/comments_page.py``). The rest of
the comment section stays a template (``templates/comments/_section.html``).

The rule that keeps this safe: every value put into the markup goes through ``e()`` (escaping
``& < > " '``), with one exception, a comment's body, which is the ``Rendered`` output of
``recipes.rendering.render_markdown`` and thus already sanitised. Values come from the dicts of
``comments.discussion``.

When the page is shared by everyone with the same rights (``kochbuch.fragments``), ``mine``
is given and an item with an ``owner`` is written twice where it differs for its author (the
CSS class, the action links, links to their proposals): ``mine(owner, for_them, for_others)``
keeps both, and each request shows the reader's.
"""

from html import escape as e

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class _Texts:
    """The German labels, translated and escaped once per page rather than once per comment."""

    def __init__(self):
        self.deleted_author = e(_("Kommentar gelöscht"))
        self.edited = e(_("bearbeitet"))
        self.answer_to = e(_("Antwort auf"))
        self.held = e(_("wartet auf Freigabe"))
        self.resolved = e(_("erledigt"))
        self.to_passage = e(_("Zur Stelle im Text"))
        self.outdated = e(_("bezieht sich auf eine ältere Fassung"))
        self.see_version = e(_("diese Fassung ansehen"))
        self.deleted = e(_("Dieser Kommentar wurde von der verfassenden Person gelöscht."))
        self.hidden = e(_("Von der Moderation ausgeblendet."))
        self.reason = e(_("Grund:"))
        self.show_hidden = e(_("Ausgeblendeten Text anzeigen (nur Moderation)"))
        self.by_version = e(_("durch diese Fassung"))
        self.proposal = e(_("Änderungsvorschlag #%(id)s eingereicht"))
        self.comments = e(_("Kommentare"))


def _meta(item, t, queue_url):
    pk = e(item["pk"])
    if item["status"] == "deleted":
        parts = [f'<span class="comment__author" id="kommentar-{pk}-autor">{t.deleted_author}</span>']
    else:
        parts = [f'<span class="comment__author" id="kommentar-{pk}-autor">{e(item["author"])}</span>']
        if item["details"]:
            parts[0] += f'<span class="comment__details">{e(item["details"])}</span>'
    parts.append(f'<a class="comment__time" href="#kommentar-{pk}">'
                 f'<time datetime="{e(item["iso"])}">{e(item["when"])}</time></a>')
    if item["history_url"]:
        parts.append(f'<a class="comment__edited" href="{e(item["history_url"])}">{t.edited}</a>')
    if item["reply_to"]:
        parts.append(f'<span class="comment__reply-to">{t.answer_to} <a href="#kommentar-'
                     f'{e(item["reply_to"]["pk"])}">{e(item["reply_to"]["name"])}</a></span>')
    if item["status"] == "held":
        parts.append(f'<span class="badge badge--held">{t.held}</span>')
    if item["resolved"]:
        parts.append(f'<span class="badge badge--resolved">{t.resolved}</span>')
    if item["open_reports"]:
        count = item["open_reports"]
        label = ngettext("%(count)s Meldung", "%(count)s Meldungen", count) % {"count": count}
        parts.append(f'<a class="badge badge--report" href="{e(queue_url)}">{e(label)}</a>')
    return f'<header class="comment__meta">{" ".join(parts)}</header>'


def _passage(passage, t):
    if passage is None:
        return ""
    if passage["block"]:
        return (f'<blockquote class="comment__quote"><p><a href="#{e(passage["block"])}" title="{t.to_passage}">'
                f'„{e(passage["quote"])}“</a></p></blockquote>')
    link = ""
    if passage["old_version_url"]:
        link = f' – <a href="{e(passage["old_version_url"])}">{t.see_version}</a>'
    return (f'<p class="comment__outdated">{t.outdated}{link}</p><blockquote class="comment__quote '
            f'comment__quote--outdated"><p>„{e(passage["quote"])}“</p></blockquote>')


def _body(item):
    """The sanitised HTML of the body (``Rendered.html``), never anything else."""
    return item["body"].html if item["body"] else ""


def _text(item, t):
    if item["status"] == "deleted":
        return f'<p class="comment__placeholder">{t.deleted}</p>'
    if item["status"] == "hidden":
        html = (f'<p class="comment__placeholder"><strong>{t.hidden}</strong> {t.reason} '
                f'{e(item["hidden_reason"])}</p>')
        if item["body"]:  # only moderators get the hidden text
            html += (f'<details class="comment__hidden-text"><summary>{t.show_hidden}</summary>'
                     f'<div class="comment__body">{_body(item)}</div></details>')
        return html
    return f'<div class="comment__body">{_body(item)}</div>'


def _resolved(resolved, t):
    if not resolved:
        return ""
    line = e(_("Erledigt am %(date)s") % {"date": resolved["when"]})
    if resolved["by"]:
        line += f' · {e(resolved["by"])}'
    if resolved["version_url"]:
        line += f' · <a href="{e(resolved["version_url"])}">{t.by_version}</a>'
    return f'<p class="comment__resolved">{line}</p>'


def _proposals(item, t, mine):
    """"Änderungsvorschlag #N eingereicht" for each proposal made from this thread."""
    if not item.get("proposals"):
        return ""
    parts = []
    for proposal in item["proposals"]:
        label = t.proposal % {"id": e(proposal["id"])}
        link = f'<a href="{e(proposal["url"])}">{label}</a>' if proposal["url"] else label
        if mine is not None and "owner" in proposal:
            link = mine(proposal["owner"], f'<a href="{e(proposal["owner_url"])}">{label}</a>', link)
        parts.append(link)
    return f'<p class="comment__proposals">{" · ".join(parts)}</p>'


def _actions(item, actions):
    if not actions:
        return ""
    links = []
    for name, url, label in actions:
        extra = ""
        if name == "reply":
            extra = f' data-reply="{e(item["pk"])}" data-reply-name="{e(item["reply_name"])}"'
        links.append(f'<li><a href="{e(url)}"{extra}>{e(label)}</a></li>')
    return f'<ul class="comment__actions">{"".join(links)}</ul>'


def _log(events):
    if not events:
        return ""
    summary = ngettext("Moderationsprotokoll (%(count)s Eintrag)", "Moderationsprotokoll (%(count)s Einträge)",
                       len(events)) % {"count": len(events)}
    rows = "".join(
        f'<li><time datetime="{e(event["iso"])}">{e(event["when"])}</time> · {e(event["actor"])}: '
        f'{e(event["action"])}{" – „" + e(event["reason"]) + "“" if event["reason"] else ""}</li>'
        for event in events
    )
    return f'<details class="comment__log"><summary>{e(summary)}</summary><ul>{rows}</ul></details>'


def _article(item, t, queue_url, mine):
    pk, passage = e(item["pk"]), item["passage"]
    data = ""
    if passage and passage["block"] and item["status"] == "visible":
        data = (f' data-passage-block="{e(passage["block"])}" data-passage-quote="{e(passage["now"])}"'
                f' data-passage-start="{e(passage["start"])}"')
    css, actions = e(item["css"]), _actions(item, item["actions"])
    if mine is not None and "owner" in item:
        css = mine(item["owner"], e(item["css_mine"]), css)
        actions = mine(item["owner"], _actions(item, item["actions_mine"]), actions)
    return (f'<article class="{css}" id="kommentar-{pk}" aria-labelledby="kommentar-{pk}-autor"{data}>'
            f'{_meta(item, t, queue_url)}{_passage(passage, t)}{_text(item, t)}{_resolved(item["resolved"], t)}'
            f'{_proposals(item, t, mine)}{actions}{_log(item["events"])}</article>')


def _reply_counts(items) -> dict[int, int]:
    """For each item that opens a list of replies: how many comments are below it, at any depth."""
    counts, open_items = {}, []  # open_items: (index, level) of the items whose replies are open
    for index, item in enumerate(items):
        level = int(item["level"])
        while open_items and open_items[-1][1] >= level:
            open_items.pop()
        for parent, _level in open_items:
            counts[parent] += 1
        if item["opens"]:
            counts[index] = 0
            open_items.append((index, level))
    return counts


def thread_html(items, *, queue_url: str, mine=None) -> SafeString:
    """All threads as nested lists: replies in an ``<ol>`` inside their comment's ``<li>``.

    Levels come from ``comments.threads``: a list opens when the next item is one level deeper
    and closes as many levels as the next item climbs back. ``mine``: see the module docstring.
    """
    if not items:
        return SafeString("")
    t = _Texts()
    replies = _reply_counts(items)
    out = [f'<ol class="comment-thread" aria-label="{t.comments}">']
    for index, item in enumerate(items):
        out.append(f'<li class="comment-item comment-item--level-{e(item["level"])}">')
        out.append(_article(item, t, queue_url, mine))
        if item["opens"]:
            # Replies fold away under a summary (a details element: no JavaScript needed).
            label = ngettext("%(count)s Antwort", "%(count)s Antworten", replies[index]) % {"count": replies[index]}
            out.append(f'<details class="comment-replies-fold" open><summary>{e(label)}</summary>'
                       '<ol class="comment-replies">')
        else:
            out.append("</li>" + "</ol></details></li>" * len(item["closes"]))
        out.append("\n")
    out.append("</ol>")
    # Every value above went through e(), bodies excepted, which left the sanitiser.
    return mark_safe("".join(out))  # nosec B308 B703 (every value escaped by e(), bodies sanitised)

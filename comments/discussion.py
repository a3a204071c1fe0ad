"""Everything a recipe or chapter page needs for its comments, in a fixed number of queries.

One query fetches all comments of the page with their authors; moderators add one for open
reports and one for the moderation log. The tree is built in Python (``comments.threads``),
bodies go through ``recipes.rendering.render_markdown`` (looked up in the cache all at once),
passages are located in the current text (cached per text and passage).

A page may hold a thousand comments, so each is turned into a plain dict with every value the
page shows already computed (no method runs a thousand times); ``comments.markup`` writes the
threads' HTML from these dicts.
"""

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import strip_tags
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.roles import perm
from comments.anchoring import paragraph_anchor
from comments.forms import CommentForm
from comments.markup import thread_html
from comments.models import Comment, ModerationEvent, Report
from comments.passages import MarginNote, blocks_of, locate_all, with_paragraph_links
from comments.threads import build_thread
from kochbuch import fragments
from recipes import pages
from recipes.models import Recipe
from recipes.rendering import RENDERER_VERSION, Rendered, render_markdown
from recipes.wikilinks import link_index

BODY_CACHE_SECONDS = 60 * 60 * 24 * 30


@dataclass
class Discussion:
    target: object
    kind: str  # "recipe" or "chapter"
    items: list  # dicts, see _Page.item()
    thread: str  # the threads' HTML (comments.markup)
    count: int  # visible comments
    body: object  # the rendered text with paragraph links
    form: CommentForm | None
    action_url: str
    login_url: str
    signed_in: bool
    can_comment: bool
    can_moderate: bool
    chosen_block: str = ""
    chosen_text: str = ""
    open_reports: int = 0
    max_length: int = 0


def comments_exist(kind: str):
    """An annotation for the page's own query: whether ``kind`` ("recipe"/"chapter") has any
    comment. Most pages have none, and then ``discussion_for`` needs no query at all."""
    return Exists(Comment.objects.filter(**{kind: OuterRef("pk")}))


def with_comment_counts(recipes):
    """Each recipe with ``comment_count``: the comments every reader can see."""
    return recipes.annotate(comment_count=Count(
        "comments", filter=Q(comments__status=Comment.Status.VISIBLE)))


class DiscussionOnReadingPages(pages.ReadingPageExtension):
    """The comments under every chapter and recipe page and their counts in the tables of
    contents (registered with recipes in CommentsConfig.ready)."""

    def detail_queryset(self, queryset, *, kind):
        return queryset.annotate(has_comments=comments_exist(kind))

    def listing_queryset(self, queryset):
        return with_comment_counts(queryset)

    def context(self, request, target, rendered):
        return {"discussion": discussion_for(request, target, rendered)}


# Proposals made from a thread are listed under it. proposals, above comments, registers the
# finder in its AppConfig.ready(); comments never imports proposals.
_proposal_finders = []


def register_proposal_finder(finder) -> None:
    """``finder(recipe)`` gives (thread's comment id, proposal id, author id) for every
    proposal made from a thread of ``recipe`` that the thread should link to, in one query."""
    if finder not in _proposal_finders:
        _proposal_finders.append(finder)


def render_bodies(sources) -> dict[str, Rendered]:
    """``render_markdown(source, profile="comment")`` for many sources with one cache lookup.

    The key has the same parts as the renderer's own (renderer version, link index, content
    hash); only texts missing from the cache are rendered.
    """
    sources = set(sources)
    if not sources:
        return {}
    prefix = f"commentbody:{RENDERER_VERSION}:{link_index().version}:"
    keys = {prefix + hashlib.sha256(source.encode("utf-8")).hexdigest(): source for source in sources}
    found = cache.get_many(list(keys))
    rendered, missing = {}, {}
    for key, source in keys.items():
        if key in found:
            rendered[source] = Rendered(html=found[key])
        else:
            rendered[source] = render_markdown(source, profile="comment")
            if not rendered[source].transient:  # ran out of time: try again another time
                missing[key] = rendered[source].html
    if missing:
        cache.set_many(missing, BODY_CACHE_SECONDS)
    return rendered


def _url_maker(name):
    """``pk -> reverse(name, args=[pk])`` with a single ``reverse`` for the whole page."""
    marker = 987654321
    head, tail = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


class _Clock:
    """Dates as "3. März 2026, 14:05" in the site's time zone, without a filter per comment."""

    def __init__(self):
        self.months = {number: str(name) for number, name in MONTHS.items()}

    def __call__(self, moment):
        local = timezone.localtime(moment)
        return local.isoformat(), f"{local.day}. {self.months[local.month]} {local.year}, {local:%H:%M}"


def _moderation_details(ids):
    reports = Counter(Report.objects.open().filter(comment_id__in=ids).values_list("comment_id", flat=True))
    events = defaultdict(list)
    clock = _Clock()
    for event in ModerationEvent.objects.filter(comment_id__in=ids).select_related("actor"):
        events[event.comment_id].append({
            "when": clock(event.created_at)[1], "iso": event.created_at.isoformat(),
            "actor": str(event.actor_name), "action": str(event.get_action_display()), "reason": event.reason,
        })
    return reports, events


def _proposals_by_thread(target, kind, comments):
    """Edit proposals made from the page's threads: {comment id: [(proposal id, author id)]}.

    One query for the whole page; none on chapter pages and pages without threads. Proposals
    live on the recipe of their thread (``proposals.services``), so the recipe's index finds them.
    """
    if kind != "recipe" or not any(comment.parent_id is None for comment in comments):
        return {}
    by_thread = defaultdict(list)
    for finder in _proposal_finders:
        for comment_id, pk, author_id in finder(target):
            by_thread[comment_id].append((pk, author_id))
    return by_thread


def _author_labels(comments):
    labels = {}
    for comment in comments:
        if comment.author_id not in labels:
            labels[comment.author_id] = (str(comment.author_name), " · ".join(comment.author_details))
    return labels


def discussion_for(request, target, rendered: Rendered, *, form: CommentForm | None = None) -> Discussion:
    """The comment section of ``target`` (a Recipe or Chapter) whose text is ``rendered``.

    When ``target`` was loaded with ``has_comments`` (see ``comments_exist``) and has none, the
    comments are not queried.
    """
    user = request.user
    # Rendered once for everyone with the same rights (kochbuch/fragments.py): then ``user`` is
    # a stand-in without id, and what differs for a comment's author becomes a slot.
    shared = fragments.builder(request)
    kind = "recipe" if isinstance(target, Recipe) else "chapter"
    signed_in = user.is_authenticated
    can_comment = signed_in and user.has_perm(perm("comment"))
    can_moderate = signed_in and user.has_perm(perm("moderate"))
    # Proposals are made on recipes only (a chapter's text is the Redaktion's).
    can_propose = kind == "recipe" and signed_in and user.has_perm(perm("propose"))
    viewer_id = user.pk if signed_in else None

    comments = [] if getattr(target, "has_comments", True) is False else list(
        Comment.objects.of_target(target).for_thread())
    entries = build_thread(comments, viewer_id=viewer_id, moderator=can_moderate)
    if shared is not None and not can_moderate:
        # A held comment is shown to its author alone: the shared page is not theirs.
        shared.bypass_for(c.author_id for c in comments if c.status == Comment.Status.HELD)
    shown = [entry.comment for entry in entries]
    for comment in shown:  # spare a query per comment wherever the target is needed
        setattr(comment, kind, target)
    bodies = render_bodies(comment.body for comment in shown if comment.body and (
        not comment.is_hidden or can_moderate))
    matches = locate_all([comment for comment in shown if comment.parent_id is None], rendered.html)
    reports, events = _moderation_details([c.pk for c in shown]) if can_moderate and shown else (Counter(), {})

    page = _Page(kind=kind, target=target, viewer_id=viewer_id, can_comment=can_comment,
                 can_moderate=can_moderate, bodies=bodies, matches=matches, reports=reports,
                 events=events, authors=_author_labels(shown), can_propose=can_propose,
                 can_review=signed_in and user.has_perm(perm("review")),
                 proposals=_proposals_by_thread(target, kind, shown),
                 mine=shared.mine if shared is not None else None)
    items = [page.item(entry) for entry in entries]
    threads_by_block = defaultdict(list)
    for item in items:
        if item["passage"] and item["passage"]["block"] and item["status"] == "visible":
            threads_by_block[item["passage"]["block"]].append(MarginNote(
                pk=item["pk"], author=item["author"],
                excerpt=Truncator(strip_tags(item["body"].html)).words(14) if item["body"] else "",
            ))

    chosen_block = request.GET.get("absatz", "") if request.method == "GET" else ""
    chosen = paragraph_anchor(blocks_of(rendered.html), chosen_block) if chosen_block else None
    if can_comment and form is None:
        form = CommentForm(initial={"absatz": chosen.block} if chosen else None)
    next_url = f"{request.path}{'?absatz=' + chosen.block if chosen else ''}#kommentar-form"
    return Discussion(
        target=target, kind=kind, items=items,
        thread=thread_html(items, queue_url=reverse("moderation_queue"), mine=_page_mine(shared)),
        count=sum(1 for comment in comments if comment.is_visible),
        body=with_paragraph_links(rendered.html, threads_by_block=threads_by_block),
        form=form if can_comment else None,
        action_url=reverse("comment_create_recipe" if kind == "recipe" else "comment_create_chapter",
                           args=[target.pk]),
        login_url=f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}",
        signed_in=signed_in, can_comment=can_comment, can_moderate=can_moderate,
        chosen_block=chosen.block if chosen else "", chosen_text=chosen.quote if chosen else "",
        open_reports=sum(reports.values()), max_length=settings.COMMENTS_MAX_LENGTH,
    )


def _page_mine(shared):
    return shared.mine if shared is not None else None


class _Page:
    """Turns thread entries into the dicts the template shows, with what the viewer may do.

    ``mine`` (``kochbuch.fragments``), when the page is shared by a role: each item then
    carries both versions of what differs for the comment's author (``owner``): the CSS class,
    the action links, the links to their own proposals; ``comments.markup`` writes both.
    """

    def __init__(self, *, kind, target, viewer_id, can_comment, can_moderate, bodies, matches, reports,
                 events, authors, can_propose=False, can_review=False, proposals=None, mine=None):
        self.__dict__.update(locals())
        self.proposals = proposals or {}
        self.clock = _Clock()
        self.url = {name: _url_maker(name) for name in (
            "comment_reply", "comment_edit", "comment_delete", "comment_report", "comment_history",
            "comment_hide", "comment_restore", "comment_approve", "thread_resolve", "thread_reopen",
            "proposal_detail")}
        # The proposal form for this recipe; ?kommentar= links the proposal to the thread.
        self.propose_url = reverse("proposal_create", args=[target.slug]) if can_propose else ""
        self.labels = {
            "reply": _("Antworten"), "propose": _("Als Änderungsvorschlag übernehmen"),
            "edit": _("Bearbeiten"), "delete": _("Löschen"),
            "report": _("Melden"), "approve": _("Freigeben"), "hide": _("Ausblenden"),
            "restore": _("Wiederherstellen"), "resolve": _("Erledigt"), "reopen": _("Wieder öffnen"),
        }

    def _actions(self, comment, own):
        """(name, url) of each action link; the template adds the label."""
        pk, url, actions = comment.pk, self.url, []
        visible = comment.status == "visible"
        if self.can_comment and visible:
            actions.append(("reply", url["comment_reply"](pk)))
        if self.can_propose and visible and comment.parent_id is None and not comment.resolved_at:
            actions.append(("propose", f"{self.propose_url}?kommentar={pk}"))
        if own and comment.status != "deleted":
            if comment.status != "hidden":
                actions.append(("edit", url["comment_edit"](pk)))
            actions.append(("delete", url["comment_delete"](pk)))
        if self.can_comment and visible and not own:
            actions.append(("report", url["comment_report"](pk)))
        if self.can_moderate:
            if comment.status == "held":
                actions.append(("approve", url["comment_approve"](pk)))
            if comment.status in ("visible", "held"):
                actions.append(("hide", url["comment_hide"](pk)))
            if comment.status == "hidden":
                actions.append(("restore", url["comment_restore"](pk)))
            if comment.parent_id is None and visible:
                if comment.resolved_at:
                    actions.append(("reopen", url["thread_reopen"](pk)))
                else:
                    actions.append(("resolve", url["thread_resolve"](pk)))
        return [(name, link, self.labels[name]) for name, link in actions]

    def _passage(self, comment):
        if not comment.anchor_quote or comment.parent_id is not None or comment.status == "deleted":
            return None
        match = self.matches.get(comment.pk)
        quote = comment.anchor_quote if len(comment.anchor_quote) <= 300 else comment.anchor_quote[:299] + "…"
        if match is None:
            return {"quote": quote, "block": "", "old_version_url": comment.old_version_url()}
        return {"quote": quote, "block": match.block, "now": match.quote, "start": str(match.start)}

    def _proposals(self, comment):
        """The proposals made from this thread; linked for whoever may open them (their author,
        reviewers), plain text for everyone else."""
        if comment.status not in ("visible", "held"):
            return []
        found = []
        for pk, author_id in self.proposals.get(comment.pk, ()):
            url = self.url["proposal_detail"](pk)
            proposal = {"id": str(pk), "url": url if self.can_review or (
                author_id is not None and author_id == self.viewer_id) else ""}
            if self.mine and not proposal["url"] and author_id is not None:
                proposal.update(owner=author_id, owner_url=url)  # linked for its author only
            found.append(proposal)
        return found

    def item(self, entry):
        comment = entry.comment
        status = comment.status
        own = self.viewer_id is not None and comment.author_id == self.viewer_id
        iso, when = self.clock(comment.created_at)
        name, details = self.authors[comment.author_id]
        css = f"comment comment--{status}" + (" comment--own" if own else "")
        resolved = None
        if comment.resolved_at:
            resolved = {"when": self.clock(comment.resolved_at)[1].split(",")[0],
                        "by": comment.resolved_by.public_name if comment.resolved_by_id else "",
                        "version_url": comment.resolved_version_url()}
        reply_to = entry.reply_to
        # Numbers as strings: the template would localise every int it prints, slowly.
        item = {
            "pk": str(comment.pk), "id": comment.pk, "status": status, "css": css, "level": str(entry.level),
            "opens": entry.opens,
            "closes": entry.closes, "author": name, "details": details, "iso": iso, "when": when,
            "history_url": self.url["comment_history"](comment.pk) if comment.edited_at and status != "deleted" else "",
            "reply_to": {"pk": str(reply_to.pk), "name": _("einen gelöschten Kommentar") if reply_to.status == "deleted"
                         else self.authors.get(reply_to.author_id, (reply_to.author_name,))[0]} if reply_to else None,
            # Bodies are looked up by text: a hidden comment worded like a visible one would
            # find that one's rendering, so the status is checked here too.
            "passage": self._passage(comment),
            "body": self.bodies.get(comment.body)
            if comment.body and (status != "hidden" or self.can_moderate) else None,
            "hidden_reason": comment.hidden_reason if status == "hidden" else "",
            "resolved": resolved, "open_reports": self.reports.get(comment.pk, 0),
            "events": self.events.get(comment.pk, ()), "actions": self._actions(comment, own),
            "proposals": self._proposals(comment),
            "reply_name": name,
        }
        if self.mine and comment.author_id is not None:
            item.update(owner=comment.author_id, css_mine=css + " comment--own",
                        actions_mine=self._actions(comment, True))
        return item

"""``{% news_link %}`` and ``{% work_links %}`` for the header (counts from the cache; personal
places, kochbuch/fragments.py) and ``{% contributions person %}`` for the public profile."""

from html import escape as e

from django import template
from django.utils.translation import gettext as _

from inbox.contributions import contributions_of, counts_of
from inbox.services import unread_count, unread_key
from inbox.work import KEY as WORK_KEY
from inbox.work import work_links as links_for
from kochbuch.fragments import personal, prefetched
from kochbuch.links import link

register = template.Library()


def news_link_slot(request):
    """"Neuigkeiten" with the reader's unread count: personal, so the slot "news_link"
    (kochbuch/fragments.py, registered in InboxConfig.ready), filled on every request.

    Written in Python, not as a template: it runs on every signed-in request, and a template
    render cost more than the rest of the slots together (bench/load.py)."""
    user = request.user
    if not user.is_authenticated:
        return ""
    unread = unread_count(user, prefetched(request))
    badge = (f' <span class="badge">{unread}<span class="visually-hidden"> {e(_("ungelesen"))}</span></span>'
             if unread else "")
    return (f'<li><a href="{e(link("news"))}"{_current(request, "news")}>{e(_("Neuigkeiten"))}{badge}</a></li>')


def work_links_slot(request):
    """Moderation's and Redaktion's tools with what waits in each: the counts change without a
    new content generation, so the slot "work_links" fills them on every request."""
    links = links_for(request.user, prefetched(request))
    if not links:  # most readers
        return ""
    out = []
    for entry in links:
        count = entry["count"]
        badge = (f' <span class="badge">{count}<span class="visually-hidden"> {e(_("offen"))}</span></span>'
                 if count else "")
        out.append(f'<li><a href="{e(link(entry["url_name"]))}"{_current(request, entry["url_name"])}>'
                   f'{e(_(entry["label"]))}{badge}</a></li>')
    return "".join(out)


def slot_reads(user_id):
    """The cache keys the two slots read (kochbuch.fragments.register_slot)."""
    return [unread_key(user_id), WORK_KEY]


def _current(request, url_name):
    current = getattr(getattr(request, "resolver_match", None), "url_name", "")
    return ' aria-current="page"' if current == url_name else ""


@register.simple_tag(takes_context=True)
def news_link(context):
    return personal(context.get("request"), "news_link")


@register.simple_tag(takes_context=True)
def work_links(context):
    """Moderation's and Redaktion's tools in the header, with what waits in each."""
    return personal(context.get("request"), "work_links")


@register.inclusion_tag("inbox/_contributions.html", takes_context=True)
def contributions(context, person):
    request = context.get("request")
    own = request is not None and request.user.is_authenticated and request.user.pk == person.pk
    counts = counts_of(person)
    if not counts.shown and not own:
        return {"hidden": True}
    found = contributions_of(person, counts)
    edits = [{"version": version, "slug": version.recipe_slug} for version in found.latest_edits]
    return {"hidden": False, "own_hidden": not counts.shown, "found": found, "edits": edits}

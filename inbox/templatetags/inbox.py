"""``{% news_link %}`` and ``{% work_links %}`` for the header (counts from the cache; personal
places, kochbuch/fragments.py) and ``{% contributions person %}`` for the public profile."""

from django import template
from django.template.loader import render_to_string

from inbox.contributions import contributions_of, counts_of
from inbox.services import unread_count
from inbox.work import work_links as links_for
from kochbuch.fragments import personal

register = template.Library()


def news_link_slot(request):
    """"Neuigkeiten" with the reader's unread count: personal, so the slot "news_link"
    (kochbuch/fragments.py, registered in InboxConfig.ready), filled on every request."""
    user = request.user
    if not user.is_authenticated:
        return ""
    return render_to_string("inbox/_news_link.html", {
        "show": True, "unread": unread_count(user),
        "current": getattr(request.resolver_match, "url_name", "") == "news"})


def work_links_slot(request):
    """Moderation's and Redaktion's tools with what waits in each: the counts change without a
    new content generation, so the slot "work_links" fills them on every request."""
    links = links_for(request.user)
    if not links:  # most readers: no template to render
        return ""
    current = getattr(getattr(request, "resolver_match", None), "url_name", "")
    return render_to_string("inbox/_work_links.html", {"links": links, "current": current})


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

"""``{% news_link %}`` and ``{% work_links %}`` for the header (counts from the cache) and
``{% contributions person %}`` for the public profile."""

from django import template

from inbox.contributions import contributions_of, counts_of
from inbox.services import unread_count
from inbox.work import work_links as links_for

register = template.Library()


@register.inclusion_tag("inbox/_news_link.html", takes_context=True)
def news_link(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "unread": unread_count(user),
            "current": getattr(request.resolver_match, "url_name", "") == "news"}


@register.inclusion_tag("inbox/_work_links.html", takes_context=True)
def work_links(context):
    """Moderation's and Redaktion's tools in the header, with what waits in each."""
    request = context.get("request")
    user = getattr(request, "user", None)
    current = getattr(getattr(request, "resolver_match", None), "url_name", "")
    return {"links": links_for(user) if user is not None else [], "current": current}


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

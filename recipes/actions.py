"""The buttons under a recipe's or chapter's title: personal, so filled on every request.

Registered as the slot "reader_actions" (kochbuch/fragments.py) in RecipesConfig.ready: a page
shared by everyone with the same rights still shows each reader whether they watch it.
"""

from django.template.loader import render_to_string

from accounts.roles import perm
from recipes.models import Watch


def reader_actions(user, *, kind: str, pk: int) -> dict:
    """What the signed-in person may do on the page of recipe or chapter ``pk`` (``kind``).

    Whether they watch it is personal: this runs for every request (the slot "reader_actions",
    kochbuch/fragments.py), one query, also when the rest of the page comes from the cache.
    """
    if not user.is_authenticated:
        return {}
    return {
        "can_edit": kind == "recipe" and user.has_perm(perm("edit")),
        "can_propose": user.has_perm(perm("propose")),
        "can_watch": user.has_perm(perm("comment")),
        "watching": Watch.objects.filter(user=user, **{kind: pk}).exists(),
    }


def reader_actions_slot(request, *, kind, pk, slug):
    """The buttons under a recipe's or chapter's title (Bearbeiten, vorschlagen, beobachten)."""
    if not request.user.is_authenticated:
        return ""
    return render_to_string("recipes/_actions.html", {
        "actions": reader_actions(request.user, kind=kind, pk=pk), "kind": kind, "slug": slug,
    }, request=request)

"""The buttons under a recipe's or chapter's title (Bearbeiten, vorschlagen, beobachten).

Which buttons a reader gets depends on their rights only, so they are part of the page shared by
everyone with the same rights (kochbuch/fragments.py). Whether the reader watches the page is
theirs: the watch button is the slot "watch_button" (registered in RecipesConfig.ready), filled on
every request with one query.
"""

from django.utils.html import format_html
from django.utils.translation import gettext as _

from accounts.roles import perm
from recipes.models import Watch


def reader_actions(user, *, kind: str) -> dict:
    """What the signed-in person may do on the page of a recipe or chapter (``kind``)."""
    if not user.is_authenticated:
        return {}
    return {
        "can_edit": kind == "recipe" and user.has_perm(perm("edit")),
        "can_propose": user.has_perm(perm("propose")),
        "can_watch": user.has_perm(perm("comment")),
    }


def watch_button(request, *, kind, pk):
    """The button of the watch form, saying whether the reader watches recipe or chapter ``pk``."""
    watching = Watch.objects.filter(user=request.user, **{kind: pk}).exists()
    return format_html(
        '<button type="submit" class="button button--small button--ghost" aria-pressed="{}">{}</button>',
        "true" if watching else "false", _("Nicht mehr beobachten") if watching else _("Beobachten"))

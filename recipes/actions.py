"""The buttons under a recipe's or chapter's title (Bearbeiten, vorschlagen, beobachten).

Which buttons a reader gets depends on their rights only, so they are part of the page shared by
everyone with the same rights (kochbuch/fragments.py). Whether the reader watches the page is
theirs: the watch button is the slot "watch_button" (registered in RecipesConfig.ready), filled on
every request from the reader's cached set of watched pages (one cache read), which every
change of their watches drops (``watches_changed``, connected in RecipesConfig.ready).
"""

from django.core.cache import cache
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext as _

from accounts.roles import perm
from kochbuch.fragments import prefetched
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


WATCHES_TTL = 3600  # seconds; a safety net, invalidation is explicit


def _watches_key(user_id):
    return f"watches:{user_id}"


def watch_button_reads(user_id):
    """The cache key the watch button reads (kochbuch.fragments.register_slot)."""
    return [_watches_key(user_id)]


def watched_pages(user_id, known=None) -> frozenset:
    """{("recipe", id), ("chapter", id)} that the person watches. ``known``: cache values
    already read for this request (kochbuch.fragments.prefetched)."""
    key = _watches_key(user_id)
    pages = known.get(key) if known else None
    if pages is None:
        pages = cache.get(key)
    if pages is None:
        pages = frozenset(("recipe", recipe) if recipe else ("chapter", chapter) for recipe, chapter
                          in Watch.objects.filter(user_id=user_id).values_list("recipe_id", "chapter_id"))
        cache.set(key, pages, WATCHES_TTL)
    return pages


def watches_changed(sender, instance, **signal_arguments):
    """Forget the person's watched pages now and after commit (a request in between may have
    put the old set back)."""
    key = _watches_key(instance.user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def watch_button(request, *, kind, pk):
    """The button of the watch form, saying whether the reader watches recipe or chapter ``pk``."""
    watching = (kind, pk) in watched_pages(request.user.pk, prefetched(request))
    return format_html(
        '<button type="submit" class="button button--small button--ghost" aria-pressed="{}">{}</button>',
        "true" if watching else "false", _("Nicht mehr beobachten") if watching else _("Beobachten"))

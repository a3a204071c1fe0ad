"""``{% my_pending_proposals recipe %}``: the signed-in author's waiting proposals for a recipe.

Readers keep seeing the current version while a proposal waits; only its author gets a note.
It is personal, so it is the slot "pending_proposals" (kochbuch/fragments.py, registered in
ProposalsConfig.ready): filled on every request, also when the rest of the page is shared.
No query for anonymous readers; for signed-in ones the author's waiting proposals come from the
cache, which every save or delete of one of their proposals drops.
"""

from django import template
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string

from kochbuch.fragments import personal, prefetched
from proposals.models import EditProposal

register = template.Library()


WAITING_TTL = 3600  # seconds; a safety net, invalidation is explicit


def _waiting_key(user_id):
    return f"proposals:waiting:{user_id}"


def pending_note_reads(user_id):
    """The cache key the note reads (kochbuch.fragments.register_slot)."""
    return [_waiting_key(user_id)]


def waiting_of(user_id, known=None) -> list[dict]:
    """The person's waiting proposals (usually none), from the cache. ``known``: cache values
    already read for this request (kochbuch.fragments.prefetched)."""
    key = _waiting_key(user_id)
    waiting = known.get(key) if known else None
    if waiting is None:
        waiting = cache.get(key)
    if waiting is None:
        waiting = [
            {"pk": proposal.pk, "recipe_id": proposal.recipe_id, "status": proposal.status,
             "created_at": proposal.created_at, "get_absolute_url": proposal.get_absolute_url()}
            for proposal in EditProposal.objects.waiting().filter(author_id=user_id)
            .only("pk", "recipe_id", "status", "created_at").order_by("created_at")
        ]
        cache.set(key, waiting, WAITING_TTL)
    return waiting


def waiting_changed(sender, instance, **signal_arguments):
    """Forget the author's waiting proposals now and after commit (connected to every save and
    delete of a proposal in ProposalsConfig.ready)."""
    key = _waiting_key(instance.author_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def pending_note(request, *, recipe):
    """The note for the person of ``request`` about their waiting proposals on recipe ``recipe`` (id)."""
    user = request.user
    if not user.is_authenticated:
        return ""
    pending = [proposal for proposal in waiting_of(user.pk, prefetched(request)) if proposal["recipe_id"] == recipe]
    if not pending:
        return ""
    return render_to_string("proposals/_pending_note.html", {"pending": pending}, request=request)


@register.simple_tag(takes_context=True)
def my_pending_proposals(context, recipe):
    return personal(context.get("request"), "pending_proposals", recipe=recipe.pk)

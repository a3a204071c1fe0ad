"""``{% my_pending_proposals recipe %}``: the signed-in author's waiting proposals for a recipe.

Readers keep seeing the current version while a proposal waits; only its author gets a note.
It is personal, so it is the slot "pending_proposals" (kochbuch/fragments.py, registered in
ProposalsConfig.ready): filled on every request, also when the rest of the page is shared.
No query for anonymous readers, one for signed-in ones.
"""

from django import template
from django.template.loader import render_to_string

from kochbuch.fragments import personal
from proposals.models import EditProposal

register = template.Library()


def pending_note(request, *, recipe):
    """The note for the person of ``request`` about their waiting proposals on recipe ``recipe`` (id)."""
    user = request.user
    if not user.is_authenticated:
        return ""
    pending = list(
        EditProposal.objects.waiting().filter(author=user, recipe_id=recipe)
        .only("pk", "status", "created_at").order_by("created_at")
    )
    if not pending:
        return ""
    return render_to_string("proposals/_pending_note.html", {"pending": pending}, request=request)


@register.simple_tag(takes_context=True)
def my_pending_proposals(context, recipe):
    return personal(context.get("request"), "pending_proposals", recipe=recipe.pk)

"""``{% my_pending_proposals recipe %}``: the signed-in author's waiting proposals for a recipe.

Readers keep seeing the current version while a proposal waits; only its author gets a note.
No query for anonymous readers, one for signed-in ones.
"""

from django import template

from proposals.models import EditProposal

register = template.Library()


@register.inclusion_tag("proposals/_pending_note.html", takes_context=True)
def my_pending_proposals(context, recipe):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"pending": []}
    pending = (
        EditProposal.objects.waiting().filter(author=user, recipe=recipe)
        .only("pk", "status", "created_at").order_by("created_at")
    )
    return {"pending": list(pending)}

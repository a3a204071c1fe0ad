"""``{% review_status recipe %}``: "Geprüft am … von …" on the recipe page, with notices when the
review is overdue or the text changed since; from the cache, so no query once seen."""

from django import template
from django.utils import timezone

from reviews.services import may_review, status_for

register = template.Library()


@register.inclusion_tag("reviews/_status.html", takes_context=True)
def review_status(context, recipe):
    request = context.get("request")
    status = status_for(recipe)
    return {
        "recipe": recipe,
        "status": status,
        "overdue": status is not None and status["next_due"] <= timezone.localdate(),
        "can_review": may_review(getattr(request, "user", None)),
    }

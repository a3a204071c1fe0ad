"""``{% review_status recipe %}``: "Geprüft am … von …" on the recipe page, with notices when the
review is overdue or the text changed since; from the cache, so no query once seen."""

from django import template
from django.core.cache import cache
from django.utils import timezone

from reviews.services import may_review, review_at, status_for

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


@register.inclusion_tag("reviews/_edition_status.html")
def review_status_in_edition(edition, recipe):
    """The review state of a recipe as an edition holds it. Reviews before the edition's
    publication never change, so it is cached (a day, for the reviewer's name)."""
    key = f"reviews:edition:{edition.pk}:{recipe.object_id}"
    data = cache.get(key)
    if data is None:
        review = review_at(recipe_id=recipe.object_id, moment=edition.created_at)
        data = {"review": None} if review is None else {"review": {
            "reviewed_at": review.reviewed_at, "version_id": review.version_id,
            "reviewer": str(review.reviewer.public_name) if review.reviewer else "",
            "overdue": review.next_due <= edition.created_at.date(),
        }}
        cache.set(key, data, 24 * 3600)
    review = data["review"]
    return {"review": review, "same_version": review is not None and review["version_id"] == recipe.version_id}

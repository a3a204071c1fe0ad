"""What reviews holds about a person, for the data export and the deletion of an account
(``accounts.privacy``; connected in ReviewsConfig.ready).

A review is part of a recipe's state ("Geprüft am … von …") and stays when the account is
deleted, shown as "gelöschtes Konto" like comments and versions. Being the one reminded of
the next review is not: that duty goes back to the Redaktion.
"""

from django.db.models import Q

from accounts.privacy import iso
from reviews.models import Review


def reviews_of(user) -> list[dict]:
    """The reviews the person recorded and those whose next review they are reminded of."""
    reviews = (Review.objects.filter(Q(reviewer=user) | Q(assignee=user))
               .select_related("recipe").order_by("reviewed_at", "pk"))
    return [
        {"rezept": f"{review.recipe.number} {review.recipe.title}",
         "geprueft_am": iso(review.reviewed_at) if review.reviewer_id == user.pk else None,
         "vermerk": review.note if review.reviewer_id == user.pk else "",
         "naechste_pruefung": review.next_due.isoformat(),
         "zustaendig_fuer_naechste_pruefung": review.assignee_id == user.pk,
         "aktuell": review.is_current}
        for review in reviews
    ]


def reviews_unassign(*, user, **signal_arguments) -> None:
    # Nobody assigned: reminders_send writes to the Redaktion.
    Review.objects.filter(assignee=user).update(assignee=None)

"""Recording reviews and reminding people when the next one falls due."""

import calendar
import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.roles import REDAKTION, perm
from kochbuch.notifications import notify
from kochbuch.pagecache import content_changed
from recipes.models import Recipe
from recipes.versions import latest_version_id
from reviews.models import NOTE_MAX_LENGTH, ChapterReviewInterval, Review, ReviewReminder

GENERATION_KEY = "reviews:generation"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def interval_months(chapter) -> int:
    months = ChapterReviewInterval.objects.filter(chapter=chapter).values_list("months", flat=True).first()
    return months or getattr(settings, "REVIEWS_DEFAULT_MONTHS", 12)


def generation() -> int:
    """Bumped by every review, so cached review notes on recipe pages are renewed."""
    return cache.get_or_set(GENERATION_KEY, 1, None)


def _bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def may_review(user) -> bool:
    return user is not None and user.is_authenticated and user.has_perm(perm("review"))


@transaction.atomic
def review_record(*, recipe: Recipe, reviewer, note: str = "", next_due: datetime.date | None = None,
                  assignee=None) -> Review:
    """Mark the recipe's newest version "fachlich geprüft" by ``reviewer`` (Moderation/Redaktion).

    ``next_due`` defaults to today plus the chapter's interval; ``assignee`` (who is reminded
    then) defaults to the reviewer.
    """
    if not may_review(reviewer):
        raise PermissionDenied("Fachlich prüfen dürfen Moderation und Redaktion.")
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": f"Höchstens {NOTE_MAX_LENGTH} Zeichen."})
    today = timezone.localdate()
    if next_due is None:
        next_due = add_months(today, interval_months(recipe.chapter))
    if next_due <= today:
        raise ValidationError({"next_due": "Die nächste Prüfung muss in der Zukunft liegen."})
    if assignee is not None and not may_review(assignee):
        raise ValidationError({"assignee": "Zuständig sein können nur Moderation und Redaktion."})
    locked = Recipe.objects.select_for_update().get(pk=recipe.pk)
    Review.objects.filter(recipe=locked, is_current=True).update(is_current=False)
    review = Review.objects.create(
        recipe=locked, version_id=latest_version_id(locked), reviewer=reviewer, note=note,
        next_due=next_due, assignee=assignee or reviewer,
    )
    transaction.on_commit(_bump)
    transaction.on_commit(content_changed)
    return review


def _redaktion():
    return list(get_user_model().objects.filter(groups__name=REDAKTION, is_active=True).distinct())


def _recipients(review):
    person = review.assignee or review.reviewer
    if person is not None and person.is_active and person.email and may_review(person):
        return [person]
    return _redaktion()


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind whoever is responsible of every review that has fallen due; returns how many.

    Each reminder is recorded before its mail goes out (after commit), under a unique
    constraint: running this twice, or on two servers at once, never sends one twice.
    """
    today = today or timezone.localdate()
    due = (
        Review.objects.current().filter(next_due__lte=today)
        .exclude(reminders__kind=ReviewReminder.Kind.DUE)
        .select_related("recipe", "reviewer", "assignee")
    )
    sent = 0
    for review in due:
        recipients = _recipients(review)
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(
                    review=review, kind=ReviewReminder.Kind.DUE,
                    recipients=", ".join(person.email for person in recipients),
                )
                notify(
                    recipients=recipients,
                    subject=f"Fachliche Prüfung fällig: {review.recipe.number} {review.recipe.title}",
                    template="review_due.txt",
                    context={"review": review, "recipe": review.recipe, "today": today},
                )
        except IntegrityError:  # reminded meanwhile by another run
            continue
        sent += 1
    if sent:
        # Anonymous readers get whole cached pages: the "fällig" note must appear on them too.
        transaction.on_commit(content_changed)
    return sent


def status_for(recipe) -> dict | None:
    """What the recipe page says about the review: cached per recipe version and review."""
    key = f"reviews:status:{recipe.pk}:{recipe.updated_at.timestamp()}:{generation()}"
    data = cache.get(key)
    if data is None:
        review = (Review.objects.current().filter(recipe=recipe).select_related("reviewer")
                  .only("reviewed_at", "next_due", "version_id", "note", "reviewer__display_name",
                        "reviewer__id").first())
        if review is None:
            data = {"review": None}
        else:
            latest = latest_version_id(recipe)
            data = {"review": {
                "reviewed_at": review.reviewed_at, "next_due": review.next_due,
                "reviewer": str(review.reviewer.public_name) if review.reviewer else "",
                "reviewer_url": review.reviewer.get_absolute_url() if review.reviewer else "",
                "version_id": review.version_id, "latest_version_id": latest,
                "changed": latest != review.version_id,
            }}
        cache.set(key, data, 600)
    return data["review"]




def review_at(*, recipe_id: int, moment) -> Review | None:
    """The review a recipe stood under at ``moment`` (an edition's publication): reviews are
    never changed or deleted, so the newest one before that moment is exactly the state then."""
    return (Review.objects.filter(recipe_id=recipe_id, reviewed_at__lte=moment)
            .select_related("reviewer").order_by("-reviewed_at", "-pk").first())

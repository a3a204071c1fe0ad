from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recipes.models import Chapter, Recipe

NOTE_MAX_LENGTH = 1000


class ChapterReviewInterval(models.Model):
    """How often the recipes of a chapter are to be checked; without a row, the default
    (``REVIEWS_DEFAULT_MONTHS``, 12 months)."""

    chapter = models.OneToOneField(Chapter, on_delete=models.CASCADE, primary_key=True,
                                   related_name="review_interval", verbose_name=_("Kapitel"))
    months = models.PositiveSmallIntegerField(
        _("Prüfintervall in Monaten"), default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    class Meta:
        verbose_name = _("Prüfintervall eines Kapitels")
        verbose_name_plural = _("Prüfintervalle der Kapitel")

    def __str__(self):
        return f"{self.chapter}: {self.months} Monate"


class ReviewQuerySet(models.QuerySet):
    def current(self):
        """The newest review of each recipe: the state the recipe is in."""
        return self.filter(is_current=True)


class Review(models.Model):
    """Moderation or Redaktion confirm that a version of a recipe is right ("fachlich geprüft")."""

    recipe = models.ForeignKey(Recipe, on_delete=models.CASCADE, related_name="reviews",
                               verbose_name=_("Rezept"))
    # The reversion Version that was checked: "changed since the review" compares with it.
    version_id = models.IntegerField(_("geprüfte Fassung"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="reviews", verbose_name=_("geprüft von"))
    reviewed_at = models.DateTimeField(_("geprüft am"), default=timezone.now)
    note = models.TextField(_("Vermerk"), max_length=NOTE_MAX_LENGTH, blank=True)
    next_due = models.DateField(_("nächste Prüfung fällig am"))
    # Who is reminded when the next review falls due; nobody: the Redaktion.
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("zuständig für die nächste Prüfung"))
    is_current = models.BooleanField(default=True, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipe"], condition=models.Q(is_current=True),
                                    name="review_one_current_per_recipe"),
        ]
        indexes = [models.Index(fields=["is_current", "next_due"])]
        verbose_name = _("fachliche Prüfung")
        verbose_name_plural = _("fachliche Prüfungen")

    def __str__(self):
        return f"{self.recipe} geprüft am {self.reviewed_at:%d.%m.%Y}"

    def is_overdue(self, today=None):
        return self.next_due < (today or timezone.localdate())


class ReviewReminder(models.Model):
    """A reminder that was sent: one per review and kind, so nobody is reminded twice."""

    class Kind(models.TextChoices):
        DUE = "due", _("fällig")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DUE)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "kind"], name="review_reminder_once"),
        ]
        verbose_name = _("Prüferinnerung")
        verbose_name_plural = _("Prüferinnerungen")

    def __str__(self):
        return f"Erinnerung {self.get_kind_display()} für {self.review_id}"

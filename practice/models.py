"""Erfahrungsberichte ("Nachgekocht"): a Kommune reports how it put a recipe into practice.

A report is moderated like a comment (readers report it, the Moderation hides it with a reason,
every act is logged: the flag and the log are built on kochbuch.moderation, as the comments'
are) and versioned like a recipe (django-reversion, one revision per edit).
"""

import reversion
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import perm
from kochbuch.links import link
from kochbuch.moderation import Flag, ModerationLogEntry
from kommunen.models import Kommune
from recipes.models import Recipe

# Population bands of the map's "Größe" filter: (key, label, lower bound, upper bound).
SIZES = [
    ("klein", _("unter 20.000 Einwohner"), 0, 20_000),
    ("mittel", _("20.000 bis 100.000"), 20_000, 100_000),
    ("gross", _("100.000 bis 500.000"), 100_000, 500_000),
    ("sehr-gross", _("über 500.000"), 500_000, None),
]


class PracticeReportQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(moderation=PracticeReport.Moderation.VISIBLE)

    def for_listing(self):
        """What a list or map of reports shows, in one query."""
        return self.select_related("kommune", "recipe", "recipe__chapter", "author")


class PracticeReport(models.Model):
    class Status(models.TextChoices):
        GEPLANT = "geplant", _("geplant")
        IN_UMSETZUNG = "in_umsetzung", _("in Umsetzung")
        UMGESETZT = "umgesetzt", _("umgesetzt")
        AUFGEGEBEN = "aufgegeben", _("aufgegeben")

    class Moderation(models.TextChoices):
        VISIBLE = "visible", _("sichtbar")
        HIDDEN = "hidden", _("ausgeblendet")

    recipe = models.ForeignKey(Recipe, on_delete=models.CASCADE, related_name="practice_reports",
                               verbose_name=_("Rezept"))
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="practice_reports",
                                verbose_name=_("Kommune"))
    # An account deleted under the DSGVO leaves its reports without a name.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="practice_reports", verbose_name=_("Verfasst von"))
    status = models.CharField(_("Stand"), max_length=14, choices=Status.choices, default=Status.GEPLANT)
    since = models.DateField(_("seit"), null=True, blank=True)
    adaptations = models.TextField(_("Was wir angepasst haben"), blank=True)
    results = models.TextField(_("Ergebnisse"), blank=True)
    figures = models.TextField(_("Kennzahlen"), blank=True)
    lessons = models.TextField(_("Was wir gelernt haben"), blank=True)
    links = models.TextField(_("Links"), blank=True)
    contact = models.CharField(_("Kontakt"), max_length=200, blank=True)
    show_contact = models.BooleanField(_("Kontakt öffentlich zeigen"), default=False)
    moderation = models.CharField(_("Moderation"), max_length=10, choices=Moderation.choices,
                                  default=Moderation.VISIBLE)
    hidden_reason = models.TextField(_("Grund für das Ausblenden"), blank=True)
    created_at = models.DateTimeField(_("geschrieben am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), default=timezone.now)

    objects = PracticeReportQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["recipe", "moderation"], name="practice_recipe_moderation"),
            models.Index(fields=["kommune", "moderation"], name="practice_kommune_moderation"),
        ]
        verbose_name = _("Erfahrungsbericht")
        verbose_name_plural = _("Erfahrungsberichte")

    def __str__(self):
        return f"{self.kommune.name}: {self.recipe.number} {self.recipe.title}"

    def get_absolute_url(self):
        return link("practice_report", self.pk)

    @property
    def is_visible(self):
        return self.moderation == self.Moderation.VISIBLE

    @property
    def author_name(self):
        return self.author.public_name if self.author_id else _("gelöschtes Konto")

    @property
    def link_list(self):
        """The links, one per line; only http(s) addresses are kept (the form checks them)."""
        return [line.strip() for line in self.links.splitlines()
                if line.strip().startswith(("https://", "http://"))]

    @property
    def public_contact(self):
        return self.contact if self.show_contact else ""

    def can_be_edited_by(self, user):
        if not user.is_authenticated:
            return False
        if user.has_perm(perm("moderate")):
            return True
        return user.pk == self.author_id and self.is_visible and user.has_perm(perm("comment"))


# What a version keeps: the report's content, not its moderation state, and not the contact:
# a person's telephone number must not outlive its withdrawal (or the account) in the history.
REPORT_VERSION_FIELDS = ["recipe", "kommune", "status", "since", "adaptations", "results", "figures",
                         "lessons", "links"]
reversion.register(PracticeReport, fields=REPORT_VERSION_FIELDS)


class PracticeFlag(Flag):
    """A reader tells the moderators that a report breaks the rules, and why."""

    content_field = "report"

    report = models.ForeignKey(PracticeReport, on_delete=models.CASCADE, related_name="flags")

    class Meta(Flag.Meta):
        constraints = [
            models.UniqueConstraint(fields=["report", "reporter"], condition=models.Q(status="open"),
                                    name="practice_flag_one_open_per_person"),
        ]
        verbose_name = _("Meldung zu einem Erfahrungsbericht")
        verbose_name_plural = _("Meldungen zu Erfahrungsberichten")


class PracticeModerationEvent(ModerationLogEntry):
    """The log of every moderation act on a report: who, what, when and why."""

    class Action(models.TextChoices):
        HIDE = "hide", _("ausgeblendet")
        RESTORE = "restore", _("wiederhergestellt")
        DISMISS = "dismiss", _("Meldung verworfen")
        EDIT = "edit", _("durch die Moderation bearbeitet")

    content_field, flag_field = "report", "flag"

    report = models.ForeignKey(PracticeReport, on_delete=models.CASCADE, related_name="moderation_events")
    flag = models.ForeignKey(PracticeFlag, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("Handlung"), max_length=10, choices=Action.choices)

    class Meta(ModerationLogEntry.Meta):
        verbose_name = _("Moderationsvorgang (Erfahrungsbericht)")
        verbose_name_plural = _("Moderationsvorgänge (Erfahrungsberichte)")

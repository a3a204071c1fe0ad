"""What the moderation of readers' content shares, whatever the content: a comment, a report.

Readers flag content they find against the rules ("Meldung"), the Moderation acts on it (hides,
restores, dismisses a flag …) and every act is written to a log. The apps keep their own
models (their own tables, content and actions) built on the two abstract models here, and their
own services (what hiding means for a comment differs from a report); what is the same rule
everywhere lives here once: a flag's three states and one open flag per person, how a flag is
closed, how the log is written, how long a reason may be and how often someone may flag.

A subclass names its content and flag fields (``content_field``, ``flag_field``), since the
words differ per app: in comments the flag is a "report", in practice the report is the content.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kochbuch import ratelimit

MAX_REASON = 1000


class FlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=self.model.Status.OPEN)


class Flag(models.Model):
    """A reader tells the moderators that some content breaks the rules, and why."""

    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        DISMISSED = "dismissed", _("verworfen")
        ACTIONED = "actioned", _("erledigt")

    content_field = None  # the name of the subclass's foreign key to the flagged content

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("gemeldet von"),
    )
    reason = models.TextField(_("Grund"))
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("gemeldet am"), auto_now_add=True)
    closed_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("bearbeitet von"),
    )

    objects = FlagQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{getattr(self, f'{self.content_field}_id')}: {self.reason[:60]}"

    @classmethod
    def close_open(cls, content, *, actor, status):
        """Every open flag on ``content`` counts as dealt with (the content was hidden or deleted)."""
        cls.objects.open().filter(**{cls.content_field: content}).update(
            status=status, closed_at=timezone.now(), closed_by=actor,
        )

    def close(self, *, actor, status):
        self.status, self.closed_at, self.closed_by = status, timezone.now(), actor
        self.save(update_fields=["status", "closed_at", "closed_by"])


class ModerationLogEntry(models.Model):
    """One moderation act: who did what to which content, when and why.

    A subclass adds its content and flag foreign keys and its ``action`` field with its own
    ``Action`` choices (what can be done to a comment differs from a report).
    """

    content_field = None
    flag_field = None

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("durch"),
    )
    reason = models.TextField(_("Begründung"), blank=True)
    created_at = models.DateTimeField(_("am"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({getattr(self, f'{self.content_field}_id')})"

    @property
    def actor_name(self):
        return self.actor.public_name if self.actor_id else _("gelöschtes Konto")

    @classmethod
    def record(cls, content, actor, action, *, reason="", flag=None, **extra):
        """Write one act to the log (inside the service's transaction)."""
        return cls.objects.create(**{cls.content_field: content, cls.flag_field: flag}, actor=actor,
                                  action=action, reason=reason, **extra)


def clean_reason(reason: str, *, required: bool) -> str:
    """A moderator's or reader's reason, stripped; required for what readers will see."""
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError({"reason": gettext("Bitte geben Sie einen Grund an.")})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": gettext("Der Grund darf höchstens %(limit)s Zeichen lang sein.")
                               % {"limit": MAX_REASON}})
    return reason


def throttle(scope: str, user, rate: str, message: str):
    """Refuse when ``user`` did ``scope`` more often than ``rate`` ("10/h") allows.

    ``message`` names the wait as ``%(minutes)s``; the error's code "rate_limited" makes the
    views and the API answer 429.
    """
    limit, period = ratelimit.parse_rate(rate)
    if not ratelimit.hit(f"{scope}:{user.pk}", limit=limit, period=period):
        raise ValidationError(message % {"minutes": max(1, period // 60)}, code="rate_limited")


def flag_create(flag_model, *, content, reporter, reason: str, scope: str, already: str):
    """A reader's flag on ``content`` (locked by the caller, its own rules checked): refused
    when the reader's flag on it is still open or the reader flags too often."""
    if flag_model.objects.open().filter(**{flag_model.content_field: content}, reporter=reporter).exists():
        raise ValidationError(already)
    throttle(scope, reporter, settings.COMMENTS_REPORT_RATE_LIMIT, gettext(
        "Sie haben in kurzer Zeit sehr viele Meldungen abgegeben. Bitte warten Sie etwas "
        "(höchstens %(minutes)s Minuten)."
    ))
    return flag_model.objects.create(**{flag_model.content_field: content}, reporter=reporter, reason=reason)


def flag_dismiss(flag_model, log_model, *, flag, moderator, reason: str = ""):
    """A moderator finds a flag unfounded; the content stays as it is, the log says so."""
    reason = clean_reason(reason, required=False)
    flag = flag_model.objects.select_for_update().get(pk=flag.pk)
    if flag.status != flag_model.Status.OPEN:
        raise ValidationError(gettext("Diese Meldung ist bereits bearbeitet."))
    flag.close(actor=moderator, status=flag_model.Status.DISMISSED)
    log_model.record(getattr(flag, flag_model.content_field), moderator, log_model.Action.DISMISS,
                     reason=reason, flag=flag)
    return flag

"""Every change to Erfahrungsberichte goes through here: writing, editing, reporting, moderating.

As in comments.services: each function runs in one transaction, checks the actor's right itself
and refuses illegal moves with ``PermissionDenied`` or ``ValidationError`` (German messages the
views show as they are); every moderation act leaves a ``PracticeModerationEvent``; every change
readers can see calls ``content_changed()`` so no cached page shows an old state. The report's
text is versioned with django-reversion, one revision per write, like recipes. Flags, the log,
reasons and rate limits follow the rules shared with comments (``kochbuch.moderation``).
"""

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import perm, require, require_moderator
from kochbuch import moderation
from kochbuch.moderation import clean_reason, throttle
from kochbuch.notifications import notify
from kochbuch.pagecache import content_changed
from practice.models import PracticeFlag, PracticeModerationEvent, PracticeReport
from practice.signals import report_changed
from recipes.models import Recipe, Watch

CONTENT_FIELDS = ["status", "since", "adaptations", "results", "figures", "lessons", "links",
                  "contact", "show_contact"]


def _locked(report: PracticeReport) -> PracticeReport:
    return (PracticeReport.objects.select_for_update(of=("self",))
            .select_related("author", "recipe", "kommune").get(pk=report.pk))


def _revision(user, comment: str):
    reversion.set_user(user)
    reversion.set_comment(comment)


def _announce(report: PracticeReport):
    """Tell everyone watching the recipe (or its chapter) that a Kommune reported on it."""
    watchers = [watch.user for watch in Watch.objects.of_recipe(report.recipe)
                .filter(user__is_active=True).select_related("user")]
    label = f"{report.recipe.number} {report.recipe.title}"
    notify(recipients=watchers, template="practice_report_new.txt",
           subject=_("Nachgekocht: %(kommune)s berichtet zu %(recipe)s")
           % {"kommune": report.kommune.name, "recipe": label},
           context={"report": report, "recipe_label": label, "url": report.get_absolute_url()},
           exclude=[report.author])


@transaction.atomic
def report_create(*, author, recipe: Recipe, **content) -> PracticeReport:
    """A Mitwirkende reports for their own Kommune (the one in their profile) on a recipe."""
    require(author, "comment", _("Für einen Erfahrungsbericht brauchen Sie ein Konto mit bestätigter "
                                  "E-Mail-Adresse."))
    if author.kommune_id is None:
        raise ValidationError(_("Bitte wählen Sie zuerst in Ihrem Profil Ihre Kommune aus."))
    if not author.has_perm(perm("moderate")):
        throttle("practice", author, settings.PRACTICE_RATE_LIMIT, _(
            "Sie haben in kurzer Zeit sehr viele Berichte geschrieben. Bitte warten Sie etwas "
            "(höchstens %(minutes)s Minuten)."))
    now = timezone.now()
    with reversion.create_revision():
        _revision(author, _("Erfahrungsbericht angelegt"))
        report = PracticeReport.objects.create(
            recipe=recipe, kommune_id=author.kommune_id, author=author, created_at=now, updated_at=now,
            **{field: content[field] for field in CONTENT_FIELDS if field in content},
        )
    report_changed.send(sender=PracticeReport, report=report)
    content_changed()
    _announce(report)
    return report


@transaction.atomic
def report_edit(*, report: PracticeReport, user, **content) -> PracticeReport:
    """Its author or the Moderation changes a report; the earlier text stays as a version."""
    report = _locked(report)
    if not report.can_be_edited_by(user):
        raise PermissionDenied(_("Diesen Bericht können nur seine Verfasserin oder sein Verfasser und "
                                 "die Moderation bearbeiten."))
    changed = [field for field in CONTENT_FIELDS if field in content and content[field] != getattr(report, field)]
    if not changed:
        return report
    for field in changed:
        setattr(report, field, content[field])
    report.updated_at = timezone.now()
    by_moderation = user.pk != report.author_id
    with reversion.create_revision():
        _revision(user, _("Von der Moderation bearbeitet") if by_moderation else _("Bearbeitet"))
        report.save(update_fields=[*changed, "updated_at"])
    if by_moderation:
        PracticeModerationEvent.record(report, user, PracticeModerationEvent.Action.EDIT)
    report_changed.send(sender=PracticeReport, report=report)
    content_changed()
    return report


@transaction.atomic
def report_flag(*, report: PracticeReport, reporter, reason: str) -> PracticeFlag:
    """A signed-in reader asks the moderators to look at a report."""
    require(reporter, "comment", _("Zum Melden brauchen Sie ein Konto mit bestätigter E-Mail-Adresse."))
    reason = clean_reason(reason, required=True)
    report = _locked(report)
    if report.author_id == reporter.pk:
        raise ValidationError(_("Ihren eigenen Bericht können Sie bearbeiten."))
    if not report.is_visible:
        raise ValidationError(_("Dieser Bericht ist nicht mehr sichtbar."))
    return moderation.flag_create(
        PracticeFlag, content=report, reporter=reporter, reason=reason, scope="practice-flag",
        already=_("Sie haben diesen Bericht bereits gemeldet; die Moderation prüft ihn."))


@transaction.atomic
def report_hide(*, report: PracticeReport, moderator, reason: str) -> PracticeReport:
    """A moderator hides a report; the reason is shown in its place. Open flags count as done."""
    require_moderator(moderator)
    reason = clean_reason(reason, required=True)
    report = _locked(report)
    if not report.is_visible:
        raise ValidationError(_("Dieser Bericht ist bereits ausgeblendet."))
    report.moderation, report.hidden_reason = PracticeReport.Moderation.HIDDEN, reason
    report.save(update_fields=["moderation", "hidden_reason"])
    PracticeFlag.close_open(report, actor=moderator, status=PracticeFlag.Status.ACTIONED)
    PracticeModerationEvent.record(report, moderator, PracticeModerationEvent.Action.HIDE, reason=reason)
    report_changed.send(sender=PracticeReport, report=report)
    content_changed()
    return report


@transaction.atomic
def report_restore(*, report: PracticeReport, moderator, reason: str = "") -> PracticeReport:
    require_moderator(moderator)
    reason = clean_reason(reason, required=False)
    report = _locked(report)
    if report.is_visible:
        raise ValidationError(_("Nur ausgeblendete Berichte können wiederhergestellt werden."))
    report.moderation, report.hidden_reason = PracticeReport.Moderation.VISIBLE, ""
    report.save(update_fields=["moderation", "hidden_reason"])
    PracticeModerationEvent.record(report, moderator, PracticeModerationEvent.Action.RESTORE, reason=reason)
    report_changed.send(sender=PracticeReport, report=report)
    content_changed()
    return report


@transaction.atomic
def flag_dismiss(*, flag: PracticeFlag, moderator, reason: str = "") -> PracticeFlag:
    """A moderator finds a flag unfounded; the report stays as it is."""
    require_moderator(moderator)
    return moderation.flag_dismiss(PracticeFlag, PracticeModerationEvent, flag=flag, moderator=moderator,
                                   reason=reason)

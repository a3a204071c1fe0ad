"""Writing, reading and moderating Erfahrungsberichte: parse the request, call one service.

Permission checks live in the services; the decorators only send anonymous visitors to the
sign-in page first. A refused form is shown again with everything the person typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from accounts.roles import perm
from practice import services
from practice.forms import ReasonForm, ReportForm
from practice.models import PracticeFlag, PracticeModerationEvent, PracticeReport
from recipes.models import Recipe
from recipes.rendering import render_markdown

moderators_only = permission_required(perm("moderate"), raise_exception=True)
TEXT_FIELDS = ["adaptations", "results", "figures", "lessons"]


def _report(pk, user):
    report = get_object_or_404(PracticeReport.objects.for_listing(), pk=pk)
    if not report.is_visible and not (user.is_authenticated and (
            user.pk == report.author_id or user.has_perm(perm("moderate")))):
        raise Http404
    return report


def _add_error(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def report_create(request, slug):
    recipe = get_object_or_404(Recipe.objects.select_related("chapter"), slug=slug)
    if not request.user.has_perm(perm("comment")):
        raise PermissionDenied(_("Für einen Erfahrungsbericht brauchen Sie ein Konto mit bestätigter "
                                 "E-Mail-Adresse."))
    kommune = request.user.kommune
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and kommune is not None and form.is_valid():
        try:
            report = services.report_create(author=request.user, recipe=recipe, **form.cleaned_data)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Danke! Ihr Erfahrungsbericht ist veröffentlicht."))
            return redirect(report)
    return render(request, "practice/report_form.html", {
        "form": form, "recipe": recipe, "kommune": kommune, "report": None,
    }, status=400 if form.errors else 200)


@login_required
def report_edit(request, pk):
    report = _report(pk, request.user)
    if not report.can_be_edited_by(request.user):
        raise PermissionDenied(_("Diesen Bericht können nur seine Verfasserin oder sein Verfasser und "
                                 "die Moderation bearbeiten."))
    form = ReportForm(request.POST if request.method == "POST" else None, instance=report)
    if request.method == "POST" and form.is_valid():
        content = dict(form.cleaned_data)
        # The form wrote into ``report`` while validating; the service compares with the stored row.
        try:
            services.report_edit(report=PracticeReport.objects.get(pk=report.pk), user=request.user, **content)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Der Bericht ist gespeichert."))
            return redirect(report)
    return render(request, "practice/report_form.html", {
        "form": form, "recipe": report.recipe, "kommune": report.kommune, "report": report,
    }, status=400 if form.errors else 200)


def report_detail(request, pk):
    report = _report(pk, request.user)
    user = request.user
    is_moderator = user.is_authenticated and user.has_perm(perm("moderate"))
    return render(request, "practice/report_detail.html", {
        "report": report,
        "texts": [(PracticeReport._meta.get_field(name).verbose_name,
                   render_markdown(getattr(report, name), profile="comment"))
                  for name in TEXT_FIELDS if getattr(report, name).strip()],
        "can_edit": report.can_be_edited_by(user),
        "can_flag": (user.is_authenticated and user.has_perm(perm("comment"))
                     and user.pk != report.author_id and report.is_visible),
        "is_moderator": is_moderator,
        "versions": (Version.objects.get_for_object(report).select_related("revision__user")
                     .order_by("-revision__date_created")),
        "events": report.moderation_events.select_related("actor") if is_moderator else [],
        "open_flags": (report.flags.filter(status=PracticeFlag.Status.OPEN).select_related("reporter")
                       if is_moderator else []),
    })


@login_required
def report_flag(request, pk):
    report = _report(pk, request.user)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_flag(report=report, reporter=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Danke – die Moderation sieht sich den Bericht an."))
            return redirect(report)
    if not request.user.has_perm(perm("comment")):
        raise PermissionDenied(_("Zum Melden brauchen Sie ein Konto mit bestätigter E-Mail-Adresse."))
    return render(request, "practice/report_act.html", {
        "report": report, "form": form, "title": _("Erfahrungsbericht melden"), "button": _("Meldung senden"),
    }, status=400 if form.errors else 200)


ACTS = {
    "ausblenden": (services.report_hide, True, gettext_lazy("Erfahrungsbericht ausblenden"), gettext_lazy("Ausblenden"),
                   gettext_lazy("Der Bericht ist ausgeblendet.")),
    "wiederherstellen": (services.report_restore, False, gettext_lazy("Erfahrungsbericht wiederherstellen"),
                         gettext_lazy("Wiederherstellen"), gettext_lazy("Der Bericht ist wieder sichtbar.")),
}


@login_required
@moderators_only
def report_moderate(request, pk, act):
    report = _report(pk, request.user)
    service, needs_reason, title, button, done = ACTS[act]
    form = ReasonForm(request.POST if request.method == "POST" else None, required=needs_reason)
    if request.method == "POST" and form.is_valid():
        try:
            service(report=report, moderator=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, done)
            return redirect(report)
    return render(request, "practice/report_act.html", {
        "report": report, "form": form, "title": title, "button": button,
    }, status=400 if form.errors else 200)


@login_required
@moderators_only
def flag_dismiss(request, pk):
    flag = get_object_or_404(PracticeFlag.objects.select_related("report"), pk=pk)
    if request.method != "POST":
        return redirect(flag.report)
    try:
        services.flag_dismiss(flag=flag, moderator=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Meldung ist verworfen."))
    return redirect(flag.report)


@login_required
@moderators_only
def moderation_queue(request):
    """Reports with open flags, hidden reports and the latest acts."""
    flagged = (PracticeReport.objects.filter(flags__status=PracticeFlag.Status.OPEN).distinct()
               .for_listing().order_by("-updated_at"))
    return render(request, "practice/moderation_queue.html", {
        "flagged": flagged,
        "open_flags": PracticeFlag.objects.filter(status=PracticeFlag.Status.OPEN).select_related("reporter"),
        "hidden": PracticeReport.objects.filter(moderation=PracticeReport.Moderation.HIDDEN).for_listing(),
        "events": PracticeModerationEvent.objects.select_related("actor", "report__kommune")[:50],
    })

"""The moderators' side: the queue of reports and held comments, and each moderation act.

Every act is a POST through one service that records a ``ModerationEvent``; its GET shows the
comment with a form for the reason, so the acts work without JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import perm
from comments import services
from comments.forms import ReasonForm
from comments.models import Comment, ModerationEvent, Report
from recipes.rendering import render_markdown

moderators_only = permission_required(perm("moderate"), raise_exception=True)

# name → (service, needs a reason, title of the page, button, message when done)
ACTS = {
    "hide": (services.comment_hide, True, gettext_lazy("Kommentar ausblenden"),
             gettext_lazy("Ausblenden"), gettext_lazy("Der Kommentar ist ausgeblendet.")),
    "restore": (services.comment_restore, False, gettext_lazy("Kommentar wiederherstellen"),
                gettext_lazy("Wiederherstellen"), gettext_lazy("Der Kommentar ist wieder sichtbar.")),
    "approve": (services.comment_approve, None, gettext_lazy("Kommentar freigeben"),
                gettext_lazy("Freigeben"), gettext_lazy("Der Kommentar ist freigegeben.")),
    "resolve": (services.thread_resolve, False, gettext_lazy("Gesprächsfaden als erledigt markieren"),
                gettext_lazy("Als erledigt markieren"), gettext_lazy("Der Gesprächsfaden ist erledigt.")),
    "reopen": (services.thread_reopen, False, gettext_lazy("Gesprächsfaden wieder öffnen"),
               gettext_lazy("Wieder öffnen"), gettext_lazy("Der Gesprächsfaden ist wieder offen.")),
}


def _next_url(request, fallback):
    wanted = request.POST.get("next") or request.GET.get("next")
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return fallback


def _call(act, *, comment, user, reason):
    service, needs_reason = ACTS[act][0], ACTS[act][1]
    actor = {"user": user} if act in ("resolve", "reopen") else {"moderator": user}
    extra = {} if needs_reason is None else {"reason": reason}
    return service(comment=comment, **actor, **extra)


@login_required
@moderators_only
def moderation_act(request, pk, act):
    comment = get_object_or_404(Comment.objects.select_related("author", "recipe", "chapter"), pk=pk)
    _service, needs_reason, title, button, done = ACTS[act]
    form = ReasonForm(request.POST or None, required=bool(needs_reason),
                      help_text="" if needs_reason else _("Freiwillig; erscheint im Moderationsprotokoll."))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                _call(act, comment=comment, user=request.user, reason=form.cleaned_data.get("reason", ""))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, done)
                return redirect(_next_url(request, comment.target_url()))
    return render(request, "comments/moderation_act.html", {
        "comment": comment, "body": render_markdown(comment.body, profile="comment"),
        "form": form if needs_reason is not None else None, "title": title, "button": button,
        "next": _next_url(request, ""),
        "events": comment.moderation_events.select_related("actor"),
    }, status=status)


@login_required
@moderators_only
def report_dismiss_view(request, pk):
    report = get_object_or_404(Report.objects.select_related("comment"), pk=pk)
    if request.method == "POST":
        try:
            services.report_dismiss(report=report, moderator=request.user,
                                    reason=request.POST.get("reason", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Die Meldung ist verworfen."))
    return redirect(_next_url(request, "moderation_queue"))


@login_required
@moderators_only
def moderation_queue(request):
    """Comments with open reports, comments waiting for approval, and the latest acts."""
    open_reports = Report.objects.open().select_related("reporter")
    reported = (
        Comment.objects.filter(reports__status=Report.Status.OPEN).distinct()
        .select_related("author", "recipe", "chapter")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
        .order_by("created_at")
    )
    held = Comment.objects.filter(status=Comment.Status.HELD).select_related("author", "recipe", "chapter")
    log = ModerationEvent.objects.select_related("actor", "comment__recipe", "comment__chapter")[:30]
    return render(request, "comments/moderation_queue.html", {
        "reported": [(comment, render_markdown(comment.body, profile="comment")) for comment in reported],
        "held": [(comment, render_markdown(comment.body, profile="comment")) for comment in held],
        "log": log,
    })

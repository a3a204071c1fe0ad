"""Reading and writing comments: each view parses the request, calls one service, shows the result.

Forms that fail (too long, too fast, passage gone) are shown again with everything the person
typed. Permission checks live in the services too; the decorators only send anonymous visitors
to the sign-in page first.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import perm
from comments import services
from comments.forms import CommentForm, ReasonForm
from comments.models import Comment
from comments.passages import blocks_of
from recipes.models import Chapter, Recipe
from recipes.rendering import render_markdown

RECENT_PER_PAGE = 30


def _text_of(target):
    return target.body if isinstance(target, Recipe) else target.intro


def _comment(pk, user):
    comment = get_object_or_404(Comment.objects.select_related("author", "recipe", "chapter", "parent"), pk=pk)
    if not comment.can_be_seen_by(user):
        raise Http404
    return comment


def _require_comment_right(user):
    if not user.has_perm(perm("comment")):
        raise PermissionDenied(_("Zum Kommentieren brauchen Sie ein Konto mit bestätigter E-Mail-Adresse."))


def _status_for(error):
    return 429 if getattr(error, "code", None) == "rate_limited" else 400


def _form_page(request, form, *, target, title, action_url, parent=None, passage=None, status=200):
    return render(request, "comments/comment_form.html", {
        "form": form, "target": target, "title": title, "action_url": action_url,
        "parent": parent, "parent_body": render_markdown(parent.body, profile="comment") if parent else None,
        "passage": passage, "max_length": settings.COMMENTS_MAX_LENGTH,
    }, status=status)


def _publish(request, form, *, target, parent=None):
    """Create the comment from a valid form; None (with the error on the form) when refused."""
    try:
        comment = services.comment_create(
            author=request.user, body=form.cleaned_data["body"], parent=parent,
            recipe=target if isinstance(target, Recipe) else None,
            chapter=target if isinstance(target, Chapter) else None,
            anchor=form.cleaned_data.get("anchor"),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None, _status_for(error)
    if comment.is_held:
        messages.info(request, _("Danke! Ihr Kommentar wird sichtbar, sobald die Moderation ihn "
                                 "freigegeben hat. Bis dahin sehen nur Sie ihn."))
    else:
        messages.success(request, _("Ihr Kommentar ist veröffentlicht."))
    return comment, 200


@login_required
def comment_create_view(request, kind, pk):
    target = get_object_or_404(Recipe if kind == "recipe" else Chapter, pk=pk)
    _require_comment_right(request.user)
    if request.method != "POST":
        return redirect(f"{target.get_absolute_url()}#kommentar-form")
    form = CommentForm(request.POST, blocks=blocks_of(render_markdown(_text_of(target)).html))
    status = 400
    if form.is_valid():
        comment, status = _publish(request, form, target=target)
        if comment:
            return redirect(comment.target_url())
    anchor = form.cleaned_data.get("anchor") if hasattr(form, "cleaned_data") else None
    return _form_page(request, form, target=target, title=_("Kommentar schreiben"),
                      action_url=request.path, passage=anchor.quote if anchor else "", status=status)


@login_required
def comment_reply_view(request, pk):
    parent = _comment(pk, request.user)
    _require_comment_right(request.user)
    target = parent.target
    if not parent.is_visible:
        messages.error(request, _("Auf diesen Kommentar kann niemand mehr antworten."))
        return redirect(parent.target_url())
    form = CommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            comment, status = _publish(request, form, target=target, parent=parent)
            if comment:
                return redirect(comment.target_url())
    return _form_page(request, form, target=target, parent=parent, status=status,
                      title=_("Antworten an %(name)s") % {"name": parent.author_name},
                      action_url=request.path)


@login_required
def comment_edit_view(request, pk):
    comment = _comment(pk, request.user)
    if comment.author_id != request.user.pk:
        raise PermissionDenied(_("Nur wer einen Kommentar geschrieben hat, kann ihn bearbeiten."))
    _require_comment_right(request.user)
    if comment.is_deleted or comment.is_hidden:
        messages.error(request, _("Ein gelöschter oder ausgeblendeter Kommentar kann nicht bearbeitet werden."))
        return redirect(comment.target_url())
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.comment_edit(comment=comment, user=request.user, body=form.cleaned_data["body"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Ihre Änderung ist gespeichert."))
                return redirect(comment.target_url())
    return _form_page(request, form, target=comment.target, title=_("Kommentar bearbeiten"),
                      action_url=request.path, passage=comment.anchor_quote, status=status)


@login_required
def comment_delete_view(request, pk):
    comment = _comment(pk, request.user)
    if comment.author_id != request.user.pk:
        raise PermissionDenied(_("Nur wer einen Kommentar geschrieben hat, kann ihn löschen."))
    if request.method == "POST":
        try:
            services.comment_delete(comment=comment, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Ihr Kommentar ist gelöscht."))
        return redirect(comment.target_url())
    return render(request, "comments/comment_confirm_delete.html", {
        "comment": comment, "body": render_markdown(comment.body, profile="comment"),
    })


@login_required
def comment_report_view(request, pk):
    comment = _comment(pk, request.user)
    _require_comment_right(request.user)
    form = ReasonForm(request.POST or None, label=_("Was ist an diesem Kommentar nicht in Ordnung?"),
                      help_text=_("Zum Beispiel: beleidigend, Werbung, persönliche Daten, falsche "
                                  "Tatsachen. Die Moderation liest Ihre Meldung; wer den "
                                  "Kommentar geschrieben hat, erfährt nicht, wer gemeldet hat."))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.comment_report(comment=comment, reporter=request.user,
                                        reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
                status = _status_for(error)
            else:
                messages.success(request, _("Danke für Ihre Meldung. Die Moderation sieht sie sich an."))
                return redirect(comment.target_url())
    return render(request, "comments/comment_report.html", {
        "comment": comment, "form": form, "body": render_markdown(comment.body, profile="comment"),
    }, status=status)


def comment_detail(request, pk):
    """A comment's permanent link: its place on the recipe or chapter page."""
    return redirect(_comment(pk, request.user).target_url())


def comment_history(request, pk):
    """Earlier texts of an edited comment; of a hidden or deleted one only for moderators."""
    comment = _comment(pk, request.user)
    moderator = request.user.has_perm(perm("moderate"))
    if not (comment.is_visible or comment.is_held or moderator):
        raise Http404
    revisions = [(revision, render_markdown(revision.body, profile="comment"))
                 for revision in comment.revisions.all()]
    return render(request, "comments/comment_history.html", {
        "comment": comment, "body": render_markdown(comment.body, profile="comment"),
        "revisions": revisions,
        "events": comment.moderation_events.select_related("actor") if moderator else [],
    })


def recent(request):
    """"Neueste Kommentare": the newest visible comments of the whole book."""
    page = Paginator(Comment.objects.recent(), RECENT_PER_PAGE).get_page(request.GET.get("seite"))
    rows = [(comment, render_markdown(comment.body, profile="comment")) for comment in page]
    return render(request, "comments/recent.html", {"page": page, "rows": rows})

"""Every change to comments goes through here: writing, editing, deleting, reporting, moderating.

Each function runs in one transaction, checks the actor's right itself (a view forgetting a
check cannot open a hole) and refuses illegal moves with ``PermissionDenied`` or
``ValidationError``, whose German messages the views show as they are. Every moderation act
leaves a ``ModerationEvent``. Every change that readers can see calls
``kochbuch.pagecache.content_changed()``, so no cached page shows an old state of a discussion.
Every change of a comment's text is announced (``comments.signals.comment_changed``), which the
search index follows.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from accounts.roles import perm, require, require_moderator
from comments.anchoring import Anchor
from comments.models import Comment, CommentRevision, ModerationEvent, Report
from comments.signals import comment_changed
from kochbuch import moderation
from kochbuch.moderation import clean_reason, throttle
from kochbuch.notifications import notify
from kochbuch.pagecache import content_changed
from recipes.models import Chapter, Recipe, Watch
from recipes.versions import latest_version_id


def _locked(comment: Comment) -> Comment:
    """The comment's current row, locked until the transaction ends (PostgreSQL)."""
    return (Comment.objects.select_for_update(of=("self",))
            .select_related("author", "parent", "recipe", "chapter").get(pk=comment.pk))


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Bitte schreiben Sie einen Text.")})
    limit = settings.COMMENTS_MAX_LENGTH
    if len(body) > limit:
        raise ValidationError({"body": _(
            "Ein Kommentar darf höchstens %(limit)s Zeichen lang sein; Ihrer hat %(length)s."
        ) % {"limit": limit, "length": len(body)}})
    return body


def _target_label(target) -> str:
    if isinstance(target, Recipe):
        return f"{target.number} {target.title}"
    return f"{target.number}. {target.title}"


def _announce(comment: Comment):
    """Mail the person replied to, and everyone watching the recipe or chapter (once each)."""
    target = comment.target
    context = {"comment": comment, "target": target, "target_label": _target_label(target),
               "url": comment.target_url()}
    replied_to = None
    if comment.parent_id and comment.parent.author_id and not comment.parent.is_deleted:
        replied_to = comment.parent.author
        if replied_to.is_active:
            notify(recipients=[replied_to], template="comment_reply.txt", context=context,
                   subject=_("Antwort auf Ihren Kommentar zu %(target)s") % {"target": context["target_label"]},
                   exclude=[comment.author])
    watches = (Watch.objects.of_recipe(target) if isinstance(target, Recipe)
               else Watch.objects.filter(chapter=target))
    watchers = [watch.user for watch in watches.filter(user__is_active=True).select_related("user")]
    notify(recipients=watchers, template="comment_new.txt", context=context,
           subject=_("Neuer Kommentar zu %(target)s") % {"target": context["target_label"]},
           exclude=[comment.author, replied_to])


def _should_hold(author) -> bool:
    first = settings.COMMENTS_HOLD_FIRST
    if first <= 0 or author.has_perm(perm("moderate")):
        return False
    return Comment.objects.filter(author=author, status=Comment.Status.VISIBLE).count() < first


@transaction.atomic
def comment_create(*, author, body: str, recipe: Recipe | None = None, chapter: Chapter | None = None,
                   parent: Comment | None = None, anchor: Anchor | None = None) -> Comment:
    """A new comment on a recipe or chapter, a reply when ``parent`` is given.

    It records the newest version of the text, so a passage that later disappears can be
    shown where it was. Moderators are not rate-limited; a new account's first comments may
    be held for approval (``COMMENTS_HOLD_FIRST``). Readers are told by e-mail once the comment
    is visible.
    """
    require(author, "comment", _("Zum Kommentieren brauchen Sie ein Konto mit bestätigter E-Mail-Adresse."))
    if (recipe is None) == (chapter is None):
        raise ValueError("comment_create braucht genau ein Rezept oder ein Kapitel.")
    body = _clean_body(body)
    if parent is not None:
        if parent.recipe_id != getattr(recipe, "pk", None) or parent.chapter_id != getattr(chapter, "pk", None):
            raise ValidationError(_("Die Antwort gehört nicht zu diesem Text."))
        if not parent.is_visible:
            raise ValidationError(_("Auf diesen Kommentar kann niemand mehr antworten."))
        anchor = None  # a reply belongs to its thread's passage
    if not author.has_perm(perm("moderate")):
        throttle("comment", author, settings.COMMENTS_RATE_LIMIT, _(
            "Sie haben in kurzer Zeit sehr viele Kommentare geschrieben. Bitte warten Sie einige "
            "Minuten (höchstens %(minutes)s) und senden Sie dann erneut – Ihr Text bleibt hier stehen."
        ))
    target = recipe or chapter
    comment = Comment.objects.create(
        recipe=recipe, chapter=chapter, parent=parent, author=author, body=body,
        status=Comment.Status.HELD if _should_hold(author) else Comment.Status.VISIBLE,
        version_id=latest_version_id(target),
        anchor_block=anchor.block if anchor else "",
        anchor_quote=anchor.quote if anchor else "",
        anchor_prefix=anchor.prefix if anchor else "",
        anchor_suffix=anchor.suffix if anchor else "",
    )
    comment_changed.send(sender=Comment, comment=comment)  # searchable once visible (live status)
    # The recipe page, its counts and the start page show it; a held one only its author and
    # the moderators see, on pages cached for their role (kochbuch/fragments.py).
    content_changed()
    if comment.is_visible:
        _announce(comment)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, user, body: str) -> Comment:
    """The author changes the text; the previous text is kept as a ``CommentRevision``."""
    require(user, "comment", _("Zum Bearbeiten brauchen Sie ein Konto mit bestätigter E-Mail-Adresse."))
    comment = _locked(comment)
    if comment.author_id != user.pk:
        raise PermissionDenied(_("Nur wer einen Kommentar geschrieben hat, kann ihn bearbeiten."))
    if comment.is_deleted or comment.is_hidden:
        raise ValidationError(_("Ein gelöschter oder ausgeblendeter Kommentar kann nicht bearbeitet werden."))
    body = _clean_body(body)
    if body == comment.body:
        return comment
    CommentRevision.objects.create(comment=comment, body=comment.body,
                                   written_at=comment.edited_at or comment.created_at)
    comment.body, comment.edited_at = body, timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    comment_changed.send(sender=Comment, comment=comment)
    content_changed()
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user) -> Comment:
    """The author takes a comment back: its text and earlier texts are removed.

    The row stays, so replies keep their place under a "Kommentar gelöscht" placeholder. The
    moderation log stays too. No right is needed besides authorship: people may always take
    back what they wrote (DSGVO).
    """
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    comment = _locked(comment)
    if comment.author_id != user.pk:
        raise PermissionDenied(_("Nur wer einen Kommentar geschrieben hat, kann ihn löschen."))
    if comment.is_deleted:
        raise ValidationError(_("Dieser Kommentar ist bereits gelöscht."))
    comment.status, comment.body, comment.deleted_at = Comment.Status.DELETED, "", timezone.now()
    comment.save(update_fields=["status", "body", "deleted_at"])
    comment.revisions.all().delete()
    comment_changed.send(sender=Comment, comment=comment)  # its text leaves the search index too
    Report.close_open(comment, actor=None, status=Report.Status.ACTIONED)
    content_changed()
    return comment


@transaction.atomic
def comment_report(*, comment: Comment, reporter, reason: str) -> Report:
    """A signed-in reader asks the moderators to look at a comment."""
    require(reporter, "comment", _("Zum Melden brauchen Sie ein Konto mit bestätigter E-Mail-Adresse."))
    reason = clean_reason(reason, required=True)
    comment = _locked(comment)
    if comment.author_id == reporter.pk:
        raise ValidationError(_("Ihren eigenen Kommentar können Sie bearbeiten oder löschen."))
    if not comment.is_visible:
        raise ValidationError(_("Dieser Kommentar ist nicht mehr sichtbar."))
    report = moderation.flag_create(
        Report, content=comment, reporter=reporter, reason=reason, scope="report",
        already=_("Sie haben diesen Kommentar bereits gemeldet; die Moderation prüft ihn."))
    content_changed()  # the moderators' pages show "1 Meldung" at the comment
    return report


@transaction.atomic
def comment_hide(*, comment: Comment, moderator, reason: str) -> Comment:
    """A moderator hides a comment; the reason is shown in place of its text.

    Open reports on it count as dealt with. Hiding a comment that waits for approval rejects it.
    """
    require_moderator(moderator)
    reason = clean_reason(reason, required=True)
    comment = _locked(comment)
    if not (comment.is_visible or comment.is_held):
        raise ValidationError(_("Nur sichtbare oder wartende Kommentare können ausgeblendet werden."))
    comment.status, comment.hidden_reason = Comment.Status.HIDDEN, reason
    comment.save(update_fields=["status", "hidden_reason"])
    Report.close_open(comment, actor=moderator, status=Report.Status.ACTIONED)
    ModerationEvent.record(comment, moderator, ModerationEvent.Action.HIDE, reason=reason)
    content_changed()
    if comment.author_id and comment.author.is_active:
        notify(recipients=[comment.author], template="comment_hidden.txt",
               subject=_("Ihr Kommentar wurde ausgeblendet"),
               context={"comment": comment, "reason": reason, "url": comment.target_url(),
                        "target_label": _target_label(comment.target),
                        "contact_email": settings.KOCHBUCH_CONTACT_EMAIL},
               exclude=[moderator])
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment, moderator, reason: str = "") -> Comment:
    """A moderator shows a hidden comment again."""
    require_moderator(moderator)
    reason = clean_reason(reason, required=False)
    comment = _locked(comment)
    if not comment.is_hidden:
        raise ValidationError(_("Nur ausgeblendete Kommentare können wiederhergestellt werden."))
    comment.status, comment.hidden_reason = Comment.Status.VISIBLE, ""
    comment.save(update_fields=["status", "hidden_reason"])
    ModerationEvent.record(comment, moderator, ModerationEvent.Action.RESTORE, reason=reason)
    content_changed()
    return comment


@transaction.atomic
def comment_approve(*, comment: Comment, moderator) -> Comment:
    """A moderator publishes a comment that was held; now its readers are told."""
    require_moderator(moderator)
    comment = _locked(comment)
    if not comment.is_held:
        raise ValidationError(_("Dieser Kommentar wartet nicht auf Freigabe."))
    comment.status = Comment.Status.VISIBLE
    comment.save(update_fields=["status"])
    ModerationEvent.record(comment, moderator, ModerationEvent.Action.APPROVE)
    content_changed()
    _announce(comment)
    return comment


@transaction.atomic
def report_dismiss(*, report: Report, moderator, reason: str = "") -> Report:
    """A moderator finds a report unfounded; the comment stays as it is."""
    require_moderator(moderator)
    report = moderation.flag_dismiss(Report, ModerationEvent, flag=report, moderator=moderator, reason=reason)
    content_changed()  # the moderators' pages: the report's badge goes, the log has the dismissal
    return report


def _thread(comment):
    if comment.parent_id is not None:
        raise ValidationError(_("Nur ein ganzer Gesprächsfaden kann erledigt oder wieder geöffnet werden."))
    return comment


@transaction.atomic
def thread_resolve(*, comment: Comment, user, version: Version | None = None, reason: str = "") -> Comment:
    """Mark a thread (its top-level comment) "erledigt".

    This is also the hook for edit proposals (issue 3): when a proposal made from this thread
    is accepted, the acceptance calls ``thread_resolve(comment=thread, user=reviewer,
    version=<the reversion Version it produced>)`` and the thread links to that version.
    """
    require_moderator(user)
    reason = clean_reason(reason, required=False)
    comment = _thread(_locked(comment))
    if comment.is_resolved:
        raise ValidationError(_("Dieser Gesprächsfaden ist bereits erledigt."))
    comment.resolved_at, comment.resolved_by, comment.resolved_version = timezone.now(), user, version
    comment.save(update_fields=["resolved_at", "resolved_by", "resolved_version"])
    ModerationEvent.record(comment, user, ModerationEvent.Action.RESOLVE, reason=reason, version=version)
    content_changed()
    return comment


@transaction.atomic
def thread_reopen(*, comment: Comment, user, reason: str = "") -> Comment:
    """Open a resolved thread again."""
    require_moderator(user)
    reason = clean_reason(reason, required=False)
    comment = _thread(_locked(comment))
    if not comment.is_resolved:
        raise ValidationError(_("Dieser Gesprächsfaden ist nicht als erledigt markiert."))
    comment.resolved_at, comment.resolved_by, comment.resolved_version = None, None, None
    comment.save(update_fields=["resolved_at", "resolved_by", "resolved_version"])
    ModerationEvent.record(comment, user, ModerationEvent.Action.REOPEN, reason=reason)
    content_changed()
    return comment

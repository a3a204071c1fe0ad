"""Edit proposals from submission to decision.

Every move is one transaction on a locked proposal row, checks who may make it and from which
state (``EditProposal.MOVES``), and is logged as a ``ProposalEvent``. Illegal moves raise
``PermissionDenied`` (wrong person) or ``ValidationError`` (wrong state or input).

Acceptance writes through ``recipes.services.recipe_edit`` (or ``recipe_save`` for a new
recipe), like any direct edit: the recipe row is locked there and a recipe that moved on since
the proposal's base is merged three-way. Overlaps raise ``recipes.merging.EditConflict`` and
roll everything back; the moderator resolves them and accepts again. Lock order is always
proposal, then recipe, so two moderators accepting two proposals serialise on the recipe and
cannot deadlock.
"""

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from accounts.roles import perm, require
from comments.models import Comment
from comments.services import thread_resolve
from kochbuch import ratelimit
from kochbuch.notifications import notify
from kochbuch.pagecache import content_changed
from proposals.changes import (
    apply_changes,
    change_size,
    normalise_newlines,
    parse_change_ids,
    proposal_changes,
)
from proposals.models import EditProposal, ProposalEvent
from proposals.signals import proposal_accepted
from recipes.merging import EditConflict
from recipes.models import Chapter, Recipe, RevisionInfo
from recipes.numbering import chapter_number, is_valid_number, parent_number, sort_key
from recipes.services import recipe_edit, recipe_save
from recipes.versions import latest_version_id

Status = EditProposal.Status
Action = ProposalEvent.Action

# At most this many new proposals per person ("count/period", period in s, m, h or d).
DEFAULT_RATE_LIMIT = "10/h"
MAX_MESSAGE = 2000

MOVE_REFUSED = {
    "revise": gettext_lazy("Dieser Vorschlag ist bereits „%(status)s“ und kann nicht mehr überarbeitet werden."),
    "withdraw": gettext_lazy("Dieser Vorschlag ist bereits „%(status)s“ und kann nicht mehr zurückgezogen werden."),
    "request_changes": gettext_lazy("Zu diesem Vorschlag kann gerade keine Überarbeitung erbeten werden "
                         "(Status: „%(status)s“)."),
    "reject": gettext_lazy("Dieser Vorschlag ist bereits „%(status)s“ und kann nicht mehr abgelehnt werden."),
    "accept": gettext_lazy("Dieser Vorschlag ist bereits „%(status)s“ und kann nicht mehr übernommen werden."),
}


# --- Submitting and revising (the author) ------------------------------------------------

@transaction.atomic
def proposal_create(*, recipe: Recipe, author, base_version_id: int, title: str, body: str,
                    summary: str, rate_limited: bool = True,
                    source_comment: Comment | None = None) -> EditProposal:
    """Propose a new title and body for ``recipe``, written on version ``base_version_id``.

    ``rate_limited=False`` is for the edition import, which may propose many recipes at once.
    ``source_comment``: the open thread on this recipe the proposal answers; accepting the
    proposal marks that thread "erledigt".
    """
    require(author, "propose", _("Änderungen vorschlagen können angemeldete Mitwirkende "
                                       "mit bestätigter E-Mail-Adresse."))
    base = Version.objects.get_for_object(recipe).filter(pk=base_version_id).first()
    if base is None:
        raise ValidationError({"base_version": _("Die Fassung, auf der Ihr Vorschlag beruht, "
                                                 "gehört nicht zu diesem Rezept.")})
    if source_comment is not None:
        _require_open_thread(recipe, source_comment)
    texts = _clean_texts(title=title, body=body, summary=summary)
    _require_a_change(base.field_dict, texts)
    if rate_limited:
        _throttle(author)
    proposal = EditProposal(recipe=recipe, base_version=base, author=author,
                            source_comment=source_comment, **texts)
    _measure(proposal, base.field_dict)
    proposal.save()
    _log(proposal, Action.SUBMITTED, author, with_text=True)
    if source_comment is not None:
        content_changed()  # the thread now says "Änderungsvorschlag #N eingereicht"
    return proposal


@transaction.atomic
def proposal_create_from_edition(*, recipe: Recipe, base_version_id: int, title: str, body: str,
                                 summary: str, source: tuple[str, str], importer,
                                 import_job_id: int | None = None, pages=(None, None)) -> EditProposal:
    """An edition's text for ``recipe`` as a proposal (the import keeps the site's own text).

    The text is written by the edition ``source`` = (name, publisher); ``importer`` (may be
    None for the command line) is recorded as the author only so that the proposal has one,
    and may decide on it like any moderator. ``pages`` are the edition's printed pages, which
    accepting the proposal puts on the recipe.
    """
    base = Version.objects.get_for_object(recipe).filter(pk=base_version_id).first()
    if base is None:
        raise ValidationError({"base_version": _("Die Fassung, auf der der Vorschlag beruht, "
                                                 "gehört nicht zu diesem Rezept.")})
    texts = _clean_texts(title=title, body=body, summary=Truncator(summary).chars(1000))
    proposal = EditProposal(
        recipe=recipe, base_version=base, author=importer, source_edition=source[0],
        source_publisher=source[1], import_job_id=import_job_id, page_start=pages[0],
        page_end=pages[1], **texts,
    )
    _measure(proposal, base.field_dict)
    proposal.save()
    _log(proposal, Action.SUBMITTED, importer, with_text=True)
    return proposal


@transaction.atomic
def proposal_create_recipe_from_edition(*, chapter: Chapter, number: str, title: str, body: str,
                                        summary: str, source: tuple[str, str], importer,
                                        import_job_id: int | None = None,
                                        pages=(None, None)) -> tuple[EditProposal, bool]:
    """A recipe that is new in an edition, as a proposal for a new recipe (the editor chose
    "als Vorschlag" in the import): written by the edition like every import proposal, so any
    moderator, the importer too, may decide on it; accepting it creates the recipe with the
    edition as its source and the printed pages.

    Its section may be missing when it waits as a proposal too (accepting the section first is
    the moderator's order; the bulk decision sorts them so). Importing the same edition again
    finds the waiting proposal instead of making a second: returns (proposal, created).
    """
    number = (number or "").strip()
    waiting = (EditProposal.objects.waiting().filter(
        chapter=chapter, number=number, source_edition=source[0], title=" ".join((title or "").split()),
        body=normalise_newlines(body)).order_by("pk").first())
    if waiting is not None:
        return waiting, False
    number = _clean_new_number(chapter, number, section_may_wait=True)
    texts = _clean_texts(title=title, body=body, summary=Truncator(summary).chars(1000))
    if not texts["body"].strip():
        raise ValidationError({"body": _("Das neue Rezept hat in der Ausgabe keinen Text.")})
    proposal = EditProposal(
        chapter=chapter, number=number, author=importer, source_edition=source[0],
        source_publisher=source[1], import_job_id=import_job_id, page_start=pages[0],
        page_end=pages[1], **texts,
    )
    _measure(proposal, {})
    proposal.save()
    _log(proposal, Action.SUBMITTED, importer, with_text=True)
    return proposal, True


@transaction.atomic
def proposal_create_recipe(*, chapter: Chapter, author, number: str, title: str, body: str,
                           summary: str) -> EditProposal:
    """Propose a new recipe with ``number`` in ``chapter``."""
    require(author, "propose", _("Neue Rezepte vorschlagen können angemeldete Mitwirkende "
                                       "mit bestätigter E-Mail-Adresse."))
    number = _clean_new_number(chapter, number)
    texts = _clean_texts(title=title, body=body, summary=summary)
    if not texts["body"].strip():
        raise ValidationError({"body": _("Bitte schreiben Sie den Text des neuen Rezepts.")})
    _throttle(author)
    proposal = EditProposal(chapter=chapter, number=number, author=author, **texts)
    _measure(proposal, {})
    proposal.save()
    _log(proposal, Action.SUBMITTED, author, with_text=True)
    return proposal


@transaction.atomic
def proposal_revise(*, proposal: EditProposal, author, title: str, body: str, summary: str,
                    number: str | None = None, message: str = "") -> EditProposal:
    """The author's new text for a waiting proposal; it is open (waiting for review) again.

    The base stays the version the author first saw: acceptance merges from there.
    """
    proposal = _lock(proposal)
    _require_author(proposal, author)
    _require_move(proposal, "revise")
    texts = _clean_texts(title=title, body=body, summary=summary)
    if proposal.is_new_recipe:
        if number is not None and number.strip() != proposal.number:
            proposal.number = _clean_new_number(proposal.chapter, number)
        if not texts["body"].strip():
            raise ValidationError({"body": _("Bitte schreiben Sie den Text des neuen Rezepts.")})
        base = {}
    else:
        base = proposal.base_version.field_dict
        _require_a_change(base, texts)
    for field, value in texts.items():
        setattr(proposal, field, value)
    _measure(proposal, base)
    proposal.status = Status.OPEN
    proposal.save()
    _log(proposal, Action.REVISED, author, message=_clean_message(message), with_text=True)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: EditProposal, author, message: str = "") -> EditProposal:
    """The author takes a waiting proposal back; it stays readable but can no longer change."""
    proposal = _lock(proposal)
    _require_author(proposal, author)
    _require_move(proposal, "withdraw")
    proposal.status = Status.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    _log(proposal, Action.WITHDRAWN, author, message=_clean_message(message))
    return proposal


# --- Deciding (the moderation) ----------------------------------------------------------

@transaction.atomic
def proposal_request_changes(*, proposal: EditProposal, reviewer, message: str) -> EditProposal:
    """Ask the author to revise; the proposal waits for them (status changes requested)."""
    proposal = _lock(proposal)
    _require_reviewer(proposal, reviewer)
    _require_move(proposal, "request_changes")
    message = _clean_message(message, required=_("Bitte schreiben Sie, was überarbeitet werden soll."))
    proposal.status = Status.CHANGES_REQUESTED
    proposal.save(update_fields=["status", "updated_at"])
    event = _log(proposal, Action.CHANGES_REQUESTED, reviewer, message=message)
    _notify_author(proposal, event)
    return proposal


@transaction.atomic
def proposal_reject(*, proposal: EditProposal, reviewer, reason: str) -> EditProposal:
    """Turn the proposal down with a reason the author reads; the recipe does not change."""
    proposal = _lock(proposal)
    _require_reviewer(proposal, reviewer)
    _require_move(proposal, "reject")
    reason = _clean_message(reason, required=_("Bitte begründen Sie die Ablehnung."))
    _decide(proposal, Status.REJECTED, reviewer, reason)
    proposal.save()
    event = _log(proposal, Action.REJECTED, reviewer, message=reason)
    _notify_author(proposal, event)
    return proposal


@transaction.atomic
def proposal_accept(*, proposal: EditProposal, reviewer, accepted_hunks=None, edited_title=None,
                    edited_body=None, resolutions=None, current_version_id=None,
                    message: str = "") -> EditProposal:
    """Put the proposal into the recipe as a new version by its author, approved by ``reviewer``.

    - ``accepted_hunks=None`` and no edited text: everything.
    - ``accepted_hunks``: only these passages (ids of ``proposal_changes``: body hunk ids,
      ``"title"`` for the title), the rest stays as in the base.
    - ``edited_title``/``edited_body``: the moderator's edit of the proposal (written, like the
      proposal, on its base).
    If the recipe changed since the base, the result is merged three-way into the current text;
    ``resolutions`` (from ``recipes.merging.parse_resolutions``) decide conflicts found against
    ``current_version_id``. Unresolved conflicts raise ``EditConflict`` and nothing is saved.
    The status is ``partly_accepted`` when some passages were left out or the text was edited.
    """
    proposal = _lock(proposal)
    _require_reviewer(proposal, reviewer)
    _require_move(proposal, "accept")
    edited = edited_title is not None or edited_body is not None
    if edited and accepted_hunks is not None:
        raise ValidationError(_("Entweder einzelne Änderungen auswählen oder den Text bearbeiten, "
                                "nicht beides."))
    proposed = {"title": proposal.title, "body": proposal.body}
    base = {} if proposal.is_new_recipe else proposal.base_version.field_dict
    taken = None  # (accepted passages, all passages) when a selection was made
    if edited:
        wanted = _clean_texts(
            title=proposal.title if edited_title is None else edited_title,
            body=proposal.body if edited_body is None else edited_body,
        )
    elif accepted_hunks is not None:
        if proposal.is_new_recipe:
            raise ValidationError(_("Ein neues Rezept wird ganz oder bearbeitet übernommen."))
        wanted, taken = _selected(base, proposed, accepted_hunks)
    else:
        wanted = proposed
    partly = wanted != proposed
    message = _clean_message(message)
    if edited and partly:
        _log(proposal, Action.EDITED, reviewer, title=wanted["title"], body=wanted["body"])

    comment = _revision_comment(proposal, partly)
    if proposal.is_new_recipe:
        new = Recipe(number=proposal.number, title=wanted["title"], body=wanted["body"])
        from_edition = {}
        if proposal.is_from_edition:  # written by the edition: its name as source, its pages
            from_edition = {"source": (proposal.source_edition, proposal.source_publisher)}
            new.source_edition = proposal.source_edition
            new.page_start, new.page_end = proposal.page_start, proposal.page_end
        recipe = recipe_save(
            recipe=new, user=proposal.author, comment=comment, kind=RevisionInfo.Kind.PROPOSAL,
            approved_by=reviewer, proposal_url=proposal.get_absolute_url(), **from_edition,
        )
        proposal.recipe = recipe
    else:
        from_edition = {}
        if proposal.is_from_edition:  # written by the edition; its printed pages come along
            from_edition = {"source": (proposal.source_edition, proposal.source_publisher)}
            if proposal.page_start:
                from_edition["pages"] = (proposal.page_start, proposal.page_end)
        recipe = recipe_edit(
            recipe=proposal.recipe, user=proposal.author,
            base_version_id=proposal.base_version_id,
            title=wanted["title"], body=wanted["body"], comment=comment,
            resolutions=resolutions, current_version_id=current_version_id,
            kind=RevisionInfo.Kind.PROPOSAL, approved_by=reviewer,
            proposal_url=proposal.get_absolute_url(), **from_edition,
        )
    proposal.result_version_id = latest_version_id(recipe)
    if partly:  # the history says which passages were taken (or that the text was edited)
        RevisionInfo.objects.filter(revision__version=proposal.result_version_id).update(
            passages=_passages_label(taken) if taken else _("vor dem Übernehmen bearbeitet"))
    _decide(proposal, Status.PARTLY_ACCEPTED if partly else Status.ACCEPTED, reviewer, message)
    proposal.save()
    proposal_accepted.send(sender=EditProposal, proposal=proposal, partly=partly)
    _resolve_source_thread(proposal, reviewer)
    if taken:
        note = _("%(taken)s von %(total)s Änderungen übernommen.") % {
            "taken": taken[0], "total": taken[1]}
        message = f"{note}\n\n{message}".strip()
    event = _log(proposal, Action.PARTLY_ACCEPTED if partly else Action.ACCEPTED, reviewer,
                 message=message)
    _notify_author(proposal, event)
    return proposal


@dataclass
class BulkResult:
    decided: list = dataclass_field(default_factory=list)  # the proposals decided
    refused: list = dataclass_field(default_factory=list)  # (proposal, German reason) left as they were


def proposals_decide(*, proposals, reviewer, accept: bool, message: str = "") -> BulkResult:
    """Accept or reject many proposals with one reason (e.g. everything from one import).

    Each proposal is decided in its own transaction through ``proposal_accept`` or
    ``proposal_reject``, so every rule (four eyes, states, merges) holds as for one; a proposal
    that cannot be decided (a merge conflict, already decided, one's own) is reported and left
    for a decision on its own page, and the others go through.
    """
    require(reviewer, "review", _("Vorschläge prüfen kann nur die Moderation."))
    if not accept:
        message = _clean_message(message, required=_("Bitte begründen Sie die Ablehnung."))
    result = BulkResult()
    # New recipes last and sections before their subsections, so that accepting "alle aus
    # diesem Import" creates 7.1 before 7.1.3 (a recipe needs its section).
    proposals = sorted(proposals, key=lambda proposal: (
        proposal.is_new_recipe, sort_key(proposal.number) if proposal.is_new_recipe else ""))
    for proposal in proposals:
        try:
            if accept:
                decided = proposal_accept(proposal=proposal, reviewer=reviewer, message=message)
            else:
                decided = proposal_reject(proposal=proposal, reviewer=reviewer, reason=message)
        except EditConflict:
            result.refused.append((proposal, _("Überschneidung mit einer neueren Fassung; bitte einzeln prüfen.")))
        except (PermissionDenied, ValidationError) as error:
            text = getattr(error, "messages", None) or [str(error)]
            result.refused.append((proposal, " ".join(str(part) for part in text)))
        else:
            result.decided.append(decided)
    return result


# --- Helpers ---------------------------------------------------------------------------

def _lock(proposal):
    """The proposal's row, locked until the end of the transaction, read afresh."""
    return EditProposal.objects.select_for_update().get(pk=proposal.pk)


def _require_author(proposal, user):
    if user is None or proposal.author_id != user.pk:
        raise PermissionDenied(_("Nur wer den Vorschlag eingereicht hat, kann ihn ändern."))
    require(user, "propose", _("Ihr Konto darf zurzeit keine Vorschläge bearbeiten."))


def _require_reviewer(proposal, reviewer):
    require(reviewer, "review", _("Vorschläge prüfen kann nur die Moderation."))
    # Four eyes: whoever wrote a proposal does not decide on it. A proposal from an import was
    # written by its edition; the importing person may decide on it like any moderator.
    if proposal.author_id == reviewer.pk and not proposal.is_from_edition:
        raise PermissionDenied(_("Eigene Vorschläge prüft eine andere Person aus der Moderation."))


def _require_move(proposal, move):
    if not proposal.allows(move):
        raise ValidationError(MOVE_REFUSED[move] % {"status": proposal.get_status_display()},
                              code="illegal_move")


def _clean_texts(*, title, body, summary=None):
    texts = {"title": " ".join((title or "").split()), "body": normalise_newlines(body)}
    if not texts["title"]:
        raise ValidationError({"title": _("Bitte geben Sie einen Titel an.")})
    if len(texts["title"]) > 200:
        raise ValidationError({"title": _("Der Titel darf höchstens 200 Zeichen lang sein.")})
    if summary is not None:
        texts["summary"] = normalise_newlines(summary).strip()
        if not texts["summary"]:
            raise ValidationError({"summary": _("Bitte begründen Sie Ihren Vorschlag kurz.")})
        if len(texts["summary"]) > 1000:
            raise ValidationError({"summary": _("Die Begründung darf höchstens 1000 Zeichen lang sein.")})
    return texts


def _clean_message(message, *, required=None):
    message = normalise_newlines(message).strip()
    if required and not message:
        raise ValidationError({"message": required})
    if len(message) > MAX_MESSAGE:
        raise ValidationError({"message": _("Die Nachricht darf höchstens %(limit)s Zeichen lang "
                                            "sein.") % {"limit": MAX_MESSAGE}})
    return message


def _require_open_thread(recipe, comment):
    """Only a visible, open thread on this very recipe (whatever id a form posted)."""
    if not Comment.objects.open_threads().filter(pk=comment.pk, recipe=recipe).exists():
        raise ValidationError({"source_comment": _(
            "Aus diesem Kommentar kann kein Vorschlag (mehr) entstehen: Er gehört nicht zu diesem "
            "Rezept, ist nicht sichtbar oder schon erledigt.")})


def _resolve_source_thread(proposal, reviewer):
    """Mark the thread the proposal came from "erledigt", linked to the version it produced.

    Runs inside the acceptance's transaction: if the acceptance fails (a conflict), the thread
    stays open. A thread already resolved, by hand or by another proposal, is left as it is;
    the row lock makes two acceptances at once agree on that. Reviewing and moderating come
    together in every role; should someone have the one right only, the thread stays open for
    the moderation rather than failing the acceptance.
    """
    if proposal.source_comment_id is None or not reviewer.has_perm(perm("moderate")):
        return
    thread = (Comment.objects.select_for_update()
              .filter(pk=proposal.source_comment_id, resolved_at=None).first())
    if thread is None:
        return
    thread_resolve(comment=thread, user=reviewer, version=proposal.result_version,
                   reason=_("Vorschlag #%(id)s übernommen.") % {"id": proposal.pk})


def _require_a_change(base, texts):
    if texts["title"] == base.get("title", "") and texts["body"] == base.get("body", ""):
        raise ValidationError(_("Ihr Vorschlag ändert nichts am Rezept. Ändern Sie Titel oder Text."))


def _clean_new_number(chapter, number, *, section_may_wait=False):
    """A valid, free number in ``chapter`` whose section exists (or, for an import, waits as a
    proposal for a new recipe itself: ``section_may_wait``)."""
    number = (number or "").strip()
    if not is_valid_number(number) or "." not in number:
        raise ValidationError({"number": _("Nummer wie „7.1“ oder „7.1.3“ erwartet.")})
    if chapter_number(number) != chapter.number:
        raise ValidationError({"number": _("Die Nummer muss mit %(chapter)s. beginnen (Kapitel "
                                           "%(chapter)s).") % {"chapter": chapter.number}})
    wanted_parent = parent_number(number)
    if wanted_parent and not Recipe.objects.filter(number=wanted_parent).exists() and not (
            section_may_wait and EditProposal.objects.waiting().filter(number=wanted_parent).exists()):
        raise ValidationError({"number": _("Abschnitt %(parent)s gibt es nicht.")
                               % {"parent": wanted_parent}})
    if Recipe.objects.filter(number=number).exists():
        raise ValidationError({"number": _("Die Nummer %(number)s ist schon vergeben.")
                               % {"number": number}})
    return number


def _passages_label(taken) -> str:
    """ "Titel und Stellen 1, 3 von 5" for the history of a partly accepted proposal."""
    count, total, accepted = taken
    numbers = sorted(int(change_id) for change_id in map(str, accepted) if change_id.isdigit())
    parts = []
    if "title" in map(str, accepted):
        parts.append(_("Titel"))
    if numbers:
        listed = ", ".join(map(str, numbers))
        parts.append((_("Stelle %(list)s") if len(numbers) == 1 else _("Stellen %(list)s")) % {"list": listed})
    return _("%(parts)s von %(total)s") % {"parts": " und ".join(parts), "total": total}


def _selected(base, proposed, accepted):
    """The texts with only the ``accepted`` passages, and (taken, total) for the log."""
    available = {change.id for change in proposal_changes(base, proposed)}
    try:
        accepted = parse_change_ids(accepted)
    except ValueError:
        raise ValidationError(_("Unbekannte Auswahl von Änderungen."))
    if not accepted:
        raise ValidationError(_("Wählen Sie mindestens eine Änderung aus – oder lehnen Sie den "
                                "Vorschlag ab."))
    unknown = accepted - available
    if unknown:
        raise ValidationError(_("Diese Änderungen gibt es im Vorschlag nicht: %(ids)s.")
                              % {"ids": ", ".join(sorted(map(str, unknown)))})
    return apply_changes(base, proposed, accepted), (len(accepted), len(available), accepted)


def _measure(proposal, base):
    added, removed = change_size(base.get("body", ""), proposal.body)
    title_added, title_removed = change_size(base.get("title", ""), proposal.title)
    proposal.words_added, proposal.words_removed = added + title_added, removed + title_removed


def _decide(proposal, status, reviewer, reason):
    proposal.status = status
    proposal.decided_at = timezone.now()
    proposal.decided_by = reviewer
    proposal.decision_reason = reason


def _revision_comment(proposal, partly):
    summary = Truncator(" ".join(proposal.summary.split())).chars(160)
    if partly:
        return _("Vorschlag #%(id)s teilweise übernommen: %(summary)s") % {
            "id": proposal.pk, "summary": summary}
    return _("Vorschlag #%(id)s übernommen: %(summary)s") % {"id": proposal.pk, "summary": summary}


def _log(proposal, action, actor, *, message="", with_text=False, title="", body=""):
    if with_text:
        title, body = proposal.title, proposal.body
    return ProposalEvent.objects.create(
        proposal=proposal, action=action, actor=actor, message=message,
        title=title, body=body, number=proposal.number if title else "",
    )


def _throttle(user):
    limit, period = ratelimit.parse_rate(getattr(settings, "PROPOSALS_RATE_LIMIT", DEFAULT_RATE_LIMIT))
    if not ratelimit.hit(f"proposal:{user.pk}", limit=limit, period=period):
        raise ValidationError(
            _("Sie haben in kurzer Zeit viele Vorschläge eingereicht. Bitte versuchen Sie es in "
              "%(minutes)s Minuten noch einmal.") % {"minutes": max(1, period // 60)},
            code="rate_limited",
        )


SUBJECTS = {
    Action.ACCEPTED: gettext_lazy("Ihr Vorschlag #%(id)s wurde übernommen"),
    Action.PARTLY_ACCEPTED: gettext_lazy("Ihr Vorschlag #%(id)s wurde teilweise übernommen"),
    Action.REJECTED: gettext_lazy("Ihr Vorschlag #%(id)s wurde abgelehnt"),
    Action.CHANGES_REQUESTED: gettext_lazy("Bitte überarbeiten Sie Ihren Vorschlag #%(id)s"),
}


def _notify_author(proposal, event):
    if proposal.is_from_edition:
        return  # written by an edition: the importing person is not mailed per recipe
    notify(
        recipients=[proposal.author] if proposal.author else [], exclude=[event.actor],
        subject=SUBJECTS[event.action] % {"id": proposal.pk},
        template="proposal_decided.txt",
        context={"proposal": proposal, "event": event},
    )


"""The moderation's side: the queue of proposals, the review page and its decisions."""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.roles import perm
from kochbuch.fragments import shared_page_cache
from proposals.changes import parse_change_ids, proposal_changes
from proposals.diffs import attach_revision_diffs, merged_preview, shown_diff
from proposals.forms import ModeratorEditForm
from proposals.models import EditProposal
from proposals.services import (
    proposal_accept,
    proposal_reject,
    proposal_request_changes,
    proposals_decide,
)
from proposals.views import form_errors
from recipes.merging import EditConflict, conflict_page_context, parse_resolutions
from recipes.models import Chapter
from recipes.rendering import render_markdown
from recipes.versions import latest_version_id

Status = EditProposal.Status
PER_PAGE = 50
QUEUE_MAX_AGE = 60  # seconds; the "Alter" column says "vor 5 Minuten"
ORIGINS = {"import": gettext_lazy("aus einem Import"), "personen": gettext_lazy("von Personen")}
REVIEW_DENIED = gettext_lazy("Vorschläge prüfen kann nur die Moderation.")
ACCEPTED_MESSAGES = {
    Status.ACCEPTED: gettext_lazy("Der Vorschlag ist übernommen; das Rezept hat eine neue Fassung."),
    Status.PARTLY_ACCEPTED: gettext_lazy(
        "Der Vorschlag ist teilweise übernommen; das Rezept hat eine neue Fassung."),
}


def _require_reviewer(user):
    if not user.has_perm(perm("review")):
        raise PermissionDenied(REVIEW_DENIED)


def _proposal(pk):
    return get_object_or_404(
        EditProposal.objects.select_related(
            "author", "recipe__chapter", "recipe__parent", "chapter", "base_version",
            "result_version", "decided_by", "source_comment__author",
        ),
        pk=pk,
    )


@login_required
def proposal_queue(request):
    """Waiting proposals, oldest first; filters by status and chapter (GET, no JavaScript)."""
    _require_reviewer(request.user)  # on every request, also when the page comes from the cache
    return _queue_page(request)


# The queue is the same for every moderator but for their own proposals' rows ({% mine %}), so
# it is shared per role like the reading pages (kochbuch/fragments.py): rendering its 30 rows
# cost 40 ms per request. Every change of a proposal starts a new content generation
# (ProposalsConfig.ready); the "Alter" column ages, hence a new page at least every minute.
@shared_page_cache(max_age=QUEUE_MAX_AGE)
def _queue_page(request):
    proposals = EditProposal.objects.for_listing()
    status = request.GET.get("status", "")
    if status == "alle":
        proposals = proposals.order_by("-created_at", "-pk")
    elif status in Status.values:
        proposals = proposals.filter(status=status).order_by("-created_at", "-pk")
    else:
        status = ""
        proposals = proposals.waiting().order_by("created_at", "pk")
    chapters = list(Chapter.objects.in_order().only("slug", "number", "title"))
    chapter = next((c for c in chapters if c.slug == request.GET.get("kapitel")), None)
    if chapter is not None:
        proposals = proposals.in_chapter(chapter)
    origin = request.GET.get("herkunft", "")
    origin = origin if origin in ORIGINS else ""
    if origin:
        proposals = proposals.from_import() if origin == "import" else proposals.from_people()
    import_id = request.GET.get("import", "")
    import_id = int(import_id) if import_id.isdigit() else None
    if import_id is not None:
        proposals = proposals.filter(import_job_id=import_id)
    page = Paginator(proposals, PER_PAGE).get_page(request.GET.get("seite"))
    return render(request, "proposals/proposal_queue.html", {
        "page": page, "proposals": page.object_list, "chapters": chapters,
        "chapter": chapter, "status": status, "statuses": Status.choices,
        "origin": origin, "origins": ORIGINS.items(), "import_id": import_id,
        "import_waiting": proposals.waiting().count() if import_id is not None else 0,
    })


@login_required
@require_POST
def proposal_bulk(request):
    """Accept or reject the selected proposals (or all waiting ones of one import) at once."""
    _require_reviewer(request.user)
    action = request.POST.get("aktion", "")
    everything = action.startswith("alle-")  # "alle aus diesem Import"
    action = action.removeprefix("alle-")
    if action not in ("annehmen", "ablehnen"):
        return HttpResponseBadRequest(_("Unbekannte Aktion."))
    chosen = EditProposal.objects.waiting().select_related("recipe", "author", "base_version")
    import_id = request.POST.get("import", "")
    if everything:
        if not import_id.isdigit():
            return HttpResponseBadRequest(_("Welcher Import? Die Angabe fehlt."))
        chosen = chosen.filter(import_job_id=int(import_id))
    else:
        ids = [int(pk) for pk in request.POST.getlist("auswahl") if pk.isdigit()]
        chosen = chosen.filter(pk__in=ids)
    chosen = list(chosen.order_by("pk"))
    # back to the same filtered queue (only plain filter values are carried over)
    kept = {key: request.POST.get(key, "") for key in ("status", "kapitel", "herkunft", "import")}
    query = urlencode({key: value for key, value in kept.items() if re.fullmatch(r"[\w-]{1,60}", value)})
    back = reverse("proposal_queue") + (f"?{query}" if query else "")
    if not chosen:
        messages.error(request, _("Bitte wählen Sie mindestens einen wartenden Vorschlag aus."))
        return redirect(back)
    try:
        result = proposals_decide(proposals=chosen, reviewer=request.user, accept=action == "annehmen",
                                  message=request.POST.get("nachricht", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    done = len(result.decided)
    if action == "annehmen":
        messages.success(request, ngettext("%(n)s Vorschlag übernommen.", "%(n)s Vorschläge übernommen.",
                                           done) % {"n": done})
    else:
        messages.success(request, ngettext("%(n)s Vorschlag abgelehnt.", "%(n)s Vorschläge abgelehnt.",
                                           done) % {"n": done})
    for proposal, reason in result.refused:
        messages.warning(request, _("#%(id)s nicht entschieden: %(reason)s") % {"id": proposal.pk, "reason": reason})
    return redirect(back)


@login_required
def proposal_review(request, pk):
    _require_reviewer(request.user)
    proposal = _proposal(pk)
    if request.method == "POST":
        return _decide(request, proposal)
    return _review_page(request, proposal)


def _decide(request, proposal):
    action = request.POST.get("aktion", "")
    message = request.POST.get("nachricht", "")
    try:
        if action in ("alle", "auswahl"):
            accepted = None
            if action == "auswahl":
                try:
                    accepted = parse_change_ids(request.POST.getlist("aenderung"))
                except ValueError:
                    return HttpResponseBadRequest(_("Ungültige Auswahl."))
            proposal = proposal_accept(
                proposal=proposal, reviewer=request.user, accepted_hunks=accepted,
                resolutions=parse_resolutions(request.POST) if "resolve" in request.POST else None,
                current_version_id=_int(request.POST.get("current_version")), message=message,
            )
            messages.success(request, ACCEPTED_MESSAGES[proposal.status])
        elif action == "rueckfrage":
            proposal = proposal_request_changes(proposal=proposal, reviewer=request.user,
                                                message=message)
            messages.success(request, _("Die Bitte um Überarbeitung ist verschickt."))
        elif action == "ablehnen":
            proposal = proposal_reject(proposal=proposal, reviewer=request.user, reason=message)
            messages.success(request, _("Der Vorschlag ist abgelehnt; die Begründung ist verschickt."))
        else:
            return HttpResponseBadRequest(_("Unbekannte Aktion."))
    except EditConflict as conflict:
        return _review_page(request, proposal, conflict=conflict, status=409)
    except ValidationError as error:
        return _review_page(request, proposal, errors={action: error.messages}, status=400)
    return redirect(proposal)


def _review_page(request, proposal, *, conflict=None, errors=None, status=200):
    """Diff against the base or against the current text, the passages, and the decisions."""
    side_by_side = request.GET.get("ansicht") == "nebeneinander"
    against = "aktuell" if request.GET.get("gegen") == "aktuell" else "basis"
    proposed = {"title": proposal.title, "body": proposal.body}
    context = {
        "proposal": proposal, "recipe": proposal.recipe, "chapter": proposal.target_chapter,
        "events": attach_revision_diffs(list(proposal.events.select_related("actor"))),
        "side_by_side": side_by_side, "against": against, "errors": errors or {},
        "is_own": proposal.author_id == request.user.pk and not proposal.is_from_edition,
        "conflict": conflict,
        "posted": request.POST if request.method == "POST" else None,
    }
    if proposal.is_new_recipe:
        context["body"] = render_markdown(proposal.body)
    else:
        base = proposal.base_version.field_dict
        recipe = proposal.recipe
        current = {"title": recipe.title, "body": recipe.body}
        moved_on = latest_version_id(recipe) != proposal.base_version_id
        shown, clean = proposed, True
        if against == "aktuell" and moved_on:
            shown, clean = merged_preview(base, current, proposed)
        changes = proposal_changes(base, proposed)
        selected = _selected_ids(request, changes)
        context.update({
            "moved_on": moved_on, "merge_clean": clean, "changes": changes,
            "selected": selected,
            "diff": shown_diff(current if against == "aktuell" and moved_on else base, shown,
                               side_by_side=side_by_side),
        })
    if conflict is not None:
        context.update(conflict_page_context(proposal.recipe, conflict))
    return render(request, "proposals/proposal_review.html", context, status=status)


def _selected_ids(request, changes):
    """The passages ticked in the last post, or all of them on a fresh page."""
    if request.method == "POST" and request.POST.get("aktion") == "auswahl":
        try:
            return parse_change_ids(request.POST.getlist("aenderung"))
        except ValueError:
            pass
    return {change.id for change in changes}


@login_required
def proposal_review_edit(request, pk):
    """Edit the proposal's text, then accept it in the same step."""
    _require_reviewer(request.user)
    proposal = _proposal(pk)
    if proposal.author_id == request.user.pk and not proposal.is_from_edition:
        raise PermissionDenied(_("Eigene Vorschläge prüft eine andere Person aus der Moderation."))
    if not proposal.allows("accept"):
        messages.error(request, _("Dieser Vorschlag ist bereits entschieden."))
        return redirect(proposal)
    if request.method != "POST":
        form = ModeratorEditForm(initial={"title": proposal.title, "body": proposal.body})
        return _edit_page(request, proposal, form)
    form = ModeratorEditForm(request.POST)
    if "preview" in request.POST or not form.is_valid():
        return _edit_page(request, proposal, form, preview="preview" in request.POST)
    data = form.cleaned_data
    try:
        proposal = proposal_accept(
            proposal=proposal, reviewer=request.user,
            edited_title=data["title"], edited_body=data["body"], message=data["message"],
            resolutions=parse_resolutions(request.POST) if "resolve" in request.POST else None,
            current_version_id=data["current_version"],
        )
    except EditConflict as conflict:
        return _edit_page(request, proposal, form, conflict=conflict)
    except ValidationError as error:
        form_errors(form, error)
        return _edit_page(request, proposal, form)
    messages.success(request, ACCEPTED_MESSAGES[proposal.status])
    return redirect(proposal)


def _edit_page(request, proposal, form, *, preview=False, conflict=None):
    context = {
        "proposal": proposal, "recipe": proposal.recipe, "chapter": proposal.target_chapter,
        "form": form, "conflict": conflict,
        "moved_on": not proposal.is_new_recipe
        and latest_version_id(proposal.recipe) != proposal.base_version_id,
    }
    if preview and form.is_valid():
        base = {} if proposal.is_new_recipe else proposal.base_version.field_dict
        new = {"title": form.cleaned_data["title"], "body": form.cleaned_data["body"]}
        context["preview"] = render_markdown(new["body"])
        context["preview_diff"] = shown_diff(base, new) if base else None
    if conflict is not None:
        data = form.data.copy()
        data["current_version"] = conflict.current_version_id
        context["form"] = ModeratorEditForm(data)
        context.update(conflict_page_context(proposal.recipe, conflict))
    return render(request, "proposals/proposal_review_edit.html", context,
                  status=409 if conflict else 200)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

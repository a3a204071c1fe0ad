"""Proposing changes and new recipes, and following one's own proposals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import perm, require
from proposals import from_comment
from proposals.diffs import attach_revision_diffs, shown_diff
from proposals.forms import NewRecipeProposalForm, ProposalForm, ReviseForm
from proposals.models import EditProposal, ProposalEvent
from proposals.services import (
    proposal_create,
    proposal_create_recipe,
    proposal_revise,
    proposal_withdraw,
)
from recipes.models import Chapter, Recipe
from recipes.rendering import render_markdown
from recipes.versions import latest_version_id

PROPOSE_DENIED = gettext_lazy(
    "Änderungen vorschlagen können angemeldete Mitwirkende mit bestätigter E-Mail-Adresse.")


def _require(user, key, message=PROPOSE_DENIED):
    require(user, key, message)


def visible_proposal(request, pk):
    """The proposal if this person may see it (its author or a reviewer), else 404."""
    return get_object_or_404(
        EditProposal.objects.visible_to(request.user).select_related(
            "author", "recipe__chapter", "recipe__parent", "chapter", "base_version",
            "result_version", "decided_by", "source_comment__author",
        ),
        pk=pk,
    )


def form_errors(form, error: ValidationError):
    """Put a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _preview(form, base):
    if not form.is_valid():
        return None
    new = {"title": form.cleaned_data["title"], "body": form.cleaned_data["body"]}
    return {
        "body": render_markdown(new["body"]),
        "diff": shown_diff(base, new) if base else None,
    }


@login_required
def proposal_create_view(request, slug):
    _require(request.user, "propose")
    recipe = get_object_or_404(Recipe.objects.select_related("chapter", "parent"), slug=slug)
    comment = from_comment.source_comment(request, recipe)  # ?kommentar=: made from a thread
    page = {"recipe": recipe,
            "source": from_comment.comment_context(comment, recipe) if comment else None}
    if request.method != "POST":
        form = ProposalForm(initial={
            "title": recipe.title, "body": recipe.body, "base_version": latest_version_id(recipe),
            "summary": from_comment.prefilled_summary(comment) if comment else "",
        })
        return _form_page(request, form, **page)
    form = ProposalForm(request.POST)
    if "preview" in request.POST or not form.is_valid():
        base = {"title": recipe.title, "body": recipe.body}
        return _form_page(request, form, **page,
                          preview=_preview(form, base) if "preview" in request.POST else None)
    data = form.cleaned_data
    try:
        proposal = proposal_create(
            recipe=recipe, author=request.user, base_version_id=data["base_version"],
            title=data["title"], body=data["body"], summary=data["summary"],
            source_comment=comment,
        )
    except ValidationError as error:
        form_errors(form, error)
        return _form_page(request, form, **page)
    messages.success(request, _("Danke! Ihr Vorschlag ist eingereicht und wartet auf Prüfung durch "
                                "die Moderation. Bis dahin sehen Lesende die bisherige Fassung."))
    return redirect(proposal)


def next_free_number(chapter):
    """The next section number after the chapter's last top-level section, e.g. "7.13"."""
    numbers = Recipe.objects.filter(chapter=chapter, parent=None).values_list("number", flat=True)
    last = max((int(n.split(".")[1]) for n in numbers if n.count(".") == 1), default=0)
    return f"{chapter.number}.{last + 1}"


@login_required
def proposal_create_recipe_view(request, slug):
    _require(request.user, "propose")
    chapter = get_object_or_404(Chapter, slug=slug)
    if request.method != "POST":
        # A link to a recipe that does not exist yet brings its number or title along.
        form = NewRecipeProposalForm(initial={
            "number": request.GET.get("nummer", "")[:20] or next_free_number(chapter),
            "title": request.GET.get("titel", "")[:200],
        })
        return _form_page(request, form, chapter=chapter)
    form = NewRecipeProposalForm(request.POST)
    if "preview" in request.POST or not form.is_valid():
        return _form_page(request, form, chapter=chapter,
                          preview=_preview(form, None) if "preview" in request.POST else None)
    data = form.cleaned_data
    try:
        proposal = proposal_create_recipe(
            chapter=chapter, author=request.user, number=data["number"], title=data["title"],
            body=data["body"], summary=data["summary"],
        )
    except ValidationError as error:
        form_errors(form, error)
        return _form_page(request, form, chapter=chapter)
    messages.success(request, _("Danke! Ihr Vorschlag für ein neues Rezept ist eingereicht und "
                                "wartet auf Prüfung durch die Moderation."))
    return redirect(proposal)


def _form_page(request, form, *, recipe=None, chapter=None, proposal=None, preview=None,
               requested=None, source=None):
    return render(request, "proposals/proposal_form.html", {
        "form": form, "recipe": recipe, "chapter": chapter or (recipe.chapter if recipe else None),
        "proposal": proposal, "preview": preview, "requested": requested,
        "source": source,  # the comment the proposal is made from (from_comment.comment_context)
    })


@login_required
def new_recipe_redirect(request):
    """The chapter chooser on "Meine Vorschläge" posts here (GET, no JavaScript)."""
    chapter = get_object_or_404(Chapter, slug=request.GET.get("kapitel", ""))
    return redirect("proposal_create_recipe", slug=chapter.slug)


@login_required
def my_proposals(request):
    proposals = EditProposal.objects.filter(author=request.user).for_listing()
    return render(request, "proposals/my_proposals.html", {
        "proposals": proposals,
        "chapters": Chapter.objects.in_order().only("slug", "number", "title")
        if request.user.has_perm(perm("propose")) else [],
    })


@login_required
def proposal_detail(request, pk):
    proposal = visible_proposal(request, pk)
    events = list(proposal.events.select_related("actor"))
    attach_revision_diffs(events)
    # The edition wrote an imported proposal; the importing person reviews it like anyone.
    is_author = proposal.author_id == request.user.pk and not proposal.is_from_edition
    context = {
        "proposal": proposal, "events": events, "is_author": is_author,
        "recipe": proposal.recipe, "chapter": proposal.target_chapter,
        "can_review": request.user.has_perm(perm("review")) and not is_author,
    }
    if proposal.is_new_recipe and not proposal.is_accepted:
        context["body"] = render_markdown(proposal.body)
    else:
        base = proposal.base_version.field_dict if proposal.base_version_id else {}
        context["diff"] = shown_diff(base, {"title": proposal.title, "body": proposal.body})
    return render(request, "proposals/proposal_detail.html", context)


@login_required
def proposal_revise_view(request, pk):
    proposal = visible_proposal(request, pk)
    if proposal.author_id != request.user.pk:
        raise PermissionDenied(_("Nur wer den Vorschlag eingereicht hat, kann ihn überarbeiten."))
    if not proposal.allows("revise"):
        messages.error(request, _("Dieser Vorschlag ist bereits entschieden und kann nicht mehr "
                                  "überarbeitet werden."))
        return redirect(proposal)
    new_recipe = proposal.is_new_recipe
    requested = (
        proposal.events.filter(action=ProposalEvent.Action.CHANGES_REQUESTED)
        .select_related("actor").last()
        if proposal.status == EditProposal.Status.CHANGES_REQUESTED else None
    )
    page = {"recipe": proposal.recipe, "chapter": proposal.target_chapter, "proposal": proposal,
            "requested": requested}
    if request.method != "POST":
        initial = {"title": proposal.title, "body": proposal.body, "summary": proposal.summary,
                   "number": proposal.number}
        return _form_page(request, ReviseForm(initial=initial, new_recipe=new_recipe), **page)
    form = ReviseForm(request.POST, new_recipe=new_recipe)
    if "preview" in request.POST or not form.is_valid():
        base = None if new_recipe else proposal.base_version.field_dict
        return _form_page(request, form, **page,
                          preview=_preview(form, base) if "preview" in request.POST else None)
    data = form.cleaned_data
    try:
        proposal = proposal_revise(
            proposal=proposal, author=request.user, title=data["title"], body=data["body"],
            summary=data["summary"], number=data.get("number"), message=data["message"],
        )
    except ValidationError as error:
        form_errors(form, error)
        return _form_page(request, form, **page)
    messages.success(request, _("Ihr überarbeiteter Vorschlag wartet wieder auf Prüfung."))
    return redirect(proposal)


@login_required
@require_POST
def proposal_withdraw_view(request, pk):
    proposal = visible_proposal(request, pk)
    if proposal.author_id != request.user.pk:
        raise PermissionDenied(_("Nur wer den Vorschlag eingereicht hat, kann ihn zurückziehen."))
    try:
        proposal_withdraw(proposal=proposal, author=request.user,
                          message=request.POST.get("nachricht", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sie haben den Vorschlag zurückgezogen."))
    return redirect(proposal)

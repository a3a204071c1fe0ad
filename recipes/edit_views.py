"""Direct edits by moderators and editors, and watching recipes and chapters."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.roles import perm
from recipes.forms import RecipeEditForm
from recipes.merging import EditConflict, conflict_page_context, parse_resolutions
from recipes.models import Chapter, Recipe
from recipes.rendering import render_markdown
from recipes.services import recipe_edit, watch_toggle
from recipes.versions import latest_version_id


@login_required
def recipe_edit_view(request, slug):
    if not request.user.has_perm(perm("edit")):
        raise PermissionDenied("Direkt bearbeiten dürfen Moderation und Redaktion.")
    recipe = get_object_or_404(Recipe.objects.select_related("chapter", "parent"), slug=slug)
    if request.method != "POST":
        form = RecipeEditForm(initial={
            "title": recipe.title, "body": recipe.body, "base_version": latest_version_id(recipe),
        })
        return _edit_page(request, recipe, form)

    form = RecipeEditForm(request.POST)
    if not form.is_valid() or "preview" in request.POST:
        return _edit_page(request, recipe, form, preview="preview" in request.POST)
    data = form.cleaned_data
    saved_in_between = data["base_version"] != latest_version_id(recipe)
    try:
        recipe_edit(
            recipe=recipe, user=request.user, base_version_id=data["base_version"],
            title=data["title"], body=data["body"], comment=data["comment"],
            resolutions=parse_resolutions(request.POST) if "resolve" in request.POST else None,
            current_version_id=data["current_version"],
        )
    except EditConflict as conflict:
        return _edit_page(request, recipe, form, conflict=conflict)
    messages.success(request, (
        "Gespeichert. Eine zwischenzeitliche Änderung wurde mit Ihrer zusammengeführt."
        if saved_in_between else "Gespeichert."
    ))
    return redirect(recipe)


def _edit_page(request, recipe, form, *, preview=False, conflict=None):
    context = {"recipe": recipe, "chapter": recipe.chapter, "form": form, "conflict": conflict}
    if preview and form.is_valid():
        context["preview"] = render_markdown(form.cleaned_data["body"])
    if conflict is not None:
        # The resolution is made against this exact state of the recipe.
        data = form.data.copy()
        data["current_version"] = conflict.current_version_id
        context["form"] = RecipeEditForm(data)
        context.update(conflict_page_context(recipe, conflict))
    return render(request, "recipes/recipe_form.html", context, status=409 if conflict else 200)


@login_required
@require_POST
def watch_toggle_view(request, kind, slug):
    if not request.user.has_perm(perm("comment")):
        raise PermissionDenied("Beobachten können angemeldete Mitwirkende mit bestätigter E-Mail-Adresse.")
    if kind == "recipe":
        target = get_object_or_404(Recipe, slug=slug)
        watching = watch_toggle(user=request.user, recipe=target)
    else:
        target = get_object_or_404(Chapter, slug=slug)
        watching = watch_toggle(user=request.user, chapter=target)
    messages.success(request, "Sie beobachten jetzt diese Seite und erhalten E-Mails zu Änderungen."
                     if watching else "Sie beobachten diese Seite nicht mehr.")
    return redirect(target)

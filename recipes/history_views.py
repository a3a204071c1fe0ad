"""History, old versions, comparison and revert of recipes and chapter intros."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.views.decorators.http import require_POST

from accounts.roles import perm
from kochbuch.fragments import reading_page_cache
from recipes.changes import recent_changes
from recipes.models import Chapter, Recipe
from recipes.rendering import render_markdown, sanitise_html
from recipes.services import recipe_revert
from recipes.versions import history, history_entry, latest_version_id
from textdiff import html_diff, html_diff_side_by_side

# kind (from the URL) → model, the Markdown field, the template folder's name for it
TARGETS = {
    "recipe": (Recipe, "body"),
    "chapter": (Chapter, "intro"),
}


def _target(kind, slug):
    model, body_field = TARGETS[kind]
    queryset = model.objects.select_related("chapter", "parent") if model is Recipe else model.objects
    return get_object_or_404(queryset, slug=slug), body_field


def _chapter_of(obj):
    return obj.chapter if isinstance(obj, Recipe) else obj


@reading_page_cache
def object_history(request, slug, kind):
    obj, _ = _target(kind, slug)
    entries = history(obj)
    return render(request, "recipes/history.html", {
        "obj": obj, "kind": kind, "chapter": _chapter_of(obj),
        "recipe": obj if kind == "recipe" else None, "entries": entries,
    })


@reading_page_cache
def object_version(request, slug, kind, version_id):
    obj, body_field = _target(kind, slug)
    entry = history_entry(obj, version_id)
    return render(request, "recipes/version_detail.html", {
        "obj": obj, "kind": kind, "entry": entry, "chapter": _chapter_of(obj),
        "recipe": obj if kind == "recipe" else None,
        "body": render_markdown(entry.fields.get(body_field, "")),
        "is_current": entry.id == latest_version_id(obj),
        "can_revert": kind == "recipe" and request.user.has_perm(perm("revert")),
    })


@reading_page_cache
def object_compare(request, slug, kind):
    """Word diff of two versions on rendered text; ``von``/``zu`` default to the two newest."""
    obj, body_field = _target(kind, slug)
    entries = history(obj)
    by_id = {entry.id: entry for entry in entries}
    newest = entries[0]
    older = entries[1] if len(entries) > 1 else newest
    old = by_id.get(_int(request.GET.get("von")), older)
    new = by_id.get(_int(request.GET.get("zu")), newest)
    if old.id > new.id:
        old, new = new, old
    side_by_side = request.GET.get("ansicht") == "nebeneinander"
    old_html = render_markdown(old.fields.get(body_field, "")).html
    new_html = render_markdown(new.fields.get(body_field, "")).html
    context = {
        "obj": obj, "kind": kind, "chapter": _chapter_of(obj),
        "recipe": obj if kind == "recipe" else None, "entries": entries,
        "old": old, "new": new, "newest": newest, "side_by_side": side_by_side,
        "title_diff": sanitise_html(html_diff(escape(old.title), escape(new.title))),
    }
    if side_by_side:
        left, right = html_diff_side_by_side(old_html, new_html)
        context["left"], context["right"] = sanitise_html(left), sanitise_html(right)
    else:
        context["inline"] = sanitise_html(html_diff(old_html, new_html))
    return render(request, "recipes/compare.html", context)


@require_POST
def recipe_revert_view(request, slug, version_id):
    if not request.user.has_perm(perm("revert")):
        raise PermissionDenied("Nur die Moderation kann alte Fassungen wiederherstellen.")
    recipe = get_object_or_404(Recipe, slug=slug)
    recipe_revert(recipe=recipe, version_id=version_id, user=request.user)
    messages.success(request, "Die alte Fassung ist als neue Version wiederhergestellt.")
    return redirect("recipe_history", slug=recipe.slug)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@reading_page_cache
def recent_changes_view(request):
    return render(request, "recipes/recent_changes.html", {"changes": recent_changes(limit=100)})

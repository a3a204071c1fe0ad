"""Marking a recipe "fachlich geprüft" and the Redaktion's overview of due reviews."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from reversion.models import Version

from accounts.roles import perm
from recipes.models import Chapter, Recipe
from reviews.forms import ReviewForm
from reviews.models import Review
from reviews.services import may_review, review_record

SOON_DAYS = 30


@login_required
def review_create(request, slug):
    recipe = get_object_or_404(Recipe.objects.select_related("chapter", "parent"), slug=slug)
    if not may_review(request.user):
        raise PermissionDenied("Fachlich prüfen dürfen Moderation und Redaktion.")
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            review_record(recipe=recipe, reviewer=request.user, note=form.cleaned_data["note"],
                          next_due=form.cleaned_data["next_due"], assignee=form.cleaned_data["assignee"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Das Rezept ist als fachlich geprüft vermerkt.")
            return redirect(recipe)
    current = Review.objects.current().filter(recipe=recipe).select_related("reviewer").first()
    return render(request, "reviews/review_form.html", {
        "recipe": recipe, "chapter": recipe.chapter, "form": form, "current": current,
    }, status=400 if form.errors else 200)


@login_required
def review_dashboard(request):
    if not request.user.has_perm(perm("chapters")):
        raise PermissionDenied("Die Übersicht der Prüfungen ist für die Redaktion.")
    chapters = list(Chapter.objects.in_order().only("number", "title", "slug"))
    chosen = request.GET.get("kapitel", "")
    recipes = Recipe.objects.for_listing().select_related("chapter").only(
        "number", "title", "slug", "chapter__number", "chapter__title", "sort_key")
    if chosen.isdigit():
        recipes = recipes.filter(chapter__number=int(chosen))
    recipes = list(recipes)
    ids = [recipe.pk for recipe in recipes]
    reviews = {review.recipe_id: review for review in
               Review.objects.current().filter(recipe_id__in=ids).select_related("reviewer", "assignee")}
    latest = dict(
        Version.objects.filter(content_type=ContentType.objects.get_for_model(Recipe),
                               object_id__in=[str(pk) for pk in ids])
        .values_list("object_id").annotate(newest=Max("pk"))
    )
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=SOON_DAYS)
    rows = {"overdue": [], "soon": [], "never": [], "changed": []}
    for recipe in recipes:
        review = reviews.get(recipe.pk)
        row = {"recipe": recipe, "review": review,
               "changed": review is not None and latest.get(str(recipe.pk)) != review.version_id,
               "newest_version_id": latest.get(str(recipe.pk))}
        if review is None:
            rows["never"].append(row)
        elif review.next_due < today:
            rows["overdue"].append(row)
        elif review.next_due <= soon:
            rows["soon"].append(row)
        elif row["changed"]:
            rows["changed"].append(row)
    rows["overdue"].sort(key=lambda row: row["review"].next_due)
    rows["soon"].sort(key=lambda row: row["review"].next_due)
    return render(request, "reviews/dashboard.html", {
        "chapters": chapters, "chosen": chosen, "rows": rows, "today": today, "soon_days": SOON_DAYS,
    })

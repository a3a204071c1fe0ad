"""One recipe as a PDF, with its citation (editions/recipe_print.py)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_safe

from editions.recipe_print import recipe_pdf
from recipes.models import Recipe, RecipeAlias


@require_safe
def recipe_pdf_view(request, slug):
    recipe = Recipe.objects.select_related("chapter").filter(slug=slug).first()
    if recipe is None:  # an old address of a renamed recipe
        alias = get_object_or_404(RecipeAlias.objects.select_related("recipe"), slug=slug)
        return redirect("recipe_pdf", slug=alias.recipe.slug, permanent=True)
    response = HttpResponse(recipe_pdf(recipe), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kochbuch-{recipe.number}-{recipe.slug}.pdf"'
    return response

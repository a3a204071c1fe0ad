"""The "Autorschaft" page of a recipe: who wrote each paragraph and word, of any version."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from authorship.layout import blocks
from authorship.queries import recipe_authors
from kochbuch.pagecache import anonymous_page_cache
from recipes.models import Recipe
from recipes.versions import latest_version_id


def _decorate(result):
    """Each run with its origin and whether its author's number is shown before it."""
    decorated = []
    for block in blocks(result.attribution):
        lines = []
        previous = None
        for line in block.lines:
            runs = []
            for run in line:
                origin = result.origins[run.origin]
                author = origin.author
                show = run.has_words and author is not previous
                if run.has_words:
                    previous = author
                runs.append({"text": run.text, "origin": origin, "author": author, "marker": show})
            lines.append(runs)
        authors = []
        for origin_id in block.origins:
            author = result.origins[origin_id].author
            if author not in authors:
                authors.append(author)
        decorated.append({"kind": block.kind, "lines": lines, "authors": authors})
    return decorated


@require_safe
@anonymous_page_cache
def recipe_authorship(request, slug, version_id=None):
    recipe = get_object_or_404(Recipe.objects.select_related("chapter", "parent"), slug=slug)
    result = recipe_authors(recipe, version_id)
    return render(request, "authorship/recipe_authorship.html", {
        "recipe": recipe,
        "chapter": recipe.chapter,
        "result": result,
        "blocks": _decorate(result),
        "is_current": version_id is None or result.version.pk == latest_version_id(recipe),
        "total_words": sum(author.words for author in result.authors),
    })

from django.shortcuts import render
from django.utils.translation import gettext as _

from search import german
from search.backends import Filters
from search.engine import search
from search.forms import COMMENTS, RECIPES, SearchForm
from search.indexing import edition_ensure_indexed
from search.models import SearchDocument

PER_PAGE = 20


def search_view(request):
    """The results page: recipes or comments matching the query, filtered, one page at a time."""
    form = SearchForm(request.GET)
    form.is_valid()
    query = german.parse_query(form.value("q", ""))
    tab, chapter, tag, edition = form.tab, form.chapter, form.tag, form.edition
    if tab == COMMENTS:
        edition = None  # comments belong to the current text, not to an edition
    shared = {"chapter_id": chapter.pk if chapter else None, "tag_id": tag.pk if tag else None}
    recipe_filters = Filters(kind=SearchDocument.Kind.RECIPE, edition_id=edition.pk if edition else None, **shared)
    comment_filters = Filters(kind=SearchDocument.Kind.COMMENT, **shared)
    if edition is not None and not query.is_empty:
        edition_ensure_indexed(edition)
    filters, other = (comment_filters, recipe_filters) if tab == COMMENTS else (recipe_filters, comment_filters)
    results = search(query, filters=filters, other_filters=other,
                     page=form.value("seite", 1), per_page=PER_PAGE)
    recipe_total, comment_total = (
        (results.other_total, results.total) if tab == COMMENTS else (results.total, results.other_total)
    )
    return render(request, "search/search_results.html", {
        "form": form,
        "q": form.value("q", ""),
        "query": query,
        "results": results,
        "tab": tab,
        "tabs": {"recipes": RECIPES, "comments": COMMENTS},
        "recipe_total": recipe_total,
        "comment_total": comment_total,
        "chapter": chapter,
        "tag": tag,
        "edition": edition,
        "active_filters": [
            label for label in (
                chapter and _("Kapitel %(number)s") % {"number": chapter.number},
                tag and tag.name,
                edition and edition.name,
            ) if label
        ],
        "first_number": (results.page - 1) * PER_PAGE + 1,
        "page_range": _page_range(results.page, results.pages),
    })


def _page_range(page, pages, around=2):
    """Page numbers to link, with None for a gap: 1 … 4 5 [6] 7 8 … 20."""
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    numbers, previous = [], 0
    for number in shown:
        if number - previous > 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers

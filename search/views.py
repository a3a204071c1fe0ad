from django.shortcuts import render
from django.utils.translation import gettext as _

from kochbuch import pagecache
from kochbuch.fragments import reading_page_cache
from search import german
from search.backends import Filters
from search.engine import search
from search.forms import COMMENTS, PRACTICE, RECIPES, SearchForm
from search.hits import hits_html
from search.indexing import edition_ensure_indexed
from search.models import SearchDocument

PER_PAGE = 20


@reading_page_cache
def search_view(request):
    """The results page: recipes, comments or Erfahrungsberichte matching the query, filtered, one
    page at a time, with the number of hits in the other two tabs.

    Popular queries repeat, so the page is kept like the reading pages (``reading_page_cache``):
    whole for anonymous readers, shared per role for signed-in ones, under the content
    generation, which moves on with every write that can change a hit (and, for the filters'
    lists, ``search.receivers``). What it shows depends on nothing personal: comments and
    Erfahrungsberichte are hits only while everyone may see them.
    """
    form = SearchForm(request.GET, generation=pagecache.generation_for(request))
    query = german.parse_query(form.value("q", ""))
    tab, chapter, tag, edition = form.tab, form.chapter, form.tag, form.edition
    if tab in (COMMENTS, PRACTICE):
        edition = None  # comments and reports belong to the current text, not to an edition
    shared = {"chapter_id": chapter.pk if chapter else None, "tag_id": tag.pk if tag else None}
    recipe_filters = Filters(kind=SearchDocument.Kind.RECIPE, edition_id=edition.pk if edition else None, **shared)
    comment_filters = Filters(kind=SearchDocument.Kind.COMMENT, **shared)
    practice_filters = Filters(kind=SearchDocument.Kind.PRACTICE, **shared)
    if edition is not None and not query.is_empty:
        edition_ensure_indexed(edition.pk)
    kinds = {RECIPES: recipe_filters, COMMENTS: comment_filters, PRACTICE: practice_filters}
    others = [name for name in kinds if name != tab]
    results = search(query, filters=kinds[tab], other_filters=kinds[others[0]],
                     more_filters=[kinds[others[1]]], page=form.value("seite", 1), per_page=PER_PAGE)
    totals = {tab: results.total, others[0]: results.other_total, others[1]: results.more_totals[0]}
    return render(request, "search/search_results.html", {
        "form": form,
        "q": form.value("q", ""),
        "query": query,
        "results": results,
        "hits_html": hits_html(results.hits, edition=edition),
        "tab": tab,
        "tabs": {"recipes": RECIPES, "comments": COMMENTS, "practice": PRACTICE},
        "recipe_total": totals[RECIPES],
        "comment_total": totals[COMMENTS],
        "practice_total": totals[PRACTICE],
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

"""Page-number pagination for lists: ``?page=2`` → ``{count, next, previous, results}``, always
two queries (the count and the page) whatever the size of the list."""

from functools import cache

from django.conf import settings
from django.core.paginator import EmptyPage, InvalidPage, Paginator
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import serializers


def paginate(request, queryset, *, per_page=None):
    """(objects of the requested page, envelope without ``results``)."""
    paginator = Paginator(queryset, per_page or settings.API_PAGE_SIZE)
    number = request.query_params.get("page", "1")
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise Http404(_("Diese Seite gibt es nicht (es gibt %(pages)s).") % {"pages": paginator.num_pages})
    except InvalidPage:
        raise Http404(_("„page“ muss eine positive ganze Zahl sein."))
    return list(page.object_list), {
        "count": paginator.count,
        "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
        "previous": _page_url(request, page.previous_page_number()) if page.has_previous() else None,
    }


def _page_url(request, number):
    query = request.query_params.copy()
    query["page"] = number
    return settings.SITE_URL + request.path + "?" + query.urlencode()


@cache
def paginated(item):
    """The schema of a page of ``item`` serializers (one component per item type)."""
    return type(f"Paginated{item.__name__}List", (serializers.Serializer,), {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": item(many=True),
        "__module__": __name__,
    })

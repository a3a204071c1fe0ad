"""Editions and their frozen snapshots, the search, and the complete dump of the current book."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import api_view
from rest_framework.response import Response

from api import representations as rep
from api import serializers as s
from api.conditional import api_read, last_modified
from api.pagination import paginate, paginated
from api.views import PAGE, _tag_filter, is_number, read
from editions.edition_views import current_zip
from editions.models import Edition
from editions.snapshot import current_snapshot, edition_snapshot
from recipes.models import Chapter
from search import german
from search.backends import Filters
from search.engine import search as run_search
from search.models import SearchDocument


@api_read
@read("Alle Ausgaben, die neueste zuerst", paginated(s.EditionSummary), parameters=[PAGE], tags=["Ausgaben"])
@api_view(["GET"])
def edition_list(request):
    editions, envelope = paginate(request, Edition.objects.all())
    links = rep.Links(request)
    return Response({**envelope, "results": [rep.edition_summary(e, links) for e in editions]})


def _edition(slug):
    edition = Edition.objects.filter(slug=slug).first()
    if edition is None:
        raise Http404(_("Die Ausgabe „%(slug)s“ gibt es nicht.") % {"slug": slug})
    return edition


def _edition_recipe_url(links, edition, recipe):
    return links.api("edition_recipe", edition.slug, recipe.slug)


@api_read
@read("Eine Ausgabe: ihre eingefrorenen Kapitel und Rezepte (Fassungs-Ids)", s.EditionDetail, tags=["Ausgaben"])
@api_view(["GET"])
def edition_detail(request, slug):
    edition = _edition(slug)
    snapshot = edition_snapshot(edition)
    links = rep.Links(request)
    response = Response({
        **rep.edition_summary(edition, links),
        "chapters": [rep.snapshot_chapter(chapter) for chapter in snapshot.chapters],
        "recipes": [rep.snapshot_recipe(recipe, _edition_recipe_url(links, edition, recipe))
                    for recipe in snapshot.recipes],
    })
    return last_modified(response, edition.created_at)


@api_read
@read("Ein Rezept, wie es in einer Ausgabe steht", s.SnapshotRecipeDetail, tags=["Ausgaben"])
@api_view(["GET"])
def edition_recipe(request, slug, recipe_slug):
    edition = _edition(slug)
    recipe = edition_snapshot(edition).recipe_by_slug(recipe_slug)
    if recipe is None:
        raise Http404(_("Diesen Abschnitt gibt es in dieser Ausgabe nicht."))
    links = rep.Links(request)
    response = Response({
        **rep.snapshot_recipe(recipe, _edition_recipe_url(links, edition, recipe)),
        "body_markdown": recipe.body, "body_html": rep.rendered(recipe.body),
    })
    return last_modified(response, edition.created_at)


def _hit(hit, links):
    document = hit.document
    kind = "comment" if document.kind == SearchDocument.Kind.COMMENT else (
        "chapter" if document.recipe_id is None else "recipe")
    recipe = document.recipe if document.recipe_id and kind == "recipe" else None
    return {
        "kind": kind, "title": document.title, "title_html": str(hit.title_html),
        "snippet_html": str(hit.snippet_html), "in_title": hit.in_title,
        "recipe": rep.recipe_ref(recipe, links) if recipe else None, "html_url": links.path(hit.url),
    }


SEARCH_PER_PAGE = 20


@api_read
@read("Volltextsuche (deutsch: Wortformen, Komposita, Tippfehler)", paginated(s.SearchHit), codes=(400, 404),
      tags=["Suche"], parameters=[
          OpenApiParameter("q", str, description="Suchbegriffe; „…“ für eine Wortfolge, -wort schließt aus"),
          OpenApiParameter("in", str, enum=["recipes", "comments"], description="Rezepte (Vorgabe) oder Kommentare"),
          OpenApiParameter("chapter", str, description="Kurzname oder Nummer des Kapitels"),
          OpenApiParameter("tag", str, description="Schlagwort wie beim Rezeptverzeichnis"), PAGE])
@api_view(["GET"])
def search(request):
    params = request.query_params
    kind = {"recipes": SearchDocument.Kind.RECIPE, "comments": SearchDocument.Kind.COMMENT}.get(
        params.get("in", "recipes"))
    if kind is None:
        raise exceptions.ValidationError({"in": [_("Erlaubt sind „recipes“ und „comments“.")]})
    chapter_id = tag_id = None
    if params.get("chapter"):
        value = params["chapter"]
        chapter = Chapter.objects.filter(**({"number": int(value)} if is_number(value) else {"slug": value})).first()
        if chapter is None:
            raise exceptions.ValidationError({"chapter": [_("Dieses Kapitel gibt es nicht.")]})
        chapter_id = chapter.pk
    if params.get("tag"):
        tag = _tag_filter(params["tag"]).first()
        if tag is None:
            raise exceptions.ValidationError({"tag": [_("Dieses Schlagwort gibt es nicht.")]})
        tag_id = tag.pk
    page = params.get("page", "1")
    if not is_number(page, digits=6) or int(page) < 1:
        raise exceptions.ValidationError({"page": [_("„page“ muss eine positive ganze Zahl sein.")]})
    query = german.parse_query(params.get("q", "")[:200])
    results = run_search(query, filters=Filters(kind=kind, chapter_id=chapter_id, tag_id=tag_id),
                         page=int(page), per_page=SEARCH_PER_PAGE)
    links = rep.Links(request)

    def page_url(number):
        query_params = params.copy()
        query_params["page"] = number
        return settings.SITE_URL + request.path + "?" + query_params.urlencode()

    return Response({
        "count": results.total,
        "next": page_url(results.page + 1) if results.page < results.pages else None,
        "previous": page_url(results.page - 1) if results.page > 1 else None,
        "results": [_hit(hit, links) for hit in results.hits],
    })


@api_read
@read("Das ganze aktuelle Buch als JSON (Markdown-Quelltexte, Fassungs-Ids, Lizenz)", s.Dump, codes=(),
      tags=["Offene Daten"])
@api_view(["GET"])
def dump(request):
    snapshot = current_snapshot()
    links = rep.Links(request)
    return Response({
        "title": settings.KOCHBUCH_TITLE, "subtitle": settings.KOCHBUCH_SUBTITLE, "licence": rep.licence(),
        "source": links.path("/"),
        "chapters": [rep.snapshot_chapter(chapter) for chapter in snapshot.chapters],
        "recipes": [{**rep.snapshot_recipe(recipe, links.api("recipe", recipe.slug)), "body_markdown": recipe.body}
                    for recipe in snapshot.recipes],
    })


@extend_schema(summary="Das ganze aktuelle Buch als ZIP mit Markdown-Dateien (wie „Markdown herunterladen“)",
               responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="ZIP-Archiv")},
               tags=["Offene Daten"], auth=[], operation_id="dump_zip")
@api_view(["GET"])
def dump_zip(request):
    return current_zip(request._request)

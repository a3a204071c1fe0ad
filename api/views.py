"""Reading the book through the API: anonymous GET endpoints, each in a fixed number of queries.

Thin function views: parse the query, load with query-set methods, turn the objects into dicts
(``api.representations``). ``api_read`` adds caching, ETag, Last-Modified and 304.
"""

from datetime import datetime, time

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import escape
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import api_view
from rest_framework.response import Response
from reversion.models import Version

from accounts.models import User
from api import representations as rep
from api import serializers as s
from api.conditional import api_read, last_modified
from api.pagination import paginate, paginated
from recipes.models import Chapter, ChapterAlias, Recipe, RecipeAlias, Tag
from recipes.rendering import render_markdown, sanitise_html
from recipes.versions import HistoryEntry, history_entry
from recipes.wikilinks import link_index
from reviews.services import status_for
from textdiff import html_diff

PUBLIC_PROFILE = ["display_name", "funktion", "institution", "bundesland",
                  "show_funktion", "show_institution", "show_bundesland"]


def errors(*codes):
    """The documented error answers of an endpoint, plus 304 for conditional reads."""
    return {code: s.Error for code in codes}


NOT_MODIFIED = {304: OpenApiResponse(description="Nicht geändert (If-None-Match / If-Modified-Since)")}
MOVED = {301: OpenApiResponse(description="Umbenannt: dieselbe Anfrage unter dem neuen Kurznamen")}
MOVED_WRITE = {308: OpenApiResponse(description="Umbenannt: dieselbe Anfrage (POST) unter dem neuen Kurznamen")}
PAGE = OpenApiParameter("page", int, description="Seite (1, 2, …)")


def read(summary, response, *, codes=(404,), parameters=(), tags=("Buch",)):
    """The OpenAPI description of a read endpoint; its operationId is the view's name."""

    def decorate(view):
        return extend_schema(summary=summary, responses={200: response, **MOVED, **NOT_MODIFIED, **errors(401, *codes)},
                             parameters=list(parameters), tags=list(tags), auth=[],
                             operation_id=view.cls.__name__)(view)

    return decorate


@api_read
@read("Das Buch: Titel, Lizenz, Kapitel und Einstiegspunkte", s.Book, codes=())
@api_view(["GET"])
def book(request):
    links = rep.Links(request)
    chapters = Chapter.objects.in_order()
    return Response({
        "title": settings.KOCHBUCH_TITLE, "subtitle": settings.KOCHBUCH_SUBTITLE, "licence": rep.licence(),
        "chapters": [rep.chapter_ref(chapter, links) for chapter in chapters],
        "links": {
            "chapters": links.api("chapters"), "recipes": links.api("recipes"),
            "editions": links.api("editions"), "search": links.api("search"),
            "reports": links.api("reports"), "kommunen": links.api("kommunen"),
            "dump": links.api("dump"), "dump_zip": links.api("dump_zip"),
            "schema": links.api("schema"), "docs": links.api("docs"), "html": links.path("/"),
        },
    })


@api_read
@read("Alle Kapitel in Buchreihenfolge", paginated(s.ChapterSummary), parameters=[PAGE])
@api_view(["GET"])
def chapter_list(request):
    links = rep.Links(request)
    chapters, envelope = paginate(request, Chapter.objects.in_order().defer("intro"))
    return Response({**envelope, "results": [rep.chapter_summary(c, links) for c in chapters]})


def _chapter_or_alias(slug, name):
    """(chapter, None), or (None, a 301 to the same endpoint) for an old slug."""
    chapter = Chapter.objects.filter(slug=slug).first()
    if chapter is None:
        alias = ChapterAlias.objects.select_related("chapter").filter(slug=slug).first()
        if alias is None:
            raise Http404(_("Das Kapitel „%(slug)s“ gibt es nicht.") % {"slug": slug})
        return None, redirect(reverse(f"api:{name}", args=[alias.chapter.slug]), permanent=True)
    return chapter, None


@api_read
@read("Ein Kapitel mit Einleitung und seinen Rezepten", s.ChapterDetail)
@api_view(["GET"])
def chapter_detail(request, slug):
    chapter, moved = _chapter_or_alias(slug, "chapter")
    if moved:
        return moved
    links = rep.Links(request)
    recipes = Recipe.objects.filter(chapter=chapter).in_reading_order().only("number", "slug", "title")
    return Response({
        **rep.chapter_summary(chapter, links), "intro_markdown": chapter.intro,
        "intro_html": rep.rendered(chapter.intro),
        "recipes": [rep.recipe_ref(recipe, links) for recipe in recipes],
        "comments_url": links.api("chapter_comments", chapter.slug),
    })


def is_number(value: str, *, digits=4) -> bool:
    """A plain ASCII number short enough for the database ("²" and 10**30 are not)."""
    return value.isascii() and value.isdecimal() and len(value) <= digits


def _changed_since(value):
    if not value:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None and parse_date(value) is not None:
            moment = datetime.combine(parse_date(value), time.min)
    except ValueError:  # well-formed, but no such day ("2026-13-45")
        moment = None
    if moment is None:
        raise exceptions.ValidationError({"changed_since": [_(
            "Bitte ein Datum wie 2026-03-01 oder einen Zeitpunkt wie 2026-03-01T12:00:00+01:00 angeben.")]})
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _tag_filter(value):
    """``thema/prozesse``, ``stichwort/scannen`` or just the slug (any kind)."""
    kind, _slash, slug = value.rpartition("/")
    tags = Tag.objects.filter(slug=slug, **({"kind": kind} if kind else {}))
    return tags


@api_read
@read("Rezepte in Lesereihenfolge, gefiltert", paginated(s.RecipeSummary), codes=(400, 404), parameters=[
    PAGE,
    OpenApiParameter("chapter", str, description="Kurzname oder Nummer des Kapitels"),
    OpenApiParameter("tag", str, description="Schlagwort: „thema/prozesse“, „stichwort/scannen“ oder nur der Kurzname"),
    OpenApiParameter("changed_since", str, description="nur Rezepte, die seitdem geändert wurden (ISO-8601)"),
])
@api_view(["GET"])
def recipe_list(request):
    recipes = (Recipe.objects.in_reading_order().defer("body")
               .select_related("chapter", "parent").prefetch_related("tags"))
    params = request.query_params
    if params.get("chapter"):
        value = params["chapter"]
        recipes = recipes.filter(**({"chapter__number": int(value)} if is_number(value) else {"chapter__slug": value}))
    if params.get("tag"):
        recipes = recipes.filter(tags__in=_tag_filter(params["tag"])).distinct()
    since = _changed_since(params.get("changed_since"))
    if since is not None:
        recipes = recipes.filter(updated_at__gte=since)
    page, envelope = paginate(request, recipes)
    links = rep.Links(request)
    response = Response({**envelope, "results": [rep.recipe_summary(r, links) for r in page]})
    return last_modified(response, max((r.updated_at for r in page), default=None))


def _recipe(slug, name, *args, queryset=None):
    """The recipe with ``slug``; for an old slug a 301 to the same endpoint under the new one."""
    recipe = (queryset if queryset is not None else Recipe.objects).filter(slug=slug).first()
    if recipe is None:
        alias = RecipeAlias.objects.select_related("recipe").filter(slug=slug).first()
        if alias is None:
            raise Http404(_("Das Rezept „%(slug)s“ gibt es nicht.") % {"slug": slug})
        raise _Moved(reverse(f"api:{name}", args=[alias.recipe.slug, *args]))
    return recipe


class _Moved(Exception):
    def __init__(self, url):
        self.url = url


def follows_renames(view):
    """Old slugs answer with a permanent redirect to the recipe's current URL."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Moved as moved:
            query = request.META.get("QUERY_STRING")
            response = redirect(moved.url + (f"?{query}" if query else ""), permanent=True)
            if request.method not in ("GET", "HEAD"):
                response.status_code = 308  # the client repeats the same POST at the new address
            return response

    return wrapper


def _authors(version_user_ids):
    """The people who wrote versions, newest first, each once (one query)."""
    order = list(dict.fromkeys(pk for pk in version_user_ids if pk is not None))
    users = User.objects.only("pk", *PUBLIC_PROFILE).in_bulk(order)
    return [users[pk] for pk in order if pk in users]


def _review_state(recipe, links):
    """The recipe's "fachlich geprüft" as the recipe page shows it (reviews.services, cached)."""
    review = status_for(recipe)
    if review is None:
        return None
    return {
        "reviewed_at": review["reviewed_at"], "reviewer": review["reviewer"], "next_due": review["next_due"],
        "overdue": review["next_due"] < timezone.localdate(),
        "reviewed_version": {"id": review["version_id"],
                             "url": links.api("recipe_version", recipe.slug, review["version_id"])},
        "changed_since": review["changed"],
    }


@api_read
@read("Ein Rezept: Markdown, bereinigtes HTML, Schlagwörter, Quelle, Prüfung und Autorinnen", s.RecipeDetail)
@api_view(["GET"])
@follows_renames
def recipe_detail(request, slug):
    recipe = _recipe(slug, "recipe", queryset=Recipe.objects.select_related("chapter", "parent")
                     .prefetch_related("tags"))
    versions = list(Version.objects.get_for_object(recipe).values_list("pk", "revision__user_id"))
    links = rep.Links(request)
    previous, next_ = link_index().neighbours(recipe.number)
    current = versions[0][0] if versions else None
    response = Response({
        **rep.recipe_summary(recipe, links),
        "body_markdown": recipe.body, "body_html": rep.rendered(recipe.body),
        "review": _review_state(recipe, links),
        "authors": [rep.person(user, links) for user in _authors(user for _pk, user in versions)],
        "current_version": {"id": current, "url": links.api("recipe_version", recipe.slug, current)}
        if current else None,
        "previous": rep.neighbour(previous, links), "next": rep.neighbour(next_, links),
        "versions_url": links.api("recipe_versions", recipe.slug),
        "diff_url": links.api("recipe_diff", recipe.slug),
        "comments_url": links.api("recipe_comments", recipe.slug),
        "proposals_url": links.api("recipe_proposals", recipe.slug),
    })
    return last_modified(response, recipe.updated_at)


@extend_schema(summary="Ein Rezept über seine Nummer (z. B. 7.1.3), auch eine frühere",
               responses={302: OpenApiResponse(description="weiter zum Rezept"), **errors(404)},
               tags=["Buch"], auth=[], operation_id="recipe_by_number")
@api_view(["GET"])
def recipe_by_number(request, number):
    recipe = Recipe.objects.filter(number=number).only("slug").first()
    if recipe is None:
        alias = RecipeAlias.objects.select_related("recipe").filter(number=number).first()
        if alias is None:
            raise Http404(_("Abschnitt %(number)s gibt es nicht.") % {"number": number})
        recipe = alias.recipe
    return redirect(reverse("api:recipe", args=[recipe.slug]))


def _version_entries(recipe, versions, total, offset=0):
    return [HistoryEntry(version, total - offset - index) for index, version in enumerate(versions)]


def _versions_of(recipe):
    return (Version.objects.get_for_object(recipe)
            .select_related("revision__info__approved_by", "revision__user"))


@api_read
@read("Die Fassungen eines Rezepts, die neueste zuerst", paginated(s.VersionSummary), parameters=[PAGE])
@api_view(["GET"])
@follows_renames
def recipe_versions(request, slug):
    recipe = _recipe(slug, "recipe_versions")
    page, envelope = paginate(request, _versions_of(recipe))
    number = int(request.query_params.get("page", 1))
    offset = (number - 1) * settings.API_PAGE_SIZE
    links = rep.Links(request)
    entries = _version_entries(recipe, page, envelope["count"], offset)
    response = Response({**envelope, "results": [rep.version_summary(e, recipe, links) for e in entries]})
    return last_modified(response, entries[0].created_at if entries and number == 1 else None)


@api_read
@read("Eine Fassung eines Rezepts mit ihrem Text", s.VersionDetail)
@api_view(["GET"])
@follows_renames
def recipe_version(request, slug, version_id):
    recipe = _recipe(slug, "recipe_version", version_id)
    if version_id >= 2**63:  # more than any database id (and than SQLite can take)
        raise Http404(_("Diese Fassung gibt es nicht."))
    entry = history_entry(recipe, version_id)
    current = Version.objects.get_for_object(recipe).values_list("pk", flat=True).first()
    links = rep.Links(request)
    body = entry.fields.get("body", "")
    response = Response({
        **rep.version_summary(entry, recipe, links), "body_markdown": body, "body_html": rep.rendered(body),
        "recipe": rep.recipe_ref(recipe, links), "is_current": entry.id == current,
    })
    return last_modified(response, entry.created_at)


def _int_param(request, name):
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not is_number(value, digits=18):
        raise exceptions.ValidationError({name: [_("Bitte die Id einer Fassung angeben (eine Zahl).")]})
    return int(value)


@api_read
@read("Unterschied zwischen zwei Fassungen (ohne Angabe: die beiden neuesten)", s.Diff, codes=(400, 404),
      parameters=[OpenApiParameter("from", int, description="ältere Fassung (Id)"),
                  OpenApiParameter("to", int, description="neuere Fassung (Id)")])
@api_view(["GET"])
@follows_renames
def recipe_diff(request, slug):
    recipe = _recipe(slug, "recipe_diff")
    old_id, new_id = _int_param(request, "from"), _int_param(request, "to")
    versions = _versions_of(recipe)
    total = versions.count()
    if old_id is None or new_id is None:
        newest = list(versions.values_list("pk", flat=True)[:2])
        new_id = new_id or newest[0]
        old_id = old_id or (newest[1] if len(newest) > 1 else newest[0])
    found = {version.pk: version for version in versions.filter(pk__in=[old_id, new_id])}
    for wanted in (old_id, new_id):
        if wanted not in found:
            raise Http404(_("Die Fassung %(id)s gehört nicht zu diesem Rezept.") % {"id": wanted})
    old_id, new_id = sorted((old_id, new_id))
    sequences = _sequences(recipe, [old_id, new_id], total)
    old = HistoryEntry(found[old_id], sequences[old_id])
    new = HistoryEntry(found[new_id], sequences[new_id])
    old_html = render_markdown(old.fields.get("body", "")).html
    new_html = render_markdown(new.fields.get("body", "")).html
    links = rep.Links(request)
    return Response({
        "recipe": rep.recipe_ref(recipe, links),
        "old": rep.version_summary(old, recipe, links), "new": rep.version_summary(new, recipe, links),
        "title_diff_html": str(sanitise_html(html_diff(escape(old.title), escape(new.title)))),
        "body_diff_html": str(sanitise_html(html_diff(old_html, new_html))),
    })


def _sequences(recipe, version_ids, total):
    """Sequence number (1 = first) of each version id: one count query per id."""
    all_versions = Version.objects.get_for_object(recipe)
    return {pk: total - all_versions.filter(pk__gt=pk).count() for pk in set(version_ids)}


@extend_schema(exclude=True)
@api_view(["GET"])
def api_root_redirect(request):
    return redirect("api:book")

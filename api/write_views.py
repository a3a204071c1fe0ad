"""Comments (read and write) and edit proposals (write) through the API.

Writes need a personal token with the right scope (``api.tokens``) and go through the very
services the web forms use (``comments.services.comment_create``,
``proposals.services.proposal_create``): the same permissions, rate limits, holding for
moderation and notifications. Moderation itself is not offered here.
"""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.response import Response
from reversion.models import Version

from api import representations as rep
from api import serializers as s
from api.conditional import api_read
from api.errors import error_body
from api.pagination import paginate, paginated
from api.tokens import require_scope
from api.views import (
    MOVED,
    MOVED_WRITE,
    NOT_MODIFIED,
    PAGE,
    _chapter_or_alias,
    _recipe,
    errors,
    follows_renames,
)
from comments.discussion import render_bodies
from comments.models import Comment
from comments.services import comment_create
from comments.threads import build_thread
from proposals.services import proposal_create
from recipes.merging import EditConflict, merge_fields
from recipes.models import Recipe

WRITE_ERRORS = {**MOVED_WRITE, **errors(400, 401, 403, 404, 413, 429)}


def _comment(comment, bodies, links):
    shown = comment.is_visible or comment.is_held  # held: only ever the author's own, just written
    return {
        "id": comment.pk, "status": comment.status,
        "author": rep.person(comment.author, links) if shown else None,
        "body_markdown": comment.body if shown else None,
        "body_html": str(bodies[comment.body].html) if shown else None,
        "created_at": comment.created_at if shown else None,
        "edited_at": comment.edited_at if shown else None,
        "quote": comment.anchor_quote if shown else "",
        "resolved": comment.resolved_at is not None, "version_id": comment.version_id,
        "html_url": links.path(comment.target_url()),
        "replies": [],
    }


class _Node:
    """What build_thread needs to decide which comments a thread shows, without their text."""

    __slots__ = ("pk", "parent_id", "status", "author_id")

    def __init__(self, pk, parent_id, status, author_id):
        self.pk, self.parent_id, self.status, self.author_id = pk, parent_id, status, author_id


def _thread_ids(target) -> list[list[int]]:
    """The ids of every shown thread of ``target``, oldest thread first, each in reading order:
    one light query (ids and states only), so a page of threads can be chosen before any text
    is read or rendered."""
    rows = Comment.objects.of_target(target).order_by("created_at", "pk").values_list(
        "pk", "parent_id", "status", "author_id")
    found = []
    for entry in build_thread([_Node(*row) for row in rows]):
        if entry.depth == 0:
            found.append([])
        found[-1].append(entry.comment.pk)
    return found


def threads(target, links, thread_ids):
    """The threads ``thread_ids`` (from ``_thread_ids``) as nested dicts: what an anonymous
    reader sees (held comments left out, hidden and deleted ones only as empty placeholders
    above visible replies)."""
    wanted = [pk for thread in thread_ids for pk in thread]
    comments = list(Comment.objects.filter(pk__in=wanted).for_thread().order_by("created_at", "pk")) if wanted else []
    for comment in comments:
        setattr(comment, "recipe" if isinstance(target, Recipe) else "chapter", target)
    entries = build_thread(comments)
    bodies = render_bodies(entry.comment.body for entry in entries if entry.comment.is_visible)
    roots, stack = [], []
    for entry in entries:
        node = _comment(entry.comment, bodies, links)
        del stack[entry.depth:]
        (stack[-1]["replies"] if stack else roots).append(node)
        stack.append(node)
    return roots


def _thread_page(request, target):
    """One page of threads (``API_PAGE_SIZE`` threads, each whole with all its replies) in two
    queries whatever the number of comments: the ids of all threads, then the page's comments."""
    page, envelope = paginate(request, _thread_ids(target))
    return Response({**envelope, "results": threads(target, rep.Links(request), page)})


def _create_comment(request, target):
    require_scope(request, "comment")
    data = s.CommentIn(data=request.data)
    data.is_valid(raise_exception=True)
    parent = None
    if data.validated_data.get("parent"):
        parent = Comment.objects.of_target(target).filter(pk=data.validated_data["parent"]).first()
        if parent is None:
            raise Http404(_("Den Kommentar, auf den Sie antworten, gibt es hier nicht."))
    kind = "recipe" if isinstance(target, Recipe) else "chapter"
    comment = comment_create(author=request.user, body=data.validated_data["body"], parent=parent,
                             **{kind: target})
    links = rep.Links(request)
    bodies = render_bodies([comment.body])
    return Response(_comment(comment, bodies, links), status=status.HTTP_201_CREATED)


def _with_docs(kind):
    """The OpenAPI description of a comments endpoint (``kind``: "recipe" or "chapter")."""

    def decorate(view):
        view = extend_schema(
            methods=["GET"], summary="Die sichtbaren Kommentare als Threads, seitenweise",
            description=f"Eine Seite enthält bis zu {settings.API_PAGE_SIZE} Threads, jeden vollständig "
                        "mit allen Antworten; „count“ zählt die Threads.",
            operation_id=f"{kind}_comments", parameters=[PAGE],
            responses={200: paginated(s.Comment), **MOVED, **NOT_MODIFIED, **errors(401, 404)},
            tags=["Kommentare"], auth=[])(view)
        return extend_schema(
            methods=["POST"], summary="Einen Kommentar schreiben (Schlüssel mit Recht „comment“)",
            operation_id=f"{kind}_comment_create", request=s.CommentIn,
            responses={201: s.Comment, **WRITE_ERRORS}, tags=["Kommentare"])(view)

    return decorate


@api_read
@_with_docs("recipe")
@api_view(["GET", "POST"])
@follows_renames
def recipe_comments(request, slug):
    recipe = _recipe(slug, "recipe_comments", queryset=Recipe.objects.select_related("chapter"))
    if request.method == "POST":
        return _create_comment(request, recipe)
    return _thread_page(request, recipe)


@api_read
@_with_docs("chapter")
@api_view(["GET", "POST"])
def chapter_comments(request, slug):
    chapter, moved = _chapter_or_alias(slug, "chapter_comments")
    if moved:
        if request.method == "POST":
            moved.status_code = 308
        return moved
    if request.method == "POST":
        return _create_comment(request, chapter)
    return _thread_page(request, chapter)


def _conflict(recipe, base_version_id, title, body):
    """A 409 answer when the text moved on since ``base_version_id`` and the proposal overlaps
    the newer changes (a clean three-way merge is fine: the moderation merges on acceptance)."""
    base = Version.objects.get_for_object(recipe).filter(pk=base_version_id).first()
    current_id = Version.objects.get_for_object(recipe).values_list("pk", flat=True).first()
    if base is None or base.pk == current_id:
        return None  # an unknown base is the service's to refuse (400)
    current = {"title": recipe.title, "body": recipe.body}
    try:
        merge_fields(base=base.field_dict, current=current, mine={"title": title, "body": body},
                     current_version_id=current_id)
    except EditConflict:
        return Response(error_body(
            409, "edit_conflict",
            _("Der Text wurde seit Ihrer Fassung geändert, und Ihre Änderungen überschneiden sich damit. "
              "Bitte übernehmen Sie Ihre Änderungen in die aktuelle Fassung und senden Sie erneut."),
            current={"version": current_id, **current},
            yours={"base_version": base.pk, "title": title, "body": body},
        ), status=409)
    return None


@extend_schema(summary="Eine Änderung vorschlagen (Schlüssel mit Recht „propose“)", request=s.ProposalIn,
               operation_id="recipe_proposal_create",
               responses={201: s.ProposalOut, 409: OpenApiResponse(s.Error, description="Bearbeitungskonflikt: "
                          "beide Texte in „current“ und „yours“"), **WRITE_ERRORS},
               tags=["Vorschläge"])
@api_view(["POST"])
@follows_renames
def recipe_proposals(request, slug):
    recipe = _recipe(slug, "recipe_proposals", queryset=Recipe.objects.select_related("chapter"))
    require_scope(request, "propose")
    data = s.ProposalIn(data=request.data)
    data.is_valid(raise_exception=True)
    values = data.validated_data
    conflict = _conflict(recipe, values["base_version"], values["title"], values["body"])
    if conflict is not None:
        return conflict
    proposal = proposal_create(recipe=recipe, author=request.user, base_version_id=values["base_version"],
                               title=values["title"], body=values["body"], summary=values["summary"])
    links = rep.Links(request)
    return Response({
        "id": proposal.pk, "status": proposal.status, "recipe": rep.recipe_ref(recipe, links),
        "base_version": proposal.base_version_id, "title": proposal.title, "summary": proposal.summary,
        "created_at": proposal.created_at, "html_url": links.html(proposal),
    }, status=status.HTTP_201_CREATED)

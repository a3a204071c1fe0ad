"""Editions for readers: the list, an edition's pages as they were, "Was ist neu?", publishing
(Redaktion), and the downloads (print PDF, Markdown ZIP) of an edition or the current state."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from reversion.models import Version

from accounts.roles import perm
from editions.appendices import chapter_appendices
from editions.comparison import compare_snapshots, contributors
from editions.export_markdown import book_zip
from editions.forms import EditionCompareForm, EditionPublishForm
from editions.models import Edition, PrintFile
from editions.print_files import last_built_file, print_file_for
from editions.services import edition_publish
from editions.snapshot import current_snapshot, edition_snapshot
from kochbuch.downloads import stored_file_response
from recipes.models import Chapter, ChapterAlias, Recipe, RecipeAlias
from recipes.outline import build_outline
from recipes.rendering import render_markdown

CURRENT = "aktuell"


def edition_list(request):
    recipe_type = ContentType.objects.get_for_model(Recipe)
    editions = list(Edition.objects.annotate(
        recipe_count=Count("versions", filter=Q(versions__content_type=recipe_type))).order_by("-date", "-pk"))
    for edition in editions:
        edition.note_html = render_markdown(edition.note) if edition.note.strip() else None
    initial = {"von": editions[0].slug, "zu": CURRENT} if editions else {}
    return render(request, "editions/edition_list.html", {
        "editions": editions,
        "compare_form": EditionCompareForm(editions=editions, initial=initial) if editions else None,
        "can_publish": request.user.has_perm(perm("publish")),
    })


@login_required
def edition_publish_view(request):
    if not request.user.has_perm(perm("publish")):
        raise PermissionDenied("Ausgaben veröffentlichen darf nur die Redaktion.")
    today = timezone.localdate()
    form = EditionPublishForm(request.POST or None,
                              initial={"name": f"Ausgabe {today.year}", "date": today})
    if request.method == "POST" and form.is_valid():
        try:
            edition = edition_publish(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, f"{edition.name} ist veröffentlicht. Die Druckfassung wird im "
                                      "Hintergrund erstellt.")
            return redirect(edition)
    return render(request, "editions/edition_form.html", {"form": form})


def edition_compare_pick(request):
    """The form on the list page: two editions → their comparison's address."""
    editions = list(Edition.objects.all())
    form = EditionCompareForm(request.GET or None, editions=editions)
    if not form.is_valid():
        return redirect("edition_list")
    return redirect("edition_compare", form.cleaned_data["von"], form.cleaned_data["zu"])


# --- Reading an edition ---------------------------------------------------------------------

def edition_detail(request, slug):
    if slug == CURRENT:  # /ausgaben/aktuell/ is the live book
        return redirect("book")
    edition = get_object_or_404(Edition, slug=slug)
    snapshot = edition_snapshot(edition)
    return render(request, "editions/edition_detail.html", {
        "edition": edition, "snapshot": snapshot, "toc": snapshot.toc(),
        "note": render_markdown(edition.note) if edition.note.strip() else "",
    })


def _current_slug(model, object_id):
    return model.objects.filter(pk=object_id).values_list("slug", flat=True).first()


def edition_chapter(request, slug, chapter_slug):
    edition = get_object_or_404(Edition, slug=slug)
    snapshot = edition_snapshot(edition)
    chapter = snapshot.chapter_by_slug(chapter_slug)
    if chapter is None:  # a slug the chapter has now (or had before), not in this edition
        object_id = (Chapter.objects.filter(slug=chapter_slug).values_list("pk", flat=True).first()
                     or ChapterAlias.objects.filter(slug=chapter_slug).values_list("chapter_id", flat=True).first())
        chapter = snapshot.chapter_by_id(object_id) if object_id else None
        if chapter is None:
            raise Http404("Dieses Kapitel gibt es in dieser Ausgabe nicht.")
        return redirect("edition_chapter", edition.slug, chapter.slug)
    recipes = snapshot.recipes_of(chapter)
    return render(request, "editions/edition_chapter.html", {
        "edition": edition, "chapter": chapter, "outline": build_outline(recipes),
        "intro": render_markdown(chapter.intro),
        "current_slug": _current_slug(Chapter, chapter.object_id),
    })


def edition_recipe(request, slug, recipe_slug):
    edition = get_object_or_404(Edition, slug=slug)
    snapshot = edition_snapshot(edition)
    recipe = snapshot.recipe_by_slug(recipe_slug)
    if recipe is None:  # renamed since: the current slug (or an old one) leads here too
        object_id = (Recipe.objects.filter(slug=recipe_slug).values_list("pk", flat=True).first()
                     or RecipeAlias.objects.filter(slug=recipe_slug).values_list("recipe_id", flat=True).first())
        recipe = snapshot.recipe_by_id(object_id) if object_id else None
        if recipe is None:
            raise Http404("Diesen Abschnitt gibt es in dieser Ausgabe nicht.")
        return redirect("edition_recipe", edition.slug, recipe.slug)
    previous, following = snapshot.neighbours(recipe)
    latest = (Version.objects.get_for_object_reference(Recipe, recipe.object_id)
              .values_list("pk", flat=True).first())
    return render(request, "editions/edition_recipe.html", {
        "edition": edition, "recipe": recipe, "chapter": snapshot.chapter_of(recipe),
        "body": render_markdown(recipe.body), "previous": previous, "next": following,
        "parent": snapshot.recipe_by_id(recipe.parent_id) if recipe.parent_id else None,
        "current_slug": _current_slug(Recipe, recipe.object_id),
        "changed_since": latest is not None and latest != recipe.version_id, "latest_version_id": latest,
    })


# --- "Was ist neu?" ---------------------------------------------------------------------------

def edition_compare(request, old_slug, new_slug):
    old = get_object_or_404(Edition, slug=old_slug)
    new = None if new_slug == CURRENT else get_object_or_404(Edition, slug=new_slug)
    if new is not None and (new.date, new.pk) < (old.date, old.pk):
        return redirect("edition_compare", new.slug, old.slug)
    old_snapshot = edition_snapshot(old)
    new_snapshot = edition_snapshot(new) if new else current_snapshot()
    return render(request, "editions/edition_compare.html", {
        "old": old, "new": new, "comparison": compare_snapshots(old_snapshot, new_snapshot),
        "contributors": contributors(new_snapshot, old_snapshot),
        "compare_form": EditionCompareForm(editions=list(Edition.objects.all()),
                                           initial={"von": old.slug, "zu": new.slug if new else CURRENT}),
    })


# --- Downloads ------------------------------------------------------------------------------

def _serve_print(request, edition):
    """The stored PDF when it shows what the book says now; otherwise it is queued and the
    reader is asked to come back (the page reloads itself)."""
    print_file = print_file_for(edition)
    if print_file.status == PrintFile.Status.READY and print_file.file:
        name = f"kochbuch-{edition.slug if edition else CURRENT}.pdf"
        try:
            return stored_file_response(print_file.file, content_type="application/pdf", filename=name)
        except FileNotFoundError:
            pass
    if edition is None:
        # The current state changes with every edit; the PDF built before the last edits is
        # still worth reading while the new one is set. Its file name carries its date.
        previous = last_built_file(None)
        if previous is not None:
            built = timezone.localtime(previous.updated_at)
            response = stored_file_response(
                previous.file, content_type="application/pdf",
                filename=f"kochbuch-{CURRENT}-stand-{built:%Y-%m-%d-%H%M}.pdf")
            response["Cache-Control"] = "no-cache"
            return response
    failed = print_file.status == PrintFile.Status.FAILED
    response = render(request, "editions/print_pending.html", {
        "edition": edition, "print_file": print_file, "failed": failed,
    }, status=503 if failed else 202)
    response["Retry-After"] = "15"
    response["Cache-Control"] = "no-store"
    return response


def edition_pdf(request, slug, file_slug):
    edition = get_object_or_404(Edition, slug=slug)
    if file_slug != edition.slug:
        raise Http404("Diese Datei gibt es nicht.")
    return _serve_print(request, edition)


def current_pdf(request):
    return _serve_print(request, None)


def _zip_response(snapshot, *, slug, title, note="", with_reports=True):
    # The Erfahrungsberichte per chapter: always for the current state, for an edition when
    # the Redaktion published it with them (Edition.with_reports).
    appendices = chapter_appendices(snapshot, site_url=settings.SITE_URL) if with_reports else None
    data = book_zip(snapshot, root=f"kochbuch-{slug}", title=title, note=note, appendices=appendices)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="kochbuch-{slug}.zip"'
    return response


def edition_zip(request, slug, file_slug):
    edition = get_object_or_404(Edition, slug=slug)
    if file_slug != edition.slug:
        raise Http404("Diese Datei gibt es nicht.")
    return _zip_response(edition_snapshot(edition), slug=edition.slug,
                         title=f"Kochbuch E-Government – {edition.name} ({edition.date:%d.%m.%Y})",
                         note=edition.note, with_reports=edition.with_reports)


def current_zip(request):
    today = timezone.localdate()
    return _zip_response(current_snapshot(), slug=CURRENT,
                         title=f"Kochbuch E-Government – aktueller Stand vom {today:%d.%m.%Y}")

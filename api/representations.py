"""The API's objects as plain dicts (described by ``api.serializers``), with absolute links.

Each function takes already-loaded objects and runs no query of its own, so an endpoint's
query count is fixed by the view that loads them.
"""

from django.conf import settings
from django.urls import reverse

from editions.snapshot import ChapterState, RecipeState
from recipes.numbering import pages_label
from recipes.rendering import render_markdown


def absolute(path: str) -> str:
    """An absolute URL on ``SITE_URL``, as in e-mails and the print edition: the same answer
    whichever allowed host name a request came in by, so one cached answer fits all."""
    return settings.SITE_URL + path


class Links:
    """Absolute URLs: ``links.api("recipe", slug)``, ``links.html(obj)``, ``links.path("/")``."""

    def __init__(self, request=None):
        self.base = settings.SITE_URL

    def api(self, name, *args, query=""):
        return self.base + reverse(f"api:{name}", args=args) + (f"?{query}" if query else "")

    def path(self, path):
        return self.base + path

    def html(self, obj):
        return self.base + obj.get_absolute_url()


def licence():
    return {"name": settings.SITE_LICENCE, "url": settings.SITE_LICENCE_URL}


def pages(start, end):

    return {"start": start, "end": end, "label": pages_label(start, end)}


def tag(tag):
    return {"kind": tag.kind, "name": tag.name, "slug": tag.slug}


def person(user, links):
    if user is None:
        return None
    return {"id": user.pk, "name": str(user.public_name), "details": [str(d) for d in user.public_details],
            "html_url": links.html(user)}


def chapter_ref(chapter, links):
    return {"id": chapter.pk, "number": chapter.number, "slug": chapter.slug, "title": chapter.title,
            "url": links.api("chapter", chapter.slug)}


def chapter_summary(chapter, links):
    return {
        **chapter_ref(chapter, links), "subtitle": chapter.subtitle, "teaser": chapter.teaser,
        "pages": pages(chapter.page_start, chapter.page_end), "html_url": links.html(chapter),
        "recipes_url": links.api("recipes", query=f"chapter={chapter.slug}"),
    }


def recipe_ref(recipe, links):
    return {"id": recipe.pk, "number": recipe.number, "slug": recipe.slug, "title": recipe.title,
            "url": links.api("recipe", recipe.slug)}


def recipe_summary(recipe, links):
    """Needs ``chapter``, ``parent`` and ``tags`` loaded (select/prefetch_related)."""
    return {
        **recipe_ref(recipe, links), "level": recipe.level, "chapter": chapter_ref(recipe.chapter, links),
        "parent": recipe_ref(recipe.parent, links) if recipe.parent_id else None,
        "tags": [tag(t) for t in recipe.tags.all()], "pages": pages(recipe.page_start, recipe.page_end),
        "source_edition": recipe.source_edition, "updated_at": recipe.updated_at,
        "html_url": links.html(recipe),
    }


def neighbour(target, links):
    if target is None:
        return None
    return {"number": target.number, "title": target.title,
            "url": links.api("recipe_by_number", target.number), "html_url": links.path(target.url)}


def version_summary(entry, recipe, links):
    """``entry``: a ``recipes.versions.HistoryEntry``."""
    info = entry.info
    return {
        "id": entry.id, "sequence": entry.sequence, "created_at": entry.created_at,
        "author": person(entry.author, links),
        "approved_by": person(info.approved_by, links) if info else None,
        "kind": info.kind if info else "", "comment": entry.revision.comment, "title": entry.title,
        "url": links.api("recipe_version", recipe.slug, entry.id),
        "html_url": links.path(reverse("recipe_version", args=[recipe.slug, entry.id])),
    }


def edition_summary(edition, links):
    return {
        "id": edition.pk, "slug": edition.slug, "name": edition.name, "date": edition.date,
        "note_markdown": edition.note, "url": links.api("edition", edition.slug),
        "html_url": links.html(edition),
        "zip_url": links.path(reverse("edition_zip", args=[edition.slug, edition.slug])),
    }


def snapshot_chapter(chapter: ChapterState):
    return {
        "id": chapter.object_id, "version_id": chapter.version_id, "number": chapter.number,
        "slug": chapter.slug, "title": chapter.title, "subtitle": chapter.subtitle,
        "teaser": chapter.teaser, "intro_markdown": chapter.intro,
        "pages": pages(chapter.page_start, chapter.page_end),
    }


def snapshot_recipe(recipe: RecipeState, url: str):
    return {
        "id": recipe.object_id, "version_id": recipe.version_id, "number": recipe.number,
        "slug": recipe.slug, "title": recipe.title, "chapter_id": recipe.chapter_id,
        "parent_id": recipe.parent_id, "tags": [tag(t) for t in recipe.tags],
        "pages": pages(recipe.page_start, recipe.page_end), "source_edition": recipe.source_edition,
        "url": url,
    }


def rendered(markdown: str, *, profile: str = "recipe") -> str:
    return str(render_markdown(markdown, profile=profile).html)


def kommune_ref(kommune, links):
    return {"id": kommune.pk, "name": kommune.name, "art": kommune.art, "bundesland": kommune.bundesland,
            "url": links.api("kommune", kommune.pk), "html_url": links.html(kommune)}


def kommune_summary(kommune, links):
    return {
        **kommune_ref(kommune, links), "art_label": str(kommune.get_art_display()),
        "bundesland_name": str(kommune.get_bundesland_display()), "ags": kommune.ags, "ars": kommune.ars,
        "latitude": kommune.latitude, "longitude": kommune.longitude, "population": kommune.population,
        "is_model": kommune.is_model, "reports_url": links.api("reports", query=f"kommune={kommune.pk}"),
    }


def report_summary(report, links):
    """Needs ``recipe`` and ``kommune`` loaded (select_related)."""
    return {
        "id": report.pk, "recipe": recipe_ref(report.recipe, links), "kommune": kommune_ref(report.kommune, links),
        "status": report.status, "status_label": str(report.get_status_display()), "since": report.since,
        "created_at": report.created_at, "updated_at": report.updated_at,
        "url": links.api("report", report.pk), "html_url": links.html(report),
    }


REPORT_TEXTS = ("adaptations", "results", "figures", "lessons")


def report_detail(report, links):
    """Needs ``author`` loaded too. The texts go through the comments' Markdown profile, as on
    the report's page; the contact only when its author chose to show it."""
    texts = {}
    for name in REPORT_TEXTS:
        source = getattr(report, name)
        texts[f"{name}_markdown"] = source
        texts[f"{name}_html"] = rendered(source, profile="comment") if source.strip() else ""
    return {**report_summary(report, links), **texts, "links": report.link_list,
            "contact": report.public_contact, "author": person(report.author, links)}

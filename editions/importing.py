"""Importing an edition (from the PDF parser or Markdown files) into chapters and recipes.

The rules, so nothing municipalities wrote is ever damaged:
- a heading new to the site becomes a new chapter/recipe;
- unchanged text changes nothing (re-importing the same file is a no-op);
- changed text replaces the recipe only when its newest version came from an import;
  when it was edited on the site since, the imported text becomes an edit proposal instead;
- nothing is ever deleted.
Everything runs in one transaction; each change is a revision "Import <Ausgabe>, S. x–y".
"""

from dataclasses import asdict, dataclass, field

from django.db import transaction
from reversion.models import Version

from proposals.services import proposal_create
from recipes.bookfiles import ChapterEntry, RecipeEntry
from recipes.models import Chapter, Recipe, RevisionInfo
from recipes.numbering import pages_label
from recipes.services import chapter_save, recipe_save, tags_get_or_create

IMPORT = RevisionInfo.Kind.IMPORT


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)  # site edits kept, import became a proposal
    skipped: list[str] = field(default_factory=list)  # with the reason
    version_ids: list[int] = field(default_factory=list)  # the versions that make the edition

    def as_dict(self):
        return asdict(self)

    @property
    def summary(self):
        return (f"{len(self.created)} neu, {len(self.updated)} aktualisiert, "
                f"{len(self.unchanged)} unverändert, {len(self.proposed)} als Vorschlag")


def structure_from_entries(chapters, recipes) -> dict:
    """Markdown entries in the parser's shape (``ParsedBook.as_dict()``, plus tags), so a
    preview and ``--dry-run --json`` look the same for PDF and Markdown sources."""
    headings = [
        {"level": 1, "number": str(c.number), "title": c.title, "subtitle": c.subtitle,
         "teaser": c.teaser, "page": c.page_start, "page_end": c.page_end, "markdown": c.intro,
         "slug": c.slug}
        for c in chapters
    ] + [
        {"level": r.number.count(".") + 1, "number": r.number, "title": r.title,
         "page": r.page_start, "page_end": r.page_end, "markdown": r.body,
         "thema": r.thema, "stichwort": r.stichwort, "slug": r.slug, "source": r.source_edition}
        for r in recipes
    ]
    headings.sort(key=lambda h: [int(part) for part in h["number"].split(".")])
    pages = max((h["page_end"] or h["page"] or 0 for h in headings), default=0)
    return {"pages": pages, "headings": headings}


def entries_from_structure(structure: dict) -> tuple[list[ChapterEntry], list[RecipeEntry]]:
    """Chapters and recipes from the parser's shape (a parsed PDF or a stored preview)."""
    chapters, recipes = [], []
    for heading in structure["headings"]:
        if heading["level"] == 1:
            chapters.append(ChapterEntry(
                number=int(heading["number"]), title=heading["title"],
                subtitle=heading.get("subtitle") or "", teaser=heading.get("teaser") or "",
                intro=_clean(heading["markdown"]),
                page_start=heading.get("page"), page_end=heading.get("page_end"),
                slug=heading.get("slug") or "",
            ))
        else:
            recipes.append(RecipeEntry(
                number=heading["number"], title=heading["title"], body=_clean(heading["markdown"]),
                page_start=heading.get("page"), page_end=heading.get("page_end"),
                thema=heading.get("thema") or [], stichwort=heading.get("stichwort") or [],
                slug=heading.get("slug") or "", source_edition=heading.get("source"),
            ))
    return chapters, recipes


def _clean(markdown):
    return markdown.strip() + "\n" if markdown.strip() else ""


def _comment(edition_name, entry):
    label = pages_label(entry.page_start, entry.page_end)
    return f"Import {edition_name}, {label}" if label else f"Import {edition_name}"


def _newest_version(obj):
    return Version.objects.get_for_object(obj).select_related("revision__info").first()


def _edited_on_site(obj):
    """True when the newest version is not an import (someone changed it on the site)."""
    newest = _newest_version(obj)
    info = getattr(newest.revision, "info", None) if newest else None
    return newest is not None and (info is None or info.kind != IMPORT)


@transaction.atomic
def edition_import(*, chapters, recipes, edition_name: str, user, progress=None) -> ImportReport:
    """Apply an edition's chapters and recipes to the site (see the module's rules)."""
    report = ImportReport()
    total = max(len(chapters) + len(recipes), 1)
    for done, entry in enumerate(chapters, start=1):
        _import_chapter(entry, edition_name, user, report)
        if progress:
            progress(done, total)
    for done, entry in enumerate(recipes, start=len(chapters) + 1):
        _import_recipe(entry, edition_name, user, report)
        if progress:
            progress(done, total)
    return report


def _import_chapter(entry, edition_name, user, report):
    label = f"Kapitel {entry.number}"
    chapter = Chapter.objects.filter(number=entry.number).first()
    wanted = {"title": entry.title, "subtitle": entry.subtitle, "teaser": entry.teaser,
              "intro": entry.intro, "page_start": entry.page_start, "page_end": entry.page_end}

    def same(fields):
        return all(
            (fields.get(key) or "").strip() == value.strip() if isinstance(value, str)
            else fields.get(key) == value
            for key, value in wanted.items()
        )

    if chapter is None:
        chapter = Chapter(number=entry.number, order=entry.number, slug=entry.slug, **wanted)
        chapter_save(chapter=chapter, user=user, comment=_comment(edition_name, entry), kind=IMPORT)
        report.created.append(label)
    elif same({key: getattr(chapter, key) for key in wanted}):
        report.unchanged.append(label)
    elif (last_import := _last_import_version(chapter)) is not None and same(last_import.field_dict):
        report.unchanged.append(label)  # the edition did not change it; site edits stay
        report.version_ids.append(last_import.pk)
        return
    elif _edited_on_site(chapter):
        report.skipped.append(f"{label}: auf der Website geändert, Import nicht übernommen")
    else:
        for key, value in wanted.items():
            setattr(chapter, key, value)
        chapter_save(chapter=chapter, user=user, comment=_comment(edition_name, entry), kind=IMPORT)
        report.updated.append(label)
    report.version_ids.append(_newest_version(chapter).pk)


def _same_text(fields, entry):
    return (fields.get("title"), (fields.get("body") or "").strip(), fields.get("page_start"),
            fields.get("page_end")) == (entry.title, entry.body.strip(), entry.page_start, entry.page_end)


def _import_recipe(entry, edition_name, user, report):
    label = f"{entry.number} {entry.title}"
    recipe = Recipe.objects.filter(number=entry.number).first()
    comment = _comment(edition_name, entry)
    if recipe is None:
        recipe = recipe_save(
            recipe=Recipe(number=entry.number, title=entry.title, body=entry.body, slug=entry.slug,
                          page_start=entry.page_start, page_end=entry.page_end,
                          source_edition=_source(entry, edition_name)),
            tags=tags_get_or_create(thema=entry.thema, stichwort=entry.stichwort),
            user=user, comment=comment, kind=IMPORT,
        )
        report.created.append(label)
        report.version_ids.append(_newest_version(recipe).pk)
        return
    current = {"title": recipe.title, "body": recipe.body, "page_start": recipe.page_start,
               "page_end": recipe.page_end}
    last_import = _last_import_version(recipe)
    if _same_text(current, entry):
        report.unchanged.append(label)
        report.version_ids.append(_newest_version(recipe).pk)
    elif last_import is not None and _same_text(last_import.field_dict, entry):
        # The edition did not change this recipe; the site's later edits stay as they are.
        report.unchanged.append(label)
        report.version_ids.append(last_import.pk)
    elif _edited_on_site(recipe):
        _propose(recipe, entry, user, comment, base=last_import or _newest_version(recipe))
        report.proposed.append(label)
        report.version_ids.append((last_import or _newest_version(recipe)).pk)
    else:
        recipe.title, recipe.body = entry.title, entry.body
        recipe.page_start, recipe.page_end = entry.page_start, entry.page_end
        recipe.source_edition = _source(entry, edition_name)
        recipe_save(recipe=recipe, user=user, comment=comment, kind=IMPORT)
        report.updated.append(label)
        report.version_ids.append(_newest_version(recipe).pk)


def _source(entry, edition_name):
    """The source edition a file names (an export keeps it), else the edition being imported."""
    return edition_name if entry.source_edition is None else entry.source_edition


def _last_import_version(obj):
    """The newest version that came from an import (None if it was never imported)."""
    return (
        Version.objects.get_for_object(obj)
        .filter(revision__info__kind=IMPORT).select_related("revision").first()
    )


def _propose(recipe, entry, user, comment, *, base):
    """The import's text as a proposal based on ``base`` (the last imported version), so
    accepting it merges the edition's corrections into the site's edits."""
    if user is None:
        raise ImportNeedsUser(
            f"{entry.number} wurde auf der Website geändert; der Import wird dort ein "
            "Änderungsvorschlag und braucht dafür eine importierende Person (--user)."
        )
    proposal_create(
        recipe=recipe, author=user, base_version_id=base.pk, title=entry.title, body=entry.body,
        summary=f"{comment}: Die Website-Fassung wurde seit dem letzten Import geändert.",
        rate_limited=False,  # one import may propose many recipes at once
    )


class ImportNeedsUser(ValueError):
    """Raised inside the import's transaction, so nothing of the import is kept."""

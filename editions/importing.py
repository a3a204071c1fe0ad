"""Importing an edition (from the PDF parser or Markdown files) into chapters and recipes.

``editions.forecast`` says per chapter and recipe what happens (new, unchanged, replaced,
merged, conflict); the editor may decide otherwise per item (take, propose, skip). Rules, so
nothing the municipalities wrote is ever lost or silently overwritten:

- demo text, or text not changed on the site since the last import, is replaced;
- text changed both on the site and in the edition is merged three-way; a clean merge is one
  revision attributed to the edition; a real conflict becomes an edit proposal;
- re-importing the same file writes nothing; a corrected printing touches only what changed;
- nothing is ever deleted.

Text from an edition is written by the edition: its revisions carry ``RevisionInfo.source_edition``
and say "aus Ausgabe 2016 übernommen, importiert von …"; the importing person is only the
revision's user. Every item of the edition ends up as a version holding exactly the edition's
text (the live one, or an edition-only ``EditionRecipeText`` version when the site keeps its own
text), so the edition is its own text whatever the site says. All in one transaction.
"""

import json
from dataclasses import asdict, dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision, Version

from editions.forecast import (
    CONFLICT,
    MERGED,
    NEW,
    PROPOSE,
    SKIP,
    UNCHANGED,
    edition_text_types,
    forecast_chapter,
    forecast_recipe,
    last_imported_version,
    same_text,
)
from editions.models import Edition, EditionChapterText, EditionRecipeText, EditionVersion
from proposals.services import proposal_create_from_edition, proposal_create_recipe_from_edition
from recipes.bookfiles import ChapterEntry, RecipeEntry
from recipes.models import (
    CHAPTER_VERSION_FIELDS,
    RECIPE_VERSION_FIELDS,
    Chapter,
    Recipe,
    RevisionInfo,
)
from recipes.numbering import pages_label, parent_number
from recipes.services import chapter_save, recipe_save, tags_get_or_create

IMPORT = RevisionInfo.Kind.IMPORT
DEFAULT_PUBLISHER = "Bundesministerium des Innern"


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)  # replaced by the edition's text
    merged: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)  # site text kept, the edition's became a proposal
    skipped: list[str] = field(default_factory=list)  # with the reason
    version_ids: list[int] = field(default_factory=list)  # the versions that make the edition

    def as_dict(self):
        return asdict(self)

    @property
    def summary(self):
        return (f"{len(self.created)} neu, {len(self.updated)} ersetzt, {len(self.merged)} zusammengeführt, "
                f"{len(self.unchanged)} unverändert, {len(self.proposed)} als Vorschlag, "
                f"{len(self.skipped)} ausgelassen")


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


@dataclass
class _Run:
    """What every item of one import needs to know."""

    edition_name: str
    publisher: str
    user: object
    decisions: dict
    import_job_id: int | None
    report: ImportReport
    types: dict

    @property
    def source(self):
        return (self.edition_name, self.publisher)

    def comment(self, entry, verb="übernommen"):
        text = f"aus {self.edition_name} {verb}"
        name = getattr(self.user, "public_name", None)
        if name:
            text += f", importiert von {name}"
        label = pages_label(entry.page_start, entry.page_end)
        return f"{text}, {label}" if label else text

    def decision(self, item):
        wanted = self.decisions.get(item.key, item.default_decision)
        return wanted if wanted in item.choices else item.default_decision


@transaction.atomic
def edition_import(*, chapters, recipes, edition_name: str, user, publisher: str = DEFAULT_PUBLISHER,
                   decisions: dict | None = None, import_job_id: int | None = None,
                   progress=None) -> ImportReport:
    """Apply an edition's chapters and recipes to the site (see the module's rules).

    ``decisions`` maps an item's key ("recipe-7.1.3", "chapter-7") to take/propose/skip;
    items without one get their outcome's default. ``progress(done, total)`` is called after
    every recipe.
    """
    run = _Run(edition_name=edition_name, publisher=publisher, user=user, decisions=decisions or {},
               import_job_id=import_job_id, report=ImportReport(), types=edition_text_types())
    for entry in chapters:
        _import_chapter(entry, run)
    for done, entry in enumerate(recipes, start=1):
        _import_recipe(entry, run)
        if progress:
            progress(done, len(recipes))
    return run.report


def _chapter_wanted(entry):
    return {"title": entry.title, "subtitle": entry.subtitle, "teaser": entry.teaser,
            "intro": entry.intro, "page_start": entry.page_start, "page_end": entry.page_end}


def _import_chapter(entry, run):
    label = f"Kapitel {entry.number}"
    chapter = Chapter.objects.select_for_update().filter(number=entry.number).first()
    item = forecast_chapter(entry, chapter, run.types)
    decision = run.decision(item)
    wanted = _chapter_wanted(entry)
    if decision == SKIP:
        run.report.skipped.append(f"{label}: ausgelassen")
    elif item.outcome == NEW:
        chapter = Chapter(number=entry.number, order=entry.number, slug=entry.slug, **wanted)
        chapter_save(chapter=chapter, user=run.user, comment=run.comment(entry), kind=IMPORT, source=run.source)
        run.report.created.append(label)
    elif item.outcome == UNCHANGED:
        run.report.unchanged.append(label)
    elif item.outcome == MERGED:
        for key, value in item.merged.items():
            setattr(chapter, key, value)
        chapter.page_start, chapter.page_end = entry.page_start, entry.page_end
        chapter_save(chapter=chapter, user=run.user, comment=run.comment(entry, "zusammengeführt"),
                     kind=RevisionInfo.Kind.MERGE, source=run.source)
        run.report.merged.append(label)
    else:  # replaced, or a conflict the editor chose to overwrite (the old text stays a version)
        for key, value in wanted.items():
            setattr(chapter, key, value)
        chapter_save(chapter=chapter, user=run.user, comment=run.comment(entry), kind=IMPORT, source=run.source)
        run.report.updated.append(label + (" (Website-Fassung ersetzt, bleibt in den Versionen)"
                                           if item.outcome == CONFLICT else ""))
    if chapter is None:
        return
    chapter_fields = ("title", "subtitle", "teaser", "intro")
    _record_edition_text("chapter", chapter, wanted, chapter_fields, entry, run)


def _import_recipe(entry, run):
    label = f"{entry.number} {entry.title}"
    recipe = Recipe.objects.select_for_update().filter(number=entry.number).first()
    if recipe is not None and not Version.objects.get_for_object(recipe).exists():
        # text made outside the services has no version: keep it as one before anything changes
        recipe_save(recipe=recipe, user=None, comment="Erste Fassung, angelegt beim Import einer Ausgabe")
    item = forecast_recipe(entry, recipe, run.types)
    decision = run.decision(item)
    pages = {"page_start": entry.page_start, "page_end": entry.page_end}
    if decision == SKIP:
        run.report.skipped.append(f"{label}: ausgelassen ({item.outcome_label})")
        if recipe is None:
            return  # a new recipe left out is not in the edition either
    elif item.outcome == NEW and decision == PROPOSE:
        _propose_new(entry, run, label)
        return  # the edition gets the recipe's version when the proposal is accepted whole
    elif item.outcome == NEW and not Chapter.objects.filter(number=_chapter_of(entry)).exists():
        # Its chapter was left out: a recipe cannot stand without it (nothing else is written).
        run.report.skipped.append(f"{label}: ausgelassen (Kapitel {_chapter_of(entry)} ist nicht übernommen)")
        return
    elif item.outcome == NEW and not _parent_on_site(entry.number):
        # Its section was left out or waits as a proposal: the recipe cannot stand without it.
        _propose_new(entry, run, label)
        return
    elif item.outcome == NEW:
        recipe = recipe_save(
            recipe=Recipe(number=entry.number, title=entry.title, body=entry.body, slug=entry.slug,
                          source_edition=_source(entry, run.edition_name), **pages),
            tags=tags_get_or_create(thema=entry.thema, stichwort=entry.stichwort),
            user=run.user, comment=run.comment(entry), kind=IMPORT, source=run.source,
        )
        run.report.created.append(label)
    elif item.outcome == UNCHANGED:
        run.report.unchanged.append(label)
    elif decision == PROPOSE:
        _propose(recipe, entry, item, run)
        run.report.proposed.append(f"{label}: {item.reason}")
    elif item.outcome == MERGED:
        recipe.title, recipe.body = item.merged["title"], item.merged["body"]
        recipe.page_start, recipe.page_end = entry.page_start, entry.page_end
        recipe.source_edition = _source(entry, run.edition_name)
        recipe_save(recipe=recipe, user=run.user, comment=run.comment(entry, "zusammengeführt"),
                    kind=RevisionInfo.Kind.MERGE, source=run.source)
        run.report.merged.append(label)
    else:  # replaced, or a conflict the editor chose to overwrite (the site's text stays a version)
        recipe.title, recipe.body = entry.title, entry.body
        recipe.page_start, recipe.page_end = entry.page_start, entry.page_end
        recipe.source_edition = _source(entry, run.edition_name)
        recipe_save(recipe=recipe, user=run.user, comment=run.comment(entry), kind=IMPORT, source=run.source)
        run.report.updated.append(label + (" (Website-Fassung ersetzt, bleibt in den Versionen)"
                                           if item.outcome == CONFLICT else ""))
    wanted = {"title": entry.title, "body": entry.body, **pages}
    _record_edition_text("recipe", recipe, wanted, ("title", "body"), entry, run)


def _record_edition_text(kind, obj, wanted, text_fields, entry, run):
    """The version that holds exactly the edition's text goes into the edition's snapshot:
    the live one when the site now says it, else the text imported last time when the edition
    repeats it, else a new edition-only version (the site keeps its own text)."""
    obj.refresh_from_db()
    live = Version.objects.get_for_object(obj).first()
    if live is not None and same_text({name: getattr(obj, name) for name in text_fields}, wanted, text_fields):
        run.report.version_ids.append(live.pk)
        return
    base = last_imported_version(kind, obj.pk, run.types)
    if base is not None and same_text(base.field_dict, wanted, text_fields):
        run.report.version_ids.append(base.pk)
        return
    run.report.version_ids.append(_edition_only_version(kind, obj, wanted, entry, run).pk)


def _edition_only_version(kind, obj, wanted, entry, run):
    """A version of ``obj`` with the edition's text that belongs to no history: its content type
    is the edition-text proxy, so the recipe's versions and "Letzte Änderungen" never list it."""
    model, proxy, fields = (
        (Chapter, EditionChapterText, CHAPTER_VERSION_FIELDS) if kind == "chapter"
        else (Recipe, EditionRecipeText, RECIPE_VERSION_FIELDS)
    )
    copy = model.objects.get(pk=obj.pk)
    for name, value in wanted.items():
        setattr(copy, name, value)
    if kind == "recipe":
        copy.source_edition = _source(entry, run.edition_name)
    data = json.loads(serializers.serialize("json", [copy], fields=fields))
    if kind == "recipe" and (entry.thema or entry.stichwort):
        data[0]["fields"]["tags"] = [tag.pk for tag in tags_get_or_create(thema=entry.thema,
                                                                          stichwort=entry.stichwort)]
    user = run.user if run.user is not None and run.user.is_authenticated else None
    revision = Revision.objects.create(
        date_created=timezone.now(), user=user,
        comment=f"{run.comment(entry)} (nur in der Ausgabe; die Website behält ihre Fassung)",
    )
    RevisionInfo.objects.create(revision=revision, kind=IMPORT, source_edition=run.edition_name,
                                source_publisher=run.publisher)
    return Version.objects.create(
        revision=revision, object_id=str(obj.pk), db="default", format="json",
        content_type=ContentType.objects.get_for_model(proxy, for_concrete_model=False),
        serialized_data=json.dumps(data), object_repr=str(copy)[:191],
    )


def _source(entry, edition_name):
    """The source edition a file names (an export keeps it), else the edition being imported."""
    return edition_name if entry.source_edition is None else entry.source_edition


def _propose(recipe, entry, item, run):
    """The edition's text as a proposal on the site's current version: accepting it (all or
    some passages) puts the edition's wording in, the site's text stays in the history."""
    proposal_create_from_edition(
        recipe=recipe, base_version_id=item.site_version_id, title=entry.title, body=entry.body,
        summary=f"{run.comment(entry)}: {item.reason}", source=run.source, importer=run.user,
        import_job_id=run.import_job_id, pages=(entry.page_start, entry.page_end),
    )


def proposed_recipe_join_edition(*, proposal, partly: bool) -> int | None:
    """A new recipe an import proposed was accepted: the edition it came from now holds its
    text (the accepted version when taken whole, else an edition-only version with the
    edition's wording), as if it had been taken at the import. Returns the version id."""
    if not (proposal.is_new_recipe and proposal.is_from_edition and proposal.recipe_id):
        return None
    edition = Edition.objects.filter(name=proposal.source_edition).first()
    if edition is None:  # a dry run, or the edition was removed since
        return None
    recipe = proposal.recipe
    if EditionVersion.objects.filter(edition=edition, version__object_id=str(recipe.pk),
                                     version__content_type__in=edition_text_types()["recipe"]).exists():
        return None
    version_id = proposal.result_version_id
    if partly:
        entry = RecipeEntry(number=proposal.number, title=proposal.title, body=proposal.body,
                            page_start=proposal.page_start, page_end=proposal.page_end,
                            source_edition=proposal.source_edition)
        run = _Run(edition_name=proposal.source_edition, publisher=proposal.source_publisher,
                   user=proposal.author, decisions={}, import_job_id=proposal.import_job_id,
                   report=ImportReport(), types=edition_text_types())
        wanted = {"title": proposal.title, "body": proposal.body, "page_start": proposal.page_start,
                  "page_end": proposal.page_end}
        version_id = _edition_only_version("recipe", recipe, wanted, entry, run).pk
    EditionVersion.objects.create(edition=edition, version_id=version_id)
    return version_id


def _chapter_of(entry) -> int:
    return int(entry.number.split(".")[0])


def _parent_on_site(number):
    parent = parent_number(number)
    return not parent or Recipe.objects.filter(number=parent).exists()


def _propose_new(entry, run, label):
    """A new recipe of the edition as a proposal for a new recipe: the moderation decides, as
    on one a person proposed. Its chapter must exist (taken in this import or before); its
    section may itself wait as a proposal of this import."""
    chapter = Chapter.objects.filter(number=_chapter_of(entry)).first()
    if chapter is None:
        run.report.skipped.append(f"{label}: ausgelassen (als Vorschlag nicht möglich: Kapitel "
                                  f"{_chapter_of(entry)} ist nicht übernommen)")
        return
    try:
        proposal, created = proposal_create_recipe_from_edition(
            chapter=chapter, number=entry.number, title=entry.title, body=entry.body,
            summary=f"{run.comment(entry)}: neu in dieser Ausgabe.", source=run.source,
            importer=run.user, import_job_id=run.import_job_id, pages=(entry.page_start, entry.page_end),
        )
    except ValidationError as error:
        reasons = " ".join(str(message) for message in error.messages)
        run.report.skipped.append(f"{label}: ausgelassen (als Vorschlag nicht möglich: {reasons})")
        return
    if created:
        run.report.proposed.append(f"{label}: neues Rezept, wartet als Vorschlag #{proposal.pk}")
    else:
        run.report.unchanged.append(f"{label} (wartet schon als Vorschlag #{proposal.pk})")


class ImportNeedsUser(ValueError):
    """Kept for callers that still catch it; since imported proposals are written by their
    edition, an import no longer needs an importing person and never raises it."""

"""What importing an edition would do, recipe by recipe, before anything is written.

Each chapter and recipe of the edition is compared three ways (``textdiff``):

- *base*: the text last imported from an edition (none on a first import),
- *site*: the current text on the site,
- *edition*: the text being imported.

and gets one outcome:

- ``new``: the site has no such number yet;
- ``unchanged``: the site already says what the edition says, or the edition repeats the
  text imported last time (the municipalities' later edits stay);
- ``replaced``: the site's text is demo text, or was not changed since the last import;
- ``merged``: site and edition both changed different passages; the clean merge is saved;
- ``conflict``: both changed the same passages, or the site's own text has no imported base
  to merge from; the edition's text becomes a proposal unless the editor decides otherwise
  (a chapter has no proposals: the site keeps its text unless the editor takes the edition's).

Chapters (title, subtitle, teaser, introduction) go through the same classes and the same
three-way merge as recipes. A new recipe may be taken, left out, or become a proposal for a
new recipe that a moderator accepts or rejects like one written by a person.

The forecast only reads. ``editions.importing`` applies it (and computes it again inside its
transaction, so what is written always matches the database at that moment).
"""

from dataclasses import asdict, dataclass

from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from editions.models import EditionChapterText, EditionRecipeText
from proposals.models import EditProposal
from recipes.models import Chapter, Recipe, RevisionInfo
from textdiff import merge3

NEW, UNCHANGED, REPLACED, MERGED, CONFLICT = "new", "unchanged", "replaced", "merged", "conflict"
OUTCOMES = {
    NEW: "neu",
    UNCHANGED: "unverändert",
    REPLACED: "ersetzt",
    MERGED: "zusammengeführt",
    CONFLICT: "Konflikt",
}
# What the editor may decide per item, and what is preselected.
TAKE, PROPOSE, SKIP = "take", "propose", "skip"
DECISIONS = {TAKE: "übernehmen", PROPOSE: "als Vorschlag", SKIP: "auslassen"}
DEFAULT_DECISION = {NEW: TAKE, UNCHANGED: TAKE, REPLACED: TAKE, MERGED: TAKE, CONFLICT: PROPOSE}

RECIPE_TEXT_FIELDS = ("title", "body")
CHAPTER_TEXT_FIELDS = ("title", "subtitle", "teaser", "intro")


@dataclass
class ItemForecast:
    kind: str  # "chapter" or "recipe"
    number: str
    title: str
    chapter_number: int
    outcome: str
    reason: str
    page_start: int | None = None
    page_end: int | None = None
    site_version_id: int | None = None  # the site's newest version (None for new)
    base_version_id: int | None = None  # the text last imported from an edition
    merged: dict | None = None  # the merged fields (outcome "merged")
    # A new recipe of this edition that already waits as a proposal for a new recipe (an
    # earlier run of this import): proposing again finds it, so that stays the default.
    waiting_proposal: int | None = None

    @property
    def key(self):
        return f"{self.kind}-{self.number}"

    @property
    def outcome_label(self):
        return OUTCOMES[self.outcome]

    @property
    def choices(self):
        """The decisions that make sense for this outcome."""
        if self.outcome == UNCHANGED:
            return [TAKE]
        if self.kind == "chapter":  # proposals are about recipes; a chapter is taken or left
            return [TAKE, SKIP]
        return [TAKE, PROPOSE, SKIP]  # a new recipe, too, may wait as a proposal for a new recipe

    @property
    def default_decision(self):
        wanted = PROPOSE if self.waiting_proposal else DEFAULT_DECISION[self.outcome]
        return wanted if wanted in self.choices else SKIP

    def as_dict(self):
        return {**asdict(self), "key": self.key}


def clean_text(value):
    return (value or "").strip()


def same_text(fields: dict, wanted: dict, names) -> bool:
    return all(clean_text(fields.get(name)) == clean_text(wanted.get(name)) for name in names)


def edition_text_types():
    """Content types of chapters and recipes and of their edition-only texts."""
    get = ContentType.objects.get_for_model
    return {
        "chapter": (get(Chapter), get(EditionChapterText, for_concrete_model=False)),
        "recipe": (get(Recipe), get(EditionRecipeText, for_concrete_model=False)),
    }


def last_imported_version(kind, object_id, types=None):
    """The newest version holding an edition's own text (live or edition-only), or None."""
    types = types or edition_text_types()
    return (
        Version.objects.filter(content_type__in=types[kind], object_id=str(object_id),
                               revision__info__kind=RevisionInfo.Kind.IMPORT)
        .select_related("revision").order_by("-pk").first()
    )


def site_version(obj):
    return Version.objects.get_for_object(obj).select_related("revision__info", "revision__user").first()


def _is_demo(version):
    info = getattr(version.revision, "info", None) if version else None
    return info is not None and info.kind == RevisionInfo.Kind.DEMO


def _site_author(version):
    if version is None:  # made outside the services: no history yet
        return "ohne Versionsangabe"
    user = version.revision.user
    name = getattr(user, "public_name", None)
    date = version.revision.date_created.strftime("%d.%m.%Y") if version else ""
    return f"von {name} am {date}" if name else f"am {date}"


def waiting_new_recipe_proposals(numbers=None) -> dict:
    """{number: (proposal id, title, body)} of the proposals for new recipes that imports made
    and that still wait for a decision."""
    waiting = EditProposal.objects.waiting().from_import().filter(chapter__isnull=False)
    if numbers is not None:
        waiting = waiting.filter(number__in=numbers)
    return {number: (pk, title, body) for pk, number, title, body in
            waiting.order_by("pk").values_list("pk", "number", "title", "body")}


def forecast_recipe(entry, recipe, types=None, waiting=None) -> ItemForecast:
    wanted = {"title": entry.title, "body": entry.body}
    item = ItemForecast(kind="recipe", number=entry.number, title=entry.title,
                        chapter_number=int(entry.number.split(".")[0]), outcome=NEW,
                        reason="Neu in dieser Ausgabe.", page_start=entry.page_start,
                        page_end=entry.page_end)
    if recipe is None:
        if waiting is None:
            waiting = waiting_new_recipe_proposals([entry.number])
        found = waiting.get(entry.number)
        if found and same_text({"title": found[1], "body": found[2]}, wanted, RECIPE_TEXT_FIELDS):
            item.waiting_proposal = found[0]
            item.reason = f"Neu in dieser Ausgabe; wartet schon als Vorschlag #{found[0]}."
        return item
    current = site_version(recipe)
    base = last_imported_version("recipe", recipe.pk, types)
    site = {"title": recipe.title, "body": recipe.body}
    item.site_version_id = current.pk if current else None
    item.base_version_id = base.pk if base else None
    same_pages = (recipe.page_start, recipe.page_end) == (entry.page_start, entry.page_end)
    if same_text(site, wanted, RECIPE_TEXT_FIELDS):
        if same_pages:
            item.outcome, item.reason = UNCHANGED, "Die Website hat schon genau diesen Text."
        else:
            item.outcome, item.reason = REPLACED, "Text gleich; nur die Seitenangaben werden berichtigt."
        return item
    base_fields = base.field_dict if base else None
    if base_fields is not None and same_text(base_fields, wanted, RECIPE_TEXT_FIELDS):
        item.outcome = UNCHANGED
        item.reason = ("Die Ausgabe wiederholt den zuletzt importierten Text; "
                       "die Änderungen auf der Website bleiben.")
        return item
    if _is_demo(current):
        item.outcome, item.reason = REPLACED, "Auf der Website steht noch der Demo-Text."
        return item
    if base_fields is not None and same_text(base_fields, site, RECIPE_TEXT_FIELDS):
        item.outcome = REPLACED
        item.reason = "Auf der Website seit dem letzten Import nicht geändert."
        return item
    if base_fields is None:
        item.outcome = CONFLICT
        demo = Version.objects.get_for_object(recipe).filter(revision__info__kind=RevisionInfo.Kind.DEMO).exists()
        written = "Der Demo-Text wurde auf der Website" if demo else "Der Text auf der Website wurde"
        item.reason = (f"{written} {_site_author(current)} bearbeitet und stammt aus keinem Import: "
                       "Es gibt keine gemeinsame Grundlage zum Zusammenführen.")
        return item
    merged, conflicts = merge_fields3(base_fields, site, wanted, RECIPE_TEXT_FIELDS)
    if conflicts:
        item.outcome = CONFLICT
        item.reason = (f"Website ({_site_author(current)}) und Ausgabe haben seit dem letzten Import "
                       f"dieselben Stellen geändert ({' und '.join(conflicts)}).")
    else:
        item.outcome, item.merged = MERGED, merged
        item.reason = ("Website und Ausgabe haben seit dem letzten Import verschiedene Stellen "
                       "geändert; beides wird zusammengeführt.")
    return item


FIELD_LABELS = {"title": "Titel", "body": "Text", "subtitle": "Untertitel", "teaser": "Lesehinweis",
                "intro": "Einleitung"}


def merge_fields3(base: dict, site: dict, wanted: dict, names) -> tuple[dict, list[str]]:
    """Each field merged three-way (base → site, base → edition): the merged fields, and the
    labels of the fields where both changed the same passages."""
    merged, conflicts = {}, []
    for name in names:
        result = merge3(base.get(name) or "", site.get(name) or "", wanted.get(name) or "")
        if result.clean:
            merged[name] = result.text
        else:
            conflicts.append(FIELD_LABELS.get(name, name))
    return merged, conflicts


def _chapter_fields(entry):
    return {"title": entry.title, "subtitle": entry.subtitle, "teaser": entry.teaser, "intro": entry.intro}


def forecast_chapter(entry, chapter, types=None) -> ItemForecast:
    wanted = _chapter_fields(entry)
    item = ItemForecast(kind="chapter", number=str(entry.number), title=entry.title,
                        chapter_number=entry.number, outcome=NEW, reason="Neu in dieser Ausgabe.",
                        page_start=entry.page_start, page_end=entry.page_end)
    if chapter is None:
        return item
    current = site_version(chapter)
    base = last_imported_version("chapter", chapter.pk, types)
    site = {name: getattr(chapter, name) for name in CHAPTER_TEXT_FIELDS}
    item.site_version_id = current.pk if current else None
    item.base_version_id = base.pk if base else None
    same_pages = (chapter.page_start, chapter.page_end) == (entry.page_start, entry.page_end)
    base_fields = base.field_dict if base else None
    if same_text(site, wanted, CHAPTER_TEXT_FIELDS):
        item.outcome = UNCHANGED if same_pages else REPLACED
        item.reason = ("Die Website hat schon genau diesen Text." if same_pages
                       else "Text gleich; nur die Seitenangaben werden berichtigt.")
    elif base_fields is not None and same_text(base_fields, wanted, CHAPTER_TEXT_FIELDS):
        item.outcome = UNCHANGED
        item.reason = ("Die Ausgabe wiederholt den zuletzt importierten Text; "
                       "die Änderungen auf der Website bleiben.")
    elif _is_demo(current):
        item.outcome, item.reason = REPLACED, "Auf der Website steht noch der Demo-Text."
    elif base_fields is not None and same_text(base_fields, site, CHAPTER_TEXT_FIELDS):
        item.outcome, item.reason = REPLACED, "Auf der Website seit dem letzten Import nicht geändert."
    elif base_fields is None:
        item.outcome = CONFLICT
        item.reason = (f"Das Kapitel wurde auf der Website {_site_author(current)} geändert und stammt "
                       "aus keinem Import: Es gibt keine gemeinsame Grundlage zum Zusammenführen. "
                       "Ohne „übernehmen“ behält die Website ihre Fassung, die Ausgabe enthält ihren "
                       "eigenen Text.")
    else:  # changed on both sides since the last import: merged like a recipe's text
        merged, conflicts = merge_fields3(base_fields, site, wanted, CHAPTER_TEXT_FIELDS)
        if conflicts:
            item.outcome = CONFLICT
            item.reason = (f"Website ({_site_author(current)}) und Ausgabe haben seit dem letzten Import "
                           f"dieselben Stellen geändert ({' und '.join(conflicts)}). Ohne „übernehmen“ "
                           "behält die Website ihre Fassung, die Ausgabe enthält ihren eigenen Text.")
        else:
            item.outcome, item.merged = MERGED, merged
            item.reason = ("Website und Ausgabe haben seit dem letzten Import verschiedene Stellen "
                           "geändert; beides wird zusammengeführt.")
    return item


def forecast_import(*, chapters, recipes) -> list[ItemForecast]:
    """One ``ItemForecast`` per chapter and recipe of the edition, in book order."""
    types = edition_text_types()
    site_chapters = {c.number: c for c in Chapter.objects.all()}
    site_recipes = {r.number: r for r in Recipe.objects.all()}
    items = [forecast_chapter(entry, site_chapters.get(entry.number), types) for entry in chapters]
    waiting = waiting_new_recipe_proposals()
    items += [forecast_recipe(entry, site_recipes.get(entry.number), types, waiting) for entry in recipes]
    return items


def forecast_counts(items) -> dict:
    counts = {outcome: 0 for outcome in OUTCOMES}
    for item in items:
        counts[item["outcome"] if isinstance(item, dict) else item.outcome] += 1
    return counts

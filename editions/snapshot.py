"""The book as it was: an edition's frozen versions (or the newest ones) as plain data.

An edition is a set of django-reversion versions, one per chapter and recipe. Reading it
never touches the live ``Chapter``/``Recipe`` rows: every field comes from the versions'
``field_dict``, so later edits, renames and moves cannot change what an edition shows.

A snapshot is immutable, so it is cached under a hash of its version ids: reading an edition
costs one query for the ids, and only the first reader pays for loading and deserialising.
"""

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Max
from reversion.models import Version

from editions.forecast import edition_text_types
from editions.models import EditionVersion
from recipes.models import Chapter, Recipe, Tag
from recipes.numbering import pages_label, sort_key

# Bump when the shape of the cached dataclasses changes.
SNAPSHOT_FORMAT = "2"
CACHE_SECONDS = 60 * 60 * 24 * 7


@dataclass(frozen=True)
class TagState:
    kind: str  # Tag.Kind value
    name: str
    slug: str


@dataclass(frozen=True)
class ChapterState:
    object_id: int
    version_id: int
    number: int
    slug: str
    title: str
    subtitle: str = ""
    teaser: str = ""
    intro: str = ""
    order: int = 0
    page_start: int | None = None
    page_end: int | None = None

    @property
    def pk(self):
        return self.object_id

    def content(self):
        """What a reader sees; two versions with the same content are the same text."""
        return (self.number, self.title, self.subtitle, self.teaser, self.intro.strip())


@dataclass(frozen=True)
class RecipeState:
    object_id: int
    version_id: int
    number: str
    slug: str
    title: str
    body: str = ""
    chapter_id: int | None = None
    parent_id: int | None = None
    page_start: int | None = None
    page_end: int | None = None
    source_edition: str = ""
    tags: tuple[TagState, ...] = ()

    @property
    def pk(self):  # so recipes.outline.build_outline can nest snapshots like recipes
        return self.object_id

    @property
    def level(self):
        return self.number.count(".") + 1

    @property
    def sort_key(self):
        return sort_key(self.number)

    @property
    def chapter_number(self):
        return int(self.number.split(".")[0])

    @property
    def pages_label(self):
        return pages_label(self.page_start, self.page_end)

    @property
    def thema(self):
        return [tag.name for tag in self.tags if tag.kind == Tag.Kind.THEMA]

    @property
    def stichwort(self):
        return [tag.name for tag in self.tags if tag.kind == Tag.Kind.STICHWORT]

    def content(self):
        return (self.number, self.title, self.body.strip(), tuple(sorted((t.kind, t.name) for t in self.tags)))


@dataclass
class BookSnapshot:
    """Chapters in book order and recipes in reading order, with lookups by slug and id."""

    chapters: list[ChapterState] = field(default_factory=list)
    recipes: list[RecipeState] = field(default_factory=list)

    @property
    def version_ids(self) -> list[int]:
        return sorted([c.version_id for c in self.chapters] + [r.version_id for r in self.recipes])

    @cached_property
    def _recipes_by_chapter(self):
        by_number = {chapter.number: chapter.object_id for chapter in self.chapters}
        known = set(by_number.values())
        grouped = {}
        for recipe in self.recipes:
            # The chapter the version pointed to; its number prefix if that chapter is not
            # part of the snapshot (a version older than a chapter move).
            chapter_id = recipe.chapter_id if recipe.chapter_id in known else by_number.get(recipe.chapter_number)
            grouped.setdefault(chapter_id, []).append(recipe)
        return grouped

    def recipes_of(self, chapter: ChapterState) -> list[RecipeState]:
        return self._recipes_by_chapter.get(chapter.object_id, [])

    def chapter_of(self, recipe: RecipeState) -> ChapterState | None:
        for chapter_id, recipes in self._recipes_by_chapter.items():
            if any(other.object_id == recipe.object_id for other in recipes):
                return self.chapter_by_id(chapter_id)
        return None

    def chapter_by_slug(self, slug) -> ChapterState | None:
        return next((chapter for chapter in self.chapters if chapter.slug == slug), None)

    def chapter_by_id(self, object_id) -> ChapterState | None:
        return next((chapter for chapter in self.chapters if chapter.object_id == object_id), None)

    def recipe_by_slug(self, slug) -> RecipeState | None:
        return next((recipe for recipe in self.recipes if recipe.slug == slug), None)

    def recipe_by_id(self, object_id) -> RecipeState | None:
        return next((recipe for recipe in self.recipes if recipe.object_id == object_id), None)

    def neighbours(self, recipe: RecipeState) -> tuple[RecipeState | None, RecipeState | None]:
        index = self.recipes.index(recipe)
        previous = self.recipes[index - 1] if index > 0 else None
        following = self.recipes[index + 1] if index + 1 < len(self.recipes) else None
        return previous, following

    def toc(self):
        """[(chapter, [top-level recipes])] like the start page of the live book."""
        return [(chapter, [r for r in self.recipes_of(chapter) if r.level == 2]) for chapter in self.chapters]


def _int_or_none(value):
    return int(value) if value not in (None, "") else None


def _chapter_state(version) -> ChapterState:
    data = version.field_dict
    return ChapterState(
        object_id=int(version.object_id), version_id=version.pk, number=data["number"],
        slug=data["slug"], title=data["title"], subtitle=data.get("subtitle") or "",
        teaser=data.get("teaser") or "", intro=data.get("intro") or "", order=data.get("order") or 0,
        page_start=data.get("page_start"), page_end=data.get("page_end"),
    )


def _recipe_state(version, tags_by_id) -> RecipeState:
    data = version.field_dict
    tags = [tags_by_id[int(pk)] for pk in data.get("tags") or [] if int(pk) in tags_by_id]
    tags.sort(key=lambda tag: (tag.kind != Tag.Kind.THEMA, tag.name.casefold()))
    return RecipeState(
        object_id=int(version.object_id), version_id=version.pk, number=data["number"],
        slug=data["slug"], title=data["title"], body=data.get("body") or "",
        chapter_id=_int_or_none(data.get("chapter_id")), parent_id=_int_or_none(data.get("parent_id")),
        page_start=data.get("page_start"), page_end=data.get("page_end"),
        source_edition=data.get("source_edition") or "", tags=tuple(tags),
    )


def _load(version_ids) -> BookSnapshot:
    """Two queries: the versions, then the tags they name (tags are not versioned)."""

    # A chapter's or recipe's versions, and the edition-only texts an import stored beside them.
    types = edition_text_types()
    chapter_types = {ct.pk for ct in types["chapter"]}
    recipe_types = {ct.pk for ct in types["recipe"]}
    versions = list(Version.objects.filter(pk__in=version_ids, content_type__in=chapter_types | recipe_types))
    chapter_versions = [v for v in versions if v.content_type_id in chapter_types]
    recipe_versions = [v for v in versions if v.content_type_id in recipe_types]
    tag_ids = {int(pk) for v in recipe_versions for pk in v.field_dict.get("tags") or []}
    tags_by_id = {
        tag.pk: TagState(kind=tag.kind, name=tag.name, slug=tag.slug)
        for tag in Tag.objects.filter(pk__in=tag_ids)
    } if tag_ids else {}
    chapters = sorted((_chapter_state(v) for v in chapter_versions), key=lambda c: (c.order, c.number))
    recipes = sorted((_recipe_state(v, tags_by_id) for v in recipe_versions), key=lambda r: r.sort_key)
    return BookSnapshot(chapters=chapters, recipes=recipes)


def snapshot_digest(version_ids) -> str:
    joined = ",".join(str(pk) for pk in sorted(version_ids))
    return hashlib.sha256(joined.encode()).hexdigest()


def snapshot_for_version_ids(version_ids) -> BookSnapshot:
    """The snapshot made of exactly these versions (cached: versions never change)."""
    key = f"book-snapshot:{SNAPSHOT_FORMAT}:{snapshot_digest(version_ids)}"
    snapshot = cache.get(key)
    if snapshot is None:
        snapshot = _load(version_ids)
        cache.set(key, snapshot, CACHE_SECONDS)
    return snapshot


def edition_version_ids(edition) -> list[int]:
    return sorted(EditionVersion.objects.filter(edition=edition).values_list("version_id", flat=True))


def edition_snapshot(edition) -> BookSnapshot:
    """The book as it was in ``edition``: one query when cached."""
    return snapshot_for_version_ids(edition_version_ids(edition))


def latest_version_ids() -> list[int]:
    """The newest version of every chapter and recipe that exists now (four small queries)."""
    ids = []
    for model in (Chapter, Recipe):
        content_type = ContentType.objects.get_for_model(model)
        existing = {str(pk) for pk in model.objects.values_list("pk", flat=True)}
        newest = (
            Version.objects.filter(content_type=content_type).values("object_id")
            .annotate(newest=Max("pk")).values_list("object_id", "newest")
        )
        ids += [version_id for object_id, version_id in newest if object_id in existing]
    return sorted(ids)


def current_snapshot() -> BookSnapshot:
    """The book now, read from the same versions an edition published now would freeze."""
    return snapshot_for_version_ids(latest_version_ids())

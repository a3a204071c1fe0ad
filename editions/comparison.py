""""Was ist neu?": what changed between two snapshots of the book, and who wrote it.

Recipes are matched by identity (the recipe's id), not by number or slug, so a recipe that
was renamed or renumbered counts as changed, not as removed plus added.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils.html import escape
from reversion.models import Version

from editions.forecast import edition_text_types
from editions.snapshot import BookSnapshot, ChapterState, RecipeState
from recipes.models import Chapter, Recipe, RevisionInfo
from recipes.rendering import RENDERER_VERSION, Rendered, render_markdown, sanitise_html
from textdiff import html_diff


@dataclass
class RecipeChange:
    old: RecipeState | None
    new: RecipeState | None

    @property
    def recipe(self):
        return self.new or self.old

    @property
    def renumbered(self):
        return self.old and self.new and self.old.number != self.new.number

    @property
    def retitled(self):
        return self.old and self.new and self.old.title != self.new.title

    @property
    def body_changed(self):
        return self.old.body.strip() != self.new.body.strip()

    @property
    def tags_changed(self):
        return {(t.kind, t.name) for t in self.old.tags} != {(t.kind, t.name) for t in self.new.tags}

    def title_diff(self) -> Rendered:
        return sanitise_html(html_diff(escape(self.old.title), escape(self.new.title)))

    def body_diff(self) -> Rendered:
        """The word diff of the rendered texts, cached per pair of versions."""
        key = f"edition-diff:{RENDERER_VERSION}:{self.old.version_id}:{self.new.version_id}"
        html = cache.get(key)
        if html is None:
            html = sanitise_html(html_diff(render_markdown(self.old.body).html,
                                           render_markdown(self.new.body).html)).html
            cache.set(key, html, 60 * 60 * 24 * 7)
        return Rendered(html=html)


@dataclass
class ChapterChange:
    old: ChapterState
    new: ChapterState


@dataclass
class Comparison:
    added: list[RecipeChange] = field(default_factory=list)
    removed: list[RecipeChange] = field(default_factory=list)
    changed: list[RecipeChange] = field(default_factory=list)
    chapters_added: list[ChapterState] = field(default_factory=list)
    chapters_changed: list[ChapterChange] = field(default_factory=list)

    @property
    def is_empty(self):
        return not (self.added or self.removed or self.changed or self.chapters_added or self.chapters_changed)


def compare_snapshots(old: BookSnapshot, new: BookSnapshot) -> Comparison:
    """Added, removed and changed recipes (and chapters) from ``old`` to ``new``."""
    result = Comparison()
    old_recipes = {recipe.object_id: recipe for recipe in old.recipes}
    new_ids = {recipe.object_id for recipe in new.recipes}
    for recipe in new.recipes:
        before = old_recipes.get(recipe.object_id)
        if before is None:
            result.added.append(RecipeChange(None, recipe))
        elif before.content() != recipe.content():
            result.changed.append(RecipeChange(before, recipe))
    result.removed = [RecipeChange(recipe, None) for recipe in old.recipes if recipe.object_id not in new_ids]
    old_chapters = {chapter.object_id: chapter for chapter in old.chapters}
    for chapter in new.chapters:
        before = old_chapters.get(chapter.object_id)
        if before is None:
            result.chapters_added.append(chapter)
        elif before.content() != chapter.content():
            result.chapters_changed.append(ChapterChange(before, chapter))
    return result


@dataclass(frozen=True)
class Contributor:
    name: str
    kommune: str  # empty when the person does not show it


def german_sort_key(text: str) -> str:
    """Names sort as in a German index: umlauts like their base letter, ß like ss."""
    return text.casefold().translate(str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"}))


def contributors(new: BookSnapshot, old: BookSnapshot | None = None) -> list[Contributor]:
    """The people whose versions lie between ``old`` and ``new`` (all of them without ``old``).

    For each chapter and recipe in ``new``: its versions after the one in ``old`` (all, when
    it is new) up to and including the one in ``new``. Four queries, whatever the book's size.
    """
    types = {ContentType.objects.get_for_model(model).pk: kind
             for model, kind in ((Chapter, "chapter"), (Recipe, "recipe"))}
    kind_of = {"chapter": "chapters", "recipe": "recipes"}
    # An imported edition may hold its own text beside the site's (an edition-only version):
    # then everyone who wrote the site's text of that item differs from the edition.
    edition_only = set()
    if old:

        proxies = [proxy for _, proxy in edition_text_types().values()]
        edition_only = set(Version.objects.filter(pk__in=old.version_ids, content_type__in=proxies)
                           .values_list("pk", flat=True))
    # Text that is exactly an edition's own (imported verbatim) was written by that edition:
    # nobody on the site contributed to it, whatever was there before.
    verbatim = set(Version.objects.filter(pk__in=new.version_ids, revision__info__kind=RevisionInfo.Kind.IMPORT)
                   .exclude(revision__info__source_edition="").values_list("pk", flat=True))
    bounds = {}
    for type_id, kind in types.items():
        before = {item.object_id: (0 if item.version_id in edition_only else item.version_id)
                  for item in getattr(old, kind_of[kind])} if old else {}
        for item in getattr(new, kind_of[kind]):
            if item.version_id in verbatim:
                continue
            bounds[(type_id, str(item.object_id))] = (before.get(item.object_id, 0), item.version_id)
    if not bounds:
        return []
    lowest = min(low for low, _ in bounds.values())
    highest = max(high for _, high in bounds.values())
    rows = (
        Version.objects.filter(content_type_id__in=types, pk__gt=lowest, pk__lte=highest,
                               revision__user__isnull=False)
        .exclude(revision__info__source_edition__gt="")  # an edition's text: not the importer's
        .values_list("content_type_id", "object_id", "pk", "revision__user_id")
    )
    user_ids = set()
    for type_id, object_id, version_id, user_id in rows.iterator():
        low, high = bounds.get((type_id, object_id), (None, None))
        if low is not None and low < version_id <= high:
            user_ids.add(user_id)
    people = get_user_model().objects.filter(pk__in=user_ids).only(
        "display_name", "institution", "show_institution")
    result = {Contributor(name=str(person.public_name),
                          kommune=person.institution if person.show_institution else "")
              for person in people}
    return sorted(result, key=lambda person: (german_sort_key(person.name), german_sort_key(person.kommune)))

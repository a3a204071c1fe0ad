"""Every change to the book's content goes through here, so the history is always complete.

Each function runs in one transaction and one django-reversion revision that names the user
and a readable comment.
"""

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from recipes.models import Chapter, ChapterAlias, Recipe, RecipeAlias, Tag
from recipes.numbering import chapter_number, is_valid_number, parent_number
from recipes.wikilinks import link_index_invalidate


def _open_revision(user, comment):
    reversion.set_user(user if user is not None and user.is_authenticated else None)
    reversion.set_comment(comment)


@transaction.atomic
def chapter_save(*, chapter: Chapter, user, comment: str) -> Chapter:
    """Create or change a chapter; an old slug keeps redirecting."""
    if not chapter.slug:
        chapter.slug = f"{chapter.number}-{slugify(chapter.title)}"
    previous_slug = (
        Chapter.objects.filter(pk=chapter.pk).values_list("slug", flat=True).first()
        if chapter.pk else None
    )
    chapter.full_clean()
    with reversion.create_revision():
        _open_revision(user, comment)
        chapter.save()
    if previous_slug and previous_slug != chapter.slug:
        ChapterAlias.objects.get_or_create(chapter=chapter, slug=previous_slug)
    return chapter


def tags_get_or_create(*, thema=(), stichwort=()):
    """The Tag objects for the given names, created when new."""
    tags = []
    for kind, names in ((Tag.Kind.THEMA, thema), (Tag.Kind.STICHWORT, stichwort)):
        for name in names:
            name = name.strip()
            if not name:
                continue
            tag, _ = Tag.objects.get_or_create(
                kind=kind, slug=slugify(name) or "x", defaults={"name": name}
            )
            tags.append(tag)
    return tags


def _place_recipe(recipe):
    """Derive chapter, parent and sort key from the number, refusing impossible numbers."""
    if not is_valid_number(recipe.number) or "." not in recipe.number:
        raise ValidationError({"number": "Nummer wie „7.1“ oder „7.1.3“ erwartet."})
    try:
        recipe.chapter = Chapter.objects.get(number=chapter_number(recipe.number))
    except Chapter.DoesNotExist:
        raise ValidationError({"number": f"Kapitel {chapter_number(recipe.number)} gibt es nicht."})
    wanted_parent = parent_number(recipe.number)
    recipe.parent = (
        Recipe.objects.filter(number=wanted_parent).first() if wanted_parent else None
    )
    if wanted_parent and recipe.parent is None:
        raise ValidationError({"number": f"Abschnitt {wanted_parent} gibt es nicht."})
    recipe.derive_ordering_fields()


def _unique_slug(recipe):
    base = slugify(recipe.title)[:110] or "rezept"
    slug, counter = base, 2
    while Recipe.objects.filter(slug=slug).exclude(pk=recipe.pk).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def recipe_save(*, recipe: Recipe, user, comment: str, tags=None) -> Recipe:
    """Create or change a recipe as one new version.

    ``tags`` (a list of Tag) replaces the recipe's tags when given. Old slugs and numbers are
    kept as aliases so links and citations keep working.
    """
    previous = (
        Recipe.objects.filter(pk=recipe.pk).values("slug", "number", "title").first()
        if recipe.pk else None
    )
    _place_recipe(recipe)
    if not recipe.slug:
        recipe.slug = _unique_slug(recipe)
    recipe.full_clean(exclude=["chapter", "parent", "sort_key"])
    with reversion.create_revision():
        _open_revision(user, comment)
        recipe.save()
        if tags is not None:
            recipe.tags.set(tags)
    if previous:
        if previous["slug"] != recipe.slug:
            RecipeAlias.objects.create(recipe=recipe, slug=previous["slug"])
        if previous["number"] != recipe.number:
            RecipeAlias.objects.create(recipe=recipe, number=previous["number"])
    if previous is None or previous["number"] != recipe.number or previous["title"] != recipe.title \
            or previous["slug"] != recipe.slug:
        transaction.on_commit(link_index_invalidate)
        link_index_invalidate()
    return recipe


@transaction.atomic
def book_load(*, chapters, recipes, user, comment: str, source_edition: str = "") -> tuple[int, int]:
    """Create the chapters and recipes read by ``bookfiles`` (each one its own first version).

    Used for the demo book; existing numbers are left alone, so running it twice changes nothing.
    Returns how many chapters and recipes were created.
    """
    created_chapters = created_recipes = 0
    for entry in chapters:
        if Chapter.objects.filter(number=entry.number).exists():
            continue
        chapter_save(
            chapter=Chapter(
                number=entry.number, title=entry.title, subtitle=entry.subtitle,
                teaser=entry.teaser, intro=entry.intro, order=entry.number,
                page_start=entry.page_start, page_end=entry.page_end,
            ),
            user=user, comment=comment,
        )
        created_chapters += 1
    for entry in recipes:  # reading order: parents before children
        if Recipe.objects.filter(number=entry.number).exists():
            continue
        recipe_save(
            recipe=Recipe(
                number=entry.number, title=entry.title, body=entry.body, slug=entry.slug,
                page_start=entry.page_start, page_end=entry.page_end, source_edition=source_edition,
            ),
            tags=tags_get_or_create(thema=entry.thema, stichwort=entry.stichwort),
            user=user, comment=comment,
        )
        created_recipes += 1
    return created_chapters, created_recipes

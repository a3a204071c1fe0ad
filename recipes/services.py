"""Every change to the book's content goes through here, so the history is always complete.

Each function runs in one transaction and one django-reversion revision that names the user
and a readable comment. Every saved chapter and recipe is announced (``recipes.signals``): the
search index, the print PDF and the page cache follow through their subscriptions, whichever
path the write came by (site, admin, import, proposals).
"""

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction

from kochbuch.notifications import notify
from recipes.merging import merge_fields
from recipes.models import Chapter, ChapterAlias, Recipe, RecipeAlias, RevisionInfo, Tag, Watch
from recipes.numbering import chapter_number, is_valid_number, parent_number
from recipes.signals import chapter_saved, recipe_saved
from recipes.slugs import german_slugify
from recipes.versions import history_entry, latest_version_id, version_fields
from recipes.wikilinks import link_index_invalidate


def _open_revision(user, comment, *, kind=RevisionInfo.Kind.EDIT, approved_by=None, proposal_url="",
                   source=("", "")):
    reversion.set_user(user if user is not None and user.is_authenticated else None)
    reversion.set_comment(comment)
    reversion.add_meta(RevisionInfo, kind=kind, approved_by=approved_by, proposal_url=proposal_url,
                       source_edition=source[0], source_publisher=source[1])


@transaction.atomic
def chapter_save(*, chapter: Chapter, user, comment: str, kind=RevisionInfo.Kind.EDIT,
                 source=("", "")) -> Chapter:
    """Create or change a chapter; an old slug keeps redirecting."""
    if not chapter.slug:
        chapter.slug = f"{chapter.number}-{german_slugify(chapter.title)}"
    previous_slug = (
        Chapter.objects.filter(pk=chapter.pk).values_list("slug", flat=True).first()
        if chapter.pk else None
    )
    chapter.full_clean()
    with reversion.create_revision():
        _open_revision(user, comment, kind=kind, source=source)
        chapter.save()
    if previous_slug and previous_slug != chapter.slug:
        ChapterAlias.objects.get_or_create(chapter=chapter, slug=previous_slug)
    chapter_saved.send(sender=Chapter, chapter=chapter, created=previous_slug is None)
    return chapter


def _notify_watchers(recipe, *, actors, comment, created):
    watchers = [watch.user for watch in Watch.objects.of_recipe(recipe).select_related("user")]
    notify(
        recipients=watchers, exclude=actors,
        subject=f"{'Neu' if created else 'Geändert'}: {recipe.number} {recipe.title}",
        template="recipe_changed.txt",
        context={"recipe": recipe, "comment": comment, "created": created},
    )


def tags_get_or_create(*, thema=(), stichwort=()):
    """The Tag objects for the given names, created when new."""
    tags = []
    for kind, names in ((Tag.Kind.THEMA, thema), (Tag.Kind.STICHWORT, stichwort)):
        for name in names:
            name = name.strip()
            if not name:
                continue
            tag, _ = Tag.objects.get_or_create(
                kind=kind, slug=german_slugify(name) or "x", defaults={"name": name}
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
    base = german_slugify(recipe.title)[:110] or "rezept"
    slug, counter = base, 2
    while Recipe.objects.filter(slug=slug).exclude(pk=recipe.pk).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def recipe_save(*, recipe: Recipe, user, comment: str, tags=None,
                kind=RevisionInfo.Kind.EDIT, approved_by=None, proposal_url="",
                source=("", "")) -> Recipe:
    """Create or change a recipe as one new version, and tell the people watching it.

    ``tags`` (a list of Tag) replaces the recipe's tags when given. Old slugs and numbers are
    kept as aliases so links and citations keep working. For an accepted proposal, ``user`` is
    the proposal's author and ``approved_by`` the moderator. ``source`` (edition, publisher)
    names the edition the text comes from; then ``user`` is only the person who imported it.
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
        _open_revision(user, comment, kind=kind, approved_by=approved_by, proposal_url=proposal_url,
                       source=source)
        recipe.save()
        if tags is not None:
            recipe.tags.set(tags)
    recipe_saved.send(sender=Recipe, recipe=recipe, created=previous is None)
    _notify_watchers(recipe, actors=(user, approved_by), comment=comment, created=previous is None)
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
def book_load(*, chapters, recipes, user, comment: str, source_edition: str = "",
              kind=RevisionInfo.Kind.EDIT) -> tuple[int, int]:
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
            user=user, comment=comment, kind=kind,
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
            user=user, comment=comment, kind=kind,
        )
        created_recipes += 1
    return created_chapters, created_recipes


@transaction.atomic
def recipe_edit(*, recipe: Recipe, user, base_version_id: int, title: str, body: str, comment: str,
                resolutions: dict | None = None, current_version_id: int | None = None,
                kind=RevisionInfo.Kind.EDIT, approved_by=None, proposal_url="",
                source=("", ""), pages=None) -> Recipe:
    """Save ``title`` and ``body`` written on ``base_version_id``, never overwriting a newer save.

    The recipe row is locked; when it moved on since the base, the change is merged three-way
    at word/sentence level (``recipes.merging``). Overlapping changes raise EditConflict;
    ``resolutions`` are only applied against the ``current_version_id`` they were made for.
    Direct edits and accepted proposals both come through here.
    """
    locked = Recipe.objects.select_for_update().get(pk=recipe.pk)
    current_id = latest_version_id(locked)
    if base_version_id != current_id:
        merged = merge_fields(
            base=version_fields(locked, base_version_id),
            current={"title": locked.title, "body": locked.body},
            mine={"title": title, "body": body},
            current_version_id=current_id,
            resolutions=resolutions if current_version_id == current_id else None,
        )
        title, body = merged["title"], merged["body"]
    locked.title, locked.body = title, body
    if pages is not None:  # (first, last) printed page of an edition's text
        locked.page_start, locked.page_end = pages
        locked.source_edition = source[0] or locked.source_edition
    return recipe_save(recipe=locked, user=user, comment=comment, kind=kind,
                       approved_by=approved_by, proposal_url=proposal_url, source=source)


@transaction.atomic
def recipe_revert(*, recipe: Recipe, version_id: int, user) -> Recipe:
    """Bring back the text of an old version as a new version; nothing is deleted."""
    entry = history_entry(recipe, version_id)
    locked = Recipe.objects.select_for_update().get(pk=recipe.pk)
    fields = entry.fields
    locked.title, locked.body = fields["title"], fields["body"]
    locked.page_start, locked.page_end = fields.get("page_start"), fields.get("page_end")
    tags = list(Tag.objects.filter(pk__in=fields.get("tags", [])))
    date = entry.created_at.strftime("%d.%m.%Y %H:%M")
    return recipe_save(
        recipe=locked, user=user, tags=tags, kind=RevisionInfo.Kind.REVERT,
        comment=f"Fassung {entry.sequence} vom {date} wiederhergestellt",
    )


@transaction.atomic
def watch_toggle(*, user, recipe=None, chapter=None) -> bool:
    """Start or stop watching a recipe or chapter; returns whether it is now watched."""
    watch, created = Watch.objects.get_or_create(user=user, recipe=recipe, chapter=chapter)
    if not created:
        watch.delete()
    return created

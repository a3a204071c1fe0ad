"""Addresses made before umlauts were spelled out ("die-kuche-einrichten") get the German form
("die-kueche-einrichten"); the old address stays as an alias, so every link keeps working.

Only slugs that were generated from the title are changed; one chosen by hand stays. The
transliteration is written out here because a migration must not follow later code changes.
"""

import re

from django.db import migrations
from django.utils.text import slugify

GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"})


def _german(text):
    return slugify(text.translate(GERMAN))


def _unique(model, slug, **scope):
    candidate, counter = slug, 2
    while model.objects.filter(slug=candidate, **scope).exists():
        candidate, counter = f"{slug}-{counter}", counter + 1
    return candidate


def forwards(apps, schema_editor):
    Recipe = apps.get_model("recipes", "Recipe")
    RecipeAlias = apps.get_model("recipes", "RecipeAlias")
    Chapter = apps.get_model("recipes", "Chapter")
    ChapterAlias = apps.get_model("recipes", "ChapterAlias")
    Tag = apps.get_model("recipes", "Tag")

    for recipe in Recipe.objects.all():
        old_base, new_base = slugify(recipe.title)[:110], _german(recipe.title)[:110]
        if old_base == new_base or not re.fullmatch(re.escape(old_base) + r"(-\d+)?", recipe.slug):
            continue
        old = recipe.slug
        recipe.slug = _unique(Recipe, new_base)
        recipe.save(update_fields=["slug"])
        RecipeAlias.objects.create(recipe=recipe, slug=old)

    for chapter in Chapter.objects.all():
        old, new = f"{chapter.number}-{slugify(chapter.title)}", f"{chapter.number}-{_german(chapter.title)}"
        if chapter.slug != old or old == new:
            continue
        chapter.slug = _unique(Chapter, new)
        chapter.save(update_fields=["slug"])
        ChapterAlias.objects.create(chapter=chapter, slug=old)

    # Tags have no aliases: their pages find the old form by the name (recipes.views.tag_detail).
    for tag in Tag.objects.all():
        new = _german(tag.name) or "x"
        if tag.slug == (slugify(tag.name) or "x") and tag.slug != new:
            if not Tag.objects.filter(kind=tag.kind, slug=new).exists():
                tag.slug = new
                tag.save(update_fields=["slug"])


class Migration(migrations.Migration):

    dependencies = [("recipes", "0003_revision_info")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

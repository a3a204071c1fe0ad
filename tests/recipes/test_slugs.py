import importlib

import pytest
from django.apps import apps as installed_apps
from django.urls import reverse

from recipes.models import Chapter, Recipe, RecipeAlias, Tag
from recipes.services import tags_get_or_create
from recipes.slugs import german_slugify
from tests.factories import make_recipe

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("title, slug", [
    ("Die Küche einrichten", "die-kueche-einrichten"),
    ("Größe und Maße", "groesse-und-masse"),
    ("Über Öffnungszeiten", "ueber-oeffnungszeiten"),
    ("Café-Betrieb", "cafe-betrieb"),
])
def test_titles_become_addresses_with_umlauts_spelled_out(title, slug):
    assert german_slugify(title) == slug


def test_a_new_recipe_gets_the_transliterated_address():
    recipe = make_recipe("7.1", "Die Küche einrichten", "Text.")

    assert recipe.slug == "die-kueche-einrichten"


def test_the_migration_renames_generated_slugs_and_keeps_the_old_ones_working(client):
    recipe = make_recipe("7.1", "Die Küche einrichten", "Text.")
    chosen = make_recipe("7.2", "Öffentliche Stellen", "Text.")
    Recipe.objects.filter(pk=recipe.pk).update(slug="die-kuche-einrichten")  # as made before
    Recipe.objects.filter(pk=chosen.pk).update(slug="von-hand-gewaehlt")
    Chapter.objects.filter(pk=recipe.chapter.pk).update(title="Küche", slug="7-kuche")
    tag = tags_get_or_create(thema=["Bürgerbeteiligung"])[0]
    Tag.objects.filter(pk=tag.pk).update(slug="burgerbeteiligung")

    migration = importlib.import_module("recipes.migrations.0004_transliterated_slugs")
    migration.forwards(installed_apps, None)

    recipe.refresh_from_db()
    assert recipe.slug == "die-kueche-einrichten"
    assert RecipeAlias.objects.filter(recipe=recipe, slug="die-kuche-einrichten").exists()
    assert Recipe.objects.get(pk=chosen.pk).slug == "von-hand-gewaehlt"
    assert client.get("/rezepte/die-kuche-einrichten/")["Location"] == recipe.get_absolute_url()
    assert Chapter.objects.get(pk=recipe.chapter.pk).slug == "7-kueche"
    assert client.get("/kapitel/7-kuche/")["Location"] == "/kapitel/7-kueche/"
    tag.refresh_from_db()
    assert tag.slug == "buergerbeteiligung"
    old_tag_page = client.get(reverse("tag_detail", args=[tag.kind, "burgerbeteiligung"]))
    assert old_tag_page.status_code == 301 and old_tag_page["Location"] == tag.get_absolute_url()


def test_an_unknown_tag_is_a_404(client):
    assert client.get(reverse("tag_detail", args=["thema", "gibt-es-nicht"])).status_code == 404

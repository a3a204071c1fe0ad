import pytest
import reversion
from django.core.exceptions import ValidationError
from reversion.models import Version

from recipes.models import Recipe, RecipeAlias
from recipes.services import recipe_save, tags_get_or_create

pytestmark = pytest.mark.django_db


def test_an_edit_through_the_service_creates_exactly_one_revision_with_user_and_comment(
    small_book, moderator
):
    recipe = Recipe.objects.get(number="7.1.3")
    before = Version.objects.get_for_object(recipe).count()
    recipe.body = "Der Posteingang wird vollständig digital bearbeitet."
    recipe_save(recipe=recipe, user=moderator, comment="Posteingang präzisiert")
    versions = Version.objects.get_for_object(recipe)
    assert versions.count() == before + 1
    newest = versions.first()
    assert newest.revision.user == moderator
    assert newest.revision.comment == "Posteingang präzisiert"
    assert newest.field_dict["body"] == "Der Posteingang wird vollständig digital bearbeitet."


def test_a_new_recipe_is_versioned_from_its_first_save(small_book, contributor):
    recipe = recipe_save(
        recipe=Recipe(number="7.1.5", title="Zusammenarbeit mit Leistungspartnern", body="Text"),
        user=contributor, comment="Neu",
    )
    assert Version.objects.get_for_object(recipe).count() == 1
    assert recipe.chapter.number == 7 and recipe.parent.number == "7.1"
    assert recipe.slug == "zusammenarbeit-mit-leistungspartnern"


def test_tags_are_part_of_the_version(small_book, moderator):
    recipe = Recipe.objects.get(number="7.1.4")
    tags = tags_get_or_create(thema=["Prozesse"], stichwort=["E-Akte"])
    recipe_save(recipe=recipe, user=moderator, comment="Schlagwörter", tags=tags)
    newest = Version.objects.get_for_object(recipe).first()
    assert sorted(newest.field_dict["tags"]) == sorted(tag.pk for tag in tags)


def test_renaming_keeps_the_old_slug_and_renumbering_the_old_number_as_aliases(small_book, moderator):
    recipe = Recipe.objects.get(number="7.1.4")
    recipe.slug, recipe.number = "sachbearbeitung-digital", "7.1.6"
    recipe_save(recipe=recipe, user=moderator, comment="Umbau")
    aliases = set(RecipeAlias.objects.filter(recipe=recipe).values_list("slug", "number"))
    assert aliases == {("sachbearbeitung", ""), ("", "7.1.4")}
    assert recipe.sort_key == "007.001.006"


def test_reading_order_sorts_numbers_numerically(small_book):
    from tests.factories import make_recipe

    make_recipe("7.1.10", "Bearbeiten von Rechtsbehelfen")
    numbers = list(Recipe.objects.in_reading_order().values_list("number", flat=True))
    assert numbers == ["6.1", "7.1", "7.1.3", "7.1.4", "7.1.10"]


@pytest.mark.parametrize("number, message", [
    ("7", "Nummer wie"),
    ("sieben", "Nummer wie"),
    ("8.1", "Kapitel 8 gibt es nicht"),
    ("7.2.1", "Abschnitt 7.2 gibt es nicht"),
])
def test_impossible_numbers_are_refused_in_german_and_nothing_is_saved(small_book, moderator, number, message):
    count = Recipe.objects.count()
    with pytest.raises(ValidationError) as error:
        recipe_save(recipe=Recipe(number=number, title="Neu"), user=moderator, comment="x")
    assert message in str(error.value)
    assert Recipe.objects.count() == count


def test_a_duplicate_number_is_refused(small_book, moderator):
    with pytest.raises(ValidationError):
        recipe_save(recipe=Recipe(number="7.1.3", title="Doppelt"), user=moderator, comment="x")


def test_a_failed_save_leaves_no_revision(small_book, moderator):
    revisions = reversion.models.Revision.objects.count()
    with pytest.raises(ValidationError):
        recipe_save(recipe=Recipe(number="9.9", title="x"), user=moderator, comment="x")
    assert reversion.models.Revision.objects.count() == revisions

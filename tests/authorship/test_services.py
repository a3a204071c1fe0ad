"""Attribution is stored per version as recipes are saved, whichever service saves them."""

import pytest

from authorship.models import RecipeAuthorship, VersionAuthorship
from authorship.queries import recipe_authors
from authorship.services import authorship_rebuild
from editions.importing import edition_import
from proposals.services import proposal_accept, proposal_create
from recipes.bookfiles import RecipeEntry
from recipes.models import Recipe
from recipes.services import recipe_edit, recipe_revert, recipe_save
from recipes.versions import history, latest_version_id
from tests.factories import make_chapter, make_recipe, make_user

pytestmark = pytest.mark.django_db


def _words(recipe):
    """The newest version's words as "word:who" (a person's name or a source's label)."""
    result = recipe_authors(recipe)
    return " ".join(f"{word}:{result.author_of(origin).name}" for word, origin in result.attribution.words())


@pytest.fixture
def anna(db):
    return make_user("anna@koeln.example", display_name="Anna", institution="Stadt Köln")


@pytest.fixture
def bernd(db):
    return make_user("bernd@kreis.example", display_name="Bernd", institution="Kreis Lippe")


def _edit(recipe, user, body):
    recipe = Recipe.objects.get(pk=recipe.pk)
    return recipe_edit(recipe=recipe, user=user, base_version_id=latest_version_id(recipe),
                       title=recipe.title, body=body, comment="Bearbeitet")


def test_every_saved_version_gets_its_attribution_and_the_recipe_its_state(anna, bernd):
    recipe = make_recipe("1.1", body="Der Posteingang wird gescannt.", user=anna)
    _edit(recipe, bernd, "Der Posteingang wird täglich gescannt.")
    versions = history(recipe)
    assert VersionAuthorship.objects.filter(recipe=recipe).count() == 2
    assert RecipeAuthorship.objects.get(recipe=recipe).version_id == versions[0].id
    assert _words(recipe) == "Der:Anna Posteingang:Anna wird:Anna täglich:Bernd gescannt:Anna"


def test_a_revert_gives_the_words_back_to_their_authors(anna, bernd):
    recipe = make_recipe("1.1", body="Der Posteingang wird gescannt.", user=anna)
    first = latest_version_id(recipe)
    _edit(recipe, bernd, "Alles anders von Bernd.")
    recipe_revert(recipe=Recipe.objects.get(pk=recipe.pk), version_id=first, user=bernd)
    assert _words(recipe) == "Der:Anna Posteingang:Anna wird:Anna gescannt:Anna"


def test_an_accepted_proposal_credits_its_author_not_the_moderator(anna, contributor, moderator):
    recipe = make_recipe("1.1", body="Der Posteingang wird gescannt.", user=anna)
    proposal = proposal_create(recipe=recipe, author=contributor, base_version_id=latest_version_id(recipe),
                               title=recipe.title, body="Der Posteingang wird zentral gescannt.",
                               summary="Genauer", rate_limited=False)
    proposal_accept(proposal=proposal, reviewer=moderator)
    assert _words(recipe) == "Der:Anna Posteingang:Anna wird:Anna zentral:Mia Muster gescannt:Anna"


def test_an_imported_edition_is_credited_by_its_name_not_to_the_editor_who_ran_it(editor, anna):
    entry = RecipeEntry(number="1.1", title="Eingang", body="Der Posteingang wird gescannt.\n")
    make_chapter(1)
    edition_import(chapters=[], recipes=[entry], edition_name="Ausgabe 2016", user=editor)
    recipe = Recipe.objects.get(number="1.1")
    _edit(recipe, anna, "Der Posteingang wird digital gescannt.")
    assert _words(recipe) == ("Der:Ausgabe 2016 Posteingang:Ausgabe 2016 wird:Ausgabe 2016 "
                              "digital:Anna gescannt:Ausgabe 2016")


def test_a_version_saved_without_a_person_is_credited_to_the_recipes_source(anna):
    recipe = make_recipe("1.1", body="Der Posteingang wird gescannt.", source_edition="Ausgabe 2016")
    _edit(recipe, anna, "Der Posteingang wird morgens gescannt.")
    assert _words(recipe) == ("Der:Ausgabe 2016 Posteingang:Ausgabe 2016 wird:Ausgabe 2016 "
                              "morgens:Anna gescannt:Ausgabe 2016")


def test_missing_attributions_are_rebuilt_from_the_history(anna, bernd):
    recipe = make_recipe("1.1", body="Erster Satz. Zweiter Satz.", user=anna)
    _edit(recipe, bernd, "Erster Satz.")
    VersionAuthorship.objects.all().delete()
    RecipeAuthorship.objects.all().delete()
    _edit(recipe, anna, "Erster Satz. Zweiter Satz.")  # a restore: needs the lost memory back
    assert VersionAuthorship.objects.filter(recipe=recipe).count() == 3
    assert _words(recipe) == "Erster:Anna Satz:Anna Zweiter:Anna Satz:Anna"
    assert authorship_rebuild(recipe_id=recipe.pk) == 3


def test_a_failing_attribution_never_stops_a_save(anna, monkeypatch, caplog):
    import authorship.services

    def broken(**kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(authorship.services, "authorship_attribute", broken)
    recipe = make_recipe("1.1", body="Text.", user=anna)
    recipe.body = "Neuer Text."
    recipe_save(recipe=recipe, user=anna, comment="x")
    assert Recipe.objects.get(pk=recipe.pk).body == "Neuer Text."
    assert "Autorschaft der Fassung" in caplog.text

"""``manage.py rebuild_authorship``: the stored attribution recomputed from the history."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from authorship.models import RecipeAuthorship, VersionAuthorship
from recipes.models import Recipe
from recipes.services import recipe_edit, recipe_revert
from recipes.versions import history, latest_version_id
from tests.factories import make_recipe, make_user

pytestmark = pytest.mark.django_db


def _edit(recipe, user, body):
    recipe = Recipe.objects.get(pk=recipe.pk)
    return recipe_edit(recipe=recipe, user=user, base_version_id=latest_version_id(recipe),
                       title=recipe.title, body=body, comment="Bearbeitet")


def _rows(recipe):
    return sorted(VersionAuthorship.objects.filter(recipe=recipe).values_list("version_id", "runs", "source"))


def _run(*args):
    out = StringIO()
    call_command("rebuild_authorship", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def book(db):
    anna = make_user("anna@koeln.example", display_name="Anna", institution="Stadt Köln")
    bernd = make_user("bernd@kreis.example", display_name="Bernd", institution="Kreis Lippe")
    first = make_recipe("7.1", "Eingang", "Der Posteingang wird gescannt.", user=anna)
    _edit(first, bernd, "Der Posteingang wird sofort gescannt. Dann verteilt.")
    _edit(first, anna, "Dann verteilt.")
    recipe_revert(recipe=Recipe.objects.get(pk=first.pk), version_id=history(first)[1].version.pk, user=bernd)
    second = make_recipe("7.2", "Sachbearbeitung", "Die Sachbearbeitung folgt.", user=bernd)
    _edit(second, anna, "Die Sachbearbeitung folgt rasch.")
    return first, second


def test_lost_and_damaged_attribution_is_rebuilt_exactly_as_the_saves_made_it(book):
    first, second = book
    expected = {first.pk: _rows(first), second.pk: _rows(second)}
    assert len(expected[first.pk]) == 4 and len(expected[second.pk]) == 2
    VersionAuthorship.objects.filter(recipe=first).delete()
    RecipeAuthorship.objects.filter(recipe=first).delete()
    damaged = VersionAuthorship.objects.filter(recipe=second).order_by("pk").first()
    damaged.runs = [[damaged.version_id, 1]]
    damaged.source = "falsch"
    damaged.save()

    output = _run()

    assert "2 Rezept(e), 6 Fassung(en), davon 5 geändert" in output  # 4 lost, 1 damaged
    assert _rows(first) == expected[first.pk] and _rows(second) == expected[second.pk]
    assert RecipeAuthorship.objects.get(recipe=first).version_id == latest_version_id(first)


def test_running_it_again_changes_nothing(book):
    first, second = book
    before = _rows(first) + _rows(second)
    assert "davon 0 geändert" in _run()
    assert "davon 0 geändert" in _run()
    assert _rows(first) + _rows(second) == before


def test_one_recipe_by_slug_or_number_leaves_the_others_alone(book):
    first, second = book
    VersionAuthorship.objects.all().delete()
    assert "1 Rezept(e), 4 Fassung(en), davon 4 geändert" in _run("--recipe", first.slug)
    assert len(_rows(first)) == 4 and _rows(second) == []
    assert "1 Rezept(e), 2 Fassung(en)" in _run("--recipe", "7.2")
    assert len(_rows(second)) == 2


def test_an_unknown_recipe_is_named_and_nothing_is_rebuilt(book):
    first, _second = book
    VersionAuthorship.objects.filter(recipe=first).delete()
    with pytest.raises(CommandError, match="gibt-es-nicht"):
        _run("--recipe", first.slug, "--recipe", "gibt-es-nicht")
    assert _rows(first) == []

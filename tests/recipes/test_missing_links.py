import pytest
from django.urls import reverse

from recipes.models import Recipe
from recipes.services import recipe_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipe(small_book, editor):
    recipe = Recipe.objects.get(number="7.1.4")
    recipe.body = "Siehe [[Digitale Poststelle]] und [[7.1.9|die Archivierung]]."
    return recipe_save(recipe=recipe, user=editor, comment="Verweise")


def test_people_who_may_propose_follow_a_missing_link_to_the_new_recipe_form(client, recipe, contributor):
    client.force_login(contributor)

    page = client.get(recipe.get_absolute_url()).content.decode()

    form_url = reverse("proposal_create_recipe", args=[recipe.chapter.slug])
    assert f'<a class="wikilink-missing" href="{form_url}?titel=Digitale%20Poststelle"' in page
    assert f'href="{form_url}?nummer=7.1.9" title="Rezept „7.1.9“ vorschlagen">die Archivierung</a>' in page
    form = client.get(f"{form_url}?titel=Digitale%20Poststelle").content.decode()
    assert 'value="Digitale Poststelle"' in form
    assert 'value="7.1.9"' in client.get(f"{form_url}?nummer=7.1.9").content.decode()


def test_readers_who_may_not_propose_see_the_plain_marker(client, recipe):
    page = client.get(recipe.get_absolute_url()).content.decode()

    assert '<span class="wikilink-missing" title="Rezept „Digitale Poststelle“ gibt es noch nicht">' in page
    assert "vorschlagen/?titel" not in page

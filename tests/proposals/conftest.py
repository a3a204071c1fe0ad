import pytest

from accounts.roles import MODERATION
from proposals.services import proposal_create
from recipes.models import Recipe
from recipes.services import recipe_save
from recipes.versions import latest_version_id
from tests.factories import make_user

BODY = ("Der Posteingang wird morgens gescannt. Danach verteilt die Poststelle die Akten. "
        "Die Sachbearbeitung prüft jeden Antrag.\n\n"
        "## Ablage\n\nAm Ende landet alles im Archiv.\n")
# Three sentences of the first paragraph changed, one change each.
PROPOSED = ("Der Posteingang wird jeden Morgen digital gescannt. Danach verteilt das "
            "Dokumentenmanagementsystem die Akten. Die Sachbearbeitung prüft jeden Antrag "
            "innerhalb von drei Tagen.\n\n"
            "## Ablage\n\nAm Ende landet alles im Archiv.\n")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Every test here signs up several people; the real hasher costs half a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def recipe(small_book, editor):
    """7.1.4 with a paragraph of three sentences and a second section."""
    recipe = Recipe.objects.get(number="7.1.4")
    recipe.body = BODY
    return recipe_save(recipe=recipe, user=editor, comment="Ausgangstext")


@pytest.fixture
def second_moderator(db):
    return make_user("mona@kommune.example", role=MODERATION, display_name="Mona Moderation")


def propose(recipe, author, body=PROPOSED, *, title=None, summary="Digitaler Posteingang seit 2024.",
            base=None):
    return proposal_create(
        recipe=recipe, author=author, base_version_id=base or latest_version_id(recipe),
        title=title or recipe.title, body=body, summary=summary,
    )


@pytest.fixture
def proposal(recipe, contributor):
    return propose(recipe, contributor)

"""The review note ("Vermerk") takes free text: every hostile input shows up as harmless text."""

import pytest
from django.urls import reverse

from recipes.models import Recipe
from tests.security.xss_corpus import load_corpus, packs
from tests.security.xss_pages import PageCheck, signed_in

pytestmark = pytest.mark.django_db

CORPUS = load_corpus()


def test_hostile_review_notes_show_up_harmless(small_book, moderator, editor):
    recipe = Recipe.objects.get(number="7.1.3")
    client, checks = signed_in(moderator), PageCheck()
    url = reverse("review_create", args=[recipe.slug])
    notes = packs(CORPUS, 1000)  # the note's maximum: every payload whole, as few requests as that allows
    for note in notes:
        checks.post(client, url, {"note": note})
        checks.get(client, url, shows=[note])  # the form shows the current review's note
        checks.get(client, recipe.get_absolute_url())
    checks.get(signed_in(editor), reverse("review_dashboard"))
    checks.assert_clean(at_least=2 * len(notes) + 1)

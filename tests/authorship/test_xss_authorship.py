"""Hostile texts and names on the "Autorschaft" page and the recipe page's author lines.

The page shows the words of the Markdown source as text, with names in titles and labels:
every payload of the XSS corpus goes through the text, and a hostile profile through the
names, and no page may carry executable markup.
"""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import MITWIRKENDE
from recipes.models import Recipe
from recipes.services import recipe_edit
from recipes.versions import history, latest_version_id
from tests.factories import make_user
from tests.security.xss_corpus import as_markdown, batches, load_corpus, packs
from tests.security.xss_pages import PageCheck

# The corpus drives the same views hundreds of times: coverage's tracer (60 % slower on Python
# 3.11) would add minutes to `make test` for 0.1 % of the figure (lines other tests leave out).
pytestmark = [pytest.mark.django_db, pytest.mark.no_cover]

CORPUS = load_corpus()


def test_hostile_texts_and_names_show_up_harmless_on_the_authorship_pages(small_book):
    recipe = Recipe.objects.get(number="7.1.3")
    # One author per step, named with whole payloads at the fields' maximum lengths; every name
    # and institution of the corpus is checked on the profile pages in tests/security/test_xss.py.
    steps = batches(CORPUS, 25)
    names, institutions = packs(CORPUS, 80), packs(CORPUS, 160)
    people = [make_user(f"x{index}@kommune.example", role=MITWIRKENDE, display_name=names[index * 7],
                        institution=institutions[index * 3])
              for index in range(len(steps))]
    checks, anonymous = PageCheck(), Client()
    for step, batch in enumerate(steps):
        recipe = Recipe.objects.get(pk=recipe.pk)
        body = recipe.body + f"\n\nSchritt {step}:\n\n" + as_markdown(batch)
        recipe_edit(recipe=recipe, user=people[step % len(people)], base_version_id=latest_version_id(recipe),
                    title=recipe.title, body=body, comment="Feindlich")
        checks.get(anonymous, reverse("recipe_authorship", args=[recipe.slug]))
        checks.get(anonymous, recipe.get_absolute_url())
    for entry in history(recipe)[::4]:
        checks.get(anonymous, reverse("recipe_version_authorship", args=[recipe.slug, entry.id]))
    checks.assert_clean(at_least=len(CORPUS) // 25)

"""News subjects carry recipe titles and the names of what was commented on; the profile lists
titles of recipes and proposals: hostile ones show up harmless."""

import pytest
from django.urls import reverse

from proposals.services import proposal_accept, proposal_create
from recipes.models import Recipe
from recipes.services import recipe_edit, watch_toggle
from recipes.versions import latest_version_id
from tests.security.xss_corpus import load_corpus, packs
from tests.security.xss_pages import PageCheck, signed_in

# The corpus drives the same views hundreds of times: coverage's tracer (60 % slower on Python
# 3.11) would add minutes to `make test` for 0.1 % of the figure (lines other tests leave out).
pytestmark = [pytest.mark.django_db, pytest.mark.no_cover]

CORPUS = load_corpus()


def test_hostile_titles_show_up_harmless_in_news_and_contributions(small_book, contributor, other_contributor,
                                                                   editor, moderator, settings):
    settings.PROPOSALS_RATE_LIMIT = "100000/h"
    recipe = Recipe.objects.get(number="7.1.4")
    watch_toggle(user=other_contributor, recipe=recipe)
    checks = PageCheck()
    for index, title in enumerate(packs(CORPUS, 200)):  # a title's maximum: every payload whole
        recipe = Recipe.objects.get(pk=recipe.pk)
        if index % 2:
            recipe_edit(recipe=recipe, user=editor, base_version_id=latest_version_id(recipe), title=title,
                        body=recipe.body, comment="Titel")
        else:
            proposal = proposal_create(recipe=recipe, author=contributor, base_version_id=latest_version_id(recipe),
                                       title=title, body=recipe.body + f"\n\n{index}", summary="x",
                                       rate_limited=False)
            proposal_accept(proposal=proposal, reviewer=moderator)
    checks.get(signed_in(other_contributor), reverse("news"))
    checks.get(signed_in(contributor), reverse("news"))
    checks.get(signed_in(contributor), reverse("profile", args=[contributor.pk]))
    checks.get(signed_in(other_contributor), reverse("watched"))
    checks.assert_clean(at_least=4)

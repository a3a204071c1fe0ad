"""The review form and overview, Neuigkeiten, Beobachtet, the e-mail settings and a profile with
contributions pass axe-core at phone and desktop width."""

import pytest
from django.urls import reverse

from comments.services import comment_create
from recipes.models import Recipe
from recipes.services import watch_toggle
from reviews.services import review_record
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import blocking_violations, describe
from tests.browser.test_comments import sign_in
from tests.factories import make_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_new_own_pages_have_no_serious_accessibility_violations(live_server, page, phone_page, small_book,
                                                                    contributor, other_contributor, editor,
                                                                    width):
    tab = phone_page if width == "phone" else page
    recipe = Recipe.objects.get(number="7.1.3")
    review_record(recipe=recipe, reviewer=editor, note="Links und Rechtsgrundlagen geprüft.")
    watch_toggle(user=editor, recipe=recipe)
    watch_toggle(user=editor, chapter=recipe.chapter)
    question = make_comment(recipe, editor, "Wer scannt bei Ihnen?")
    comment_create(author=other_contributor, recipe=recipe, parent=question, body="Die Poststelle.")
    sign_in(tab, live_server, editor)
    failures = []
    for name, path in {
        "review-form": reverse("review_create", args=[recipe.slug]),
        "review-dashboard": reverse("review_dashboard"),
        "news": reverse("news"),
        "watched": reverse("watched"),
        "preferences": reverse("inbox_preferences"),
        "profile": reverse("profile", args=[editor.pk]),
        "recipe": recipe.get_absolute_url(),
    }.items():
        tab.goto(live_server.url + path)
        assert tab.url == live_server.url + path, f"{path} leitete weiter nach {tab.url}"
        violations = blocking_violations(tab)
        if violations:
            failures.append(f"{path}:{describe(violations)}")
        screenshot(tab, f"own-{name}-{width}")
    assert not failures, "\n".join(failures)

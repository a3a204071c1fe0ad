"""The "Autorschaft" page in Chromium: axe-core clean at phone and desktop width, markers
reachable by keyboard and showing whose text follows, and printable."""

import pytest
from django.urls import reverse

from recipes.models import Recipe
from recipes.services import recipe_edit
from recipes.versions import latest_version_id
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import blocking_violations, describe
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def authored(small_book, contributor, other_contributor):
    recipe = Recipe.objects.get(number="7.1.3")
    third = make_user("lena@kreis.example", display_name="Lena Lindner", institution="Kreis Lippe")
    for person, body in (
        (contributor, recipe.body.replace("wird gescannt.", "wird jeden Morgen zentral gescannt.")),
        (other_contributor, None),
        (third, None),
    ):
        recipe = Recipe.objects.get(pk=recipe.pk)
        if body is None:
            body = recipe.body + f"\n\n{person.display_name} ergänzt: Die Poststelle prüft die Vollständigkeit."
        recipe_edit(recipe=recipe, user=person, base_version_id=latest_version_id(recipe), title=recipe.title,
                    body=body, comment="Ergänzt")
    return Recipe.objects.get(pk=recipe.pk)


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_authorship_page_has_no_serious_accessibility_violations(live_server, page, phone_page, authored,
                                                                     width):
    tab = phone_page if width == "phone" else page
    tab.goto(live_server.url + reverse("recipe_authorship", args=[authored.slug]))
    violations = blocking_violations(tab)
    assert not violations, describe(violations)
    screenshot(tab, f"authorship-{width}")
    tab.goto(live_server.url + authored.get_absolute_url())
    assert "Mitgeschrieben haben 3 Personen aus 2 Kommunen" in tab.inner_text(".recipe-meta")
    screenshot(tab, f"authorship-recipe-meta-{width}")


def test_a_marker_reached_by_keyboard_names_the_author_and_highlights_the_passage(live_server, page, authored):
    page.goto(live_server.url + reverse("recipe_authorship", args=[authored.slug]))
    marker = page.locator(".au-ref", has_text="2").first  # the second-largest share
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('au-ref')"):
            break
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused.startswith("Ab hier geschrieben von ")
    outline = page.evaluate(
        "getComputedStyle(document.activeElement.nextElementSibling).outlineStyle")
    assert outline == "solid"
    assert marker.count() == 1


def test_the_authorship_page_prints_with_the_authors_below_each_paragraph(live_server, page, authored):
    page.goto(live_server.url + reverse("recipe_authorship", args=[authored.slug]))
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".au-margin").first.is_visible()
    screenshot(page, "authorship-print")

"""Issue 11: the German pages for refused input, on a phone and a desktop screen."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from recipes.models import Recipe
from tests.browser.conftest import screenshot, sideways_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])


@pytest.mark.parametrize("screen", ["page", "phone_page"])
def test_an_address_with_a_nul_shows_the_german_400_page(live_server, small_book, screen, request):
    page = request.getfixturevalue(screen)
    response = page.goto(live_server.url + "/abschnitt/%00/")
    assert response.status == 400
    assert page.get_by_role("heading", level=1).inner_text() == "Ungültige Anfrage"
    assert sideways_overflow(page) <= 0
    screenshot(page, f"error-400-{'phone' if screen == 'phone_page' else 'desktop'}")


@pytest.mark.parametrize("screen", ["page", "phone_page"])
def test_a_proposal_of_brackets_shows_what_to_change_next_to_the_text(
        live_server, small_book, contributor, screen, request):
    page = request.getfixturevalue(screen)
    sign_in(page, live_server, contributor)
    recipe = Recipe.objects.get(number="7.1.3")
    page.goto(live_server.url + f"/rezepte/{recipe.slug}/vorschlagen/")
    page.fill("textarea[name=body]", "[" * 3000)
    page.fill("textarea[name=summary]", "Klammern")
    page.get_by_role("button", name="Vorschau").click()
    # Next to the text, and in the summary above the form that leads to it.
    error = page.locator("#id_body_error")
    expect(error).to_contain_text("eckige Klammern „[“ ohne passende „]“")
    expect(page.locator(".error-summary")).to_contain_text("eckige Klammern")
    assert sideways_overflow(page) <= 0
    error.scroll_into_view_if_needed()
    screenshot(page, f"proposal-markdown-refused-{'phone' if screen == 'phone_page' else 'desktop'}")

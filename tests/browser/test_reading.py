import pytest

from recipes.models import Recipe
from tests.browser.conftest import screenshot, sideways_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_goes_from_the_start_page_through_a_chapter_to_a_recipe_and_on(live_server, page, small_book):
    page.goto(live_server.url)
    assert page.locator("h1").inner_text() == "Wie kommunales E-Government dennoch gelingt"
    screenshot(page, "start-desktop")
    page.get_by_role("link", name="7 Kapitel 7").click()
    assert page.locator("h1").inner_text() == "Kapitel 7"
    page.get_by_role("link", name="7.1.3 Eingangsbearbeitung in der Kommunalverwaltung").click()
    assert "Eingangsbearbeitung" in page.locator("h1").inner_text()
    screenshot(page, "recipe-desktop")
    page.get_by_role("link", name="Weiter 7.1.4 Sachbearbeitung").click()
    assert page.locator("h1").inner_text() == "7.1.4 Sachbearbeitung"


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(live_server, page, small_book):
    page.goto(live_server.url + Recipe.objects.get(number="7.1.3").get_absolute_url())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Zum Inhalt springen"
    assert page.evaluate("getComputedStyle(document.activeElement).top") == "0px"  # visible
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "kb-main"


def test_the_recipe_page_fits_a_phone_screen(live_server, phone_page, small_book):
    phone_page.goto(live_server.url + Recipe.objects.get(number="7.1.3").get_absolute_url())
    overflow = sideways_overflow(phone_page)
    assert overflow <= 0
    screenshot(phone_page, "recipe-phone")


@pytest.mark.parametrize("javascript", [True, False], ids=["mit-js", "ohne-js"])
def test_on_a_phone_the_navigation_folds_behind_the_menu_button(live_server, browser, small_book, javascript):
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, java_script_enabled=javascript)
    page = context.new_page()
    try:
        page.goto(live_server.url + Recipe.objects.get(number="7.1.3").get_absolute_url())
        changes = page.get_by_role("link", name="Änderungen")
        assert not changes.is_visible()
        # Heading of the page in the first screen: the header no longer fills it.
        assert page.locator("h1").bounding_box()["y"] < 300
        page.get_by_text("Menü").click()
        assert changes.is_visible()
        screenshot(page, f"menu-open-phone-{'js' if javascript else 'nojs'}")
        page.get_by_text("Menü").click()
        assert not changes.is_visible()
    finally:
        context.close()


def test_on_a_desktop_the_navigation_shows_without_a_menu_button(live_server, page, small_book):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url)
    assert page.get_by_role("link", name="Änderungen").is_visible()
    assert not page.get_by_text("Menü").is_visible()

"""Nachgekocht in the browser: a Mitwirkende chooses her Kommune by typing, writes a report from
the recipe page by keyboard; the map is read by keyboard. axe-core finds nothing serious on any of these
pages; screenshots at phone and desktop width go to test-artifacts/ (and SHOTS, if set)."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from kommunen.models import Kommune
from practice.models import PracticeReport
from practice.services import report_create
from recipes.models import Recipe
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_accessibility import blocking_violations, describe
from tests.browser.test_comments import sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = [ARTIFACTS] + ([Path(os.environ["SHOTS"])] if os.environ.get("SHOTS") else [])


def photograph(page, name):
    for folder in SHOTS:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def no_violations(page):
    violations = blocking_violations(page)
    assert not violations, f"{page.url}:{describe(violations)}"


def test_a_contributor_chooses_her_kommune_by_typing_and_reports_from_the_recipe_page(
        live_server, page, small_book, contributor):
    sign_in(page, live_server, contributor)
    page.goto(live_server.url + reverse("profile_kommune"))
    page.get_by_label("Name der Kommune").press_sequentially("Dür", delay=30)
    page.get_by_role("button", name="Düren wählen", exact=True).wait_for()  # the list came while typing
    no_violations(page)
    photograph(page, "practice-kommune-choose-desktop")
    page.get_by_role("button", name="Düren wählen", exact=True).click()
    page.wait_for_url("**" + reverse("profile_edit"))
    recipe = Recipe.objects.get(number="7.1.3")
    page.goto(live_server.url + recipe.get_absolute_url())
    # From here by keyboard only: focus moves as Tab would, keys do the rest.
    page.get_by_role("link", name="Von Ihrer Umsetzung berichten").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/nachgekocht/neu/")
    assert "Für: Düren" in page.locator("main").inner_text()
    page.get_by_label("Stand").focus()
    page.keyboard.press("ArrowDown")  # geplant → in Umsetzung
    page.get_by_label("Was wir angepasst haben").focus()
    page.keyboard.type("Der Posteingang wird **zentral** gescannt.")
    page.keyboard.press("Tab")  # on to "Ergebnisse"
    page.keyboard.type("Halb so lange Liegezeiten.")
    page.get_by_label("Links").focus()
    page.keyboard.type("https://dueren.example/e-akte")
    no_violations(page)
    photograph(page, "practice-report-form-desktop")
    page.get_by_role("button", name="Bericht veröffentlichen").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/nachgekocht/\d+/$"))
    assert page.get_by_role("heading", name="Erfahrungsbericht aus Düren").is_visible()
    report = PracticeReport.objects.get()
    assert (report.status, report.results) == ("in_umsetzung", "Halb so lange Liegezeiten.")
    no_violations(page)
    photograph(page, "practice-report-desktop")
    page.goto(live_server.url + recipe.get_absolute_url())
    assert page.get_by_role("heading", name="Nachgekocht in 1 Kommune").is_visible()
    no_violations(page)
    page.locator("#practice-heading").scroll_into_view_if_needed()
    photograph(page, "practice-recipe-desktop")


def test_the_map_is_read_by_keyboard_and_has_no_serious_violations(live_server, page, phone_page, small_book):
    recipes = list(Recipe.objects.all())
    for index, name in enumerate(["Düren", "Heidekreis", "Ortenaukreis", "Norderstedt", "Halle (Saale)",
                                  "Landkreis Cochem-Zell", "Gütersloh", "Bewerbergemeinschaft Ibbenbüren"]):
        person = make_user(f"m{index}@kommune.example", role="Mitwirkende", display_name=f"Person {index}",
                           kommune=Kommune.objects.get(name=name, is_model=True))
        for recipe in recipes[:index % 3 + 1]:
            report_create(author=person, recipe=recipe, status=["umgesetzt", "geplant", "in_umsetzung"][index % 3])
    page.goto(live_server.url + reverse("practice_overview"))
    no_violations(page)
    photograph(page, "practice-map-desktop")
    # Tab from the filter's last control into the map: the first dot is the next stop.
    page.get_by_role("button", name="Filtern").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused and re.match(r".+: \d+ Berichte?$", focused), focused
    page.locator("#overview-map").screenshot(path=str(ARTIFACTS / "practice-map-focus.png"))
    for folder in SHOTS[1:]:
        page.locator("#overview-map").screenshot(path=str(folder / "practice-map-focus.png"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/kommunen/\d+/$"))
    assert focused.split(":")[0] in page.locator("h1").inner_text()
    no_violations(page)
    page.goto(live_server.url + reverse("kommune_search") + "?q=kreis")
    no_violations(page)
    phone_page.goto(live_server.url + reverse("practice_overview") + "?stand=umgesetzt")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{width} px breit"
    no_violations(phone_page)
    photograph(phone_page, "practice-map-phone")
    phone_page.goto(live_server.url + Recipe.objects.get(number="6.1").get_absolute_url())
    phone_page.locator("#practice-heading").scroll_into_view_if_needed()
    photograph(phone_page, "practice-recipe-phone")

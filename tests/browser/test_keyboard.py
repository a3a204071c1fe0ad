"""The main flows with the keyboard only, in headless Chromium.

Tab, Shift+Tab, Enter, Space, Escape and typing; no clicks, and no page.goto after the first page.
Every element Tab stops at on the way must show where the focus is, so these tests also find a
control whose focus style was lost. Data is set up through the services; the actions go through
the pages.
"""

import pytest
from playwright.sync_api import expect

from proposals.models import EditProposal
from proposals.services import proposal_create
from recipes.models import Recipe
from recipes.versions import latest_version_id
from tests.browser.conftest import screenshot
from tests.browser.second_factor import totp_code
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The focused element as the test needs to see it; "shown" means an outline or a shadow.
FOCUS = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        tag: element.tagName, id: element.id, name: element.getAttribute("name") || "",
        checked: !!element.checked,
        text: (element.textContent || "").replace(/\\s+/g, " ").trim(),
        focusVisible: element.matches(":focus-visible"),
        shown: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
               || style.boxShadow !== "none",
        onScreen: box.width > 1 && box.height > 1 && box.bottom > 0 && box.right > 0
                  && box.top < innerHeight && box.left < innerWidth,
        inReply: !!element.closest(".comment-form--reply"),
    };
}"""


def keyboard_page(page):
    """No smooth scrolling, so an element Tab moved to is in view when the test looks at it."""
    page.set_default_timeout(10_000)
    page.emulate_media(reduced_motion="reduce")
    return page


def focused(page):
    return page.evaluate(FOCUS)


def assert_focus_is_visible(state):
    assert state["focusVisible"] and state["shown"], f"kein sichtbarer Fokus: {state}"
    assert state["onScreen"], f"Fokus außerhalb des Bildschirms: {state}"


def tab_to(page, wanted, *, key="Tab", limit=80):
    """Press ``key`` until the focused element satisfies ``wanted``; every stop must show focus."""
    state = focused(page)
    if state and wanted(state):
        return state
    for _ in range(limit):
        page.keyboard.press(key)
        state = focused(page)
        assert state is not None, "Der Fokus hat die Seite verlassen, ohne das Ziel zu erreichen."
        assert_focus_is_visible(state)
        if wanted(state):
            return state
    raise AssertionError(f"nach {limit}× {key} nicht erreicht; zuletzt {state}")


def follow(page):
    """Enter on the focused link or submit button, and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def text_is(text):
    return lambda state: state["text"] == text


def text_starts(text):
    """A link whose text goes on after ``text``, such as "Vorschläge 2 offen" in the header."""
    return lambda state: state["text"] == text or state["text"].startswith(text + " ")


def id_is(element_id):
    return lambda state: state["id"] == element_id


def sign_in(page, user, *, second_factor=False):
    tab_to(page, text_is("Anmelden"))
    follow(page)
    tab_to(page, id_is("id_login"))
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    page.keyboard.type(PASSWORD)
    follow(page)
    if second_factor:
        tab_to(page, lambda state: state["name"] == "code")
        page.keyboard.type(totp_code(user))
        follow(page)
    assert "/konto/" not in page.url


def test_a_reader_signs_in_opens_a_recipe_and_comments_on_a_paragraph_with_the_keyboard_only(
    live_server, page, small_book, contributor
):
    keyboard_page(page).goto(live_server.url)
    sign_in(page, contributor)

    tab_to(page, text_is("7 Kapitel 7"))
    follow(page)
    expect(page.locator("h1")).to_have_text("Kapitel 7")
    tab_to(page, text_is("7.1.3 Eingangsbearbeitung in der Kommunalverwaltung"))
    follow(page)

    # Each paragraph has its own "Kommentieren" link; it opens the form for that paragraph.
    tab_to(page, lambda state: state["text"].startswith("Kommentieren")
           and "Der Posteingang wird gescannt." in state["text"])
    follow(page)
    assert "?absatz=" in page.url and page.url.endswith("#kommentar-form")
    preview = page.locator("[data-passage-preview]")
    assert preview.is_visible() and "Der Posteingang wird gescannt." in preview.inner_text()
    tab_to(page, id_is("id_body"), limit=3)  # reading goes on where the link pointed
    page.keyboard.type("Bei uns scannt die Poststelle seit 2024 alles am Eingangstag.")
    tab_to(page, text_is("Kommentar veröffentlichen"), limit=3)
    follow(page)
    comment = page.locator("article.comment", has_text="am Eingangstag")
    assert "Der Posteingang wird gescannt." in comment.locator(".comment__quote").inner_text()
    screenshot(page, "keyboard-paragraph-comment")

    # Replying opens a form in place: Tab leads out of it again (no trap), Escape closes it
    # and gives the focus back to the link that opened it.
    tab_to(page, text_is("Antworten"))
    page.keyboard.press("Enter")
    assert focused(page)["tag"] == "TEXTAREA" and focused(page)["inReply"]
    tab_to(page, lambda state: not state["inReply"], limit=6)
    tab_to(page, lambda state: state["inReply"], key="Shift+Tab", limit=3)
    page.keyboard.press("Escape")
    assert page.locator(".comment-form--reply").count() == 0
    assert focused(page)["text"] == "Antworten"
    assert_focus_is_visible(focused(page))

    # The button that appears over a selected passage goes away with Escape as well. Headless
    # Chromium has no caret browsing, so the selection itself is made by script.
    page.evaluate("""() => {
        const range = document.createRange();
        range.selectNodeContents(document.querySelector("[data-absatz]"));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }""")
    page.keyboard.press("Shift")  # how a keyboard selection ends; comments.js listens for it
    button = page.get_by_role("button", name="Markierte Stelle kommentieren")
    button.wait_for(state="visible")
    page.keyboard.press("Escape")
    assert button.count() == 0


def test_a_moderator_signs_in_and_partly_accepts_a_proposal_with_the_keyboard_only(
    live_server, page, small_book, moderator, contributor
):
    recipe = Recipe.objects.get(number="7.1.3")
    body = (recipe.body.replace("wird gescannt.", "wird täglich gescannt.")
            .replace("Dann verteilt.", "Dann verteilt die Poststelle."))
    proposal = proposal_create(
        recipe=recipe, author=contributor, base_version_id=latest_version_id(recipe),
        title=recipe.title, body=body, summary="Genauer: wer wann was tut.",
    )
    keyboard_page(page).goto(live_server.url)
    sign_in(page, moderator, second_factor=True)

    tab_to(page, text_starts("Vorschläge"))
    follow(page)
    expect(page.locator("h1")).to_have_text("Vorschläge")
    tab_to(page, id_is("filter-chapter"))
    page.keyboard.type("7")  # a closed list picks the option starting with what is typed
    tab_to(page, text_is("Filtern"), limit=2)
    follow(page)
    assert f"kapitel={small_book.slug}" in page.url  # chapter 7, as typed
    tab_to(page, lambda state: state["text"].startswith(f"#{proposal.pk} "))
    follow(page)
    assert page.url.endswith(f"/vorschlaege/{proposal.pk}/pruefen/")

    first_passage = tab_to(page, lambda state: state["name"] == "aenderung")
    assert first_passage["checked"]
    page.keyboard.press("Space")
    assert not focused(page)["checked"]
    tab_to(page, text_is("Nur die ausgewählten Stellen übernehmen"))
    screenshot(page, "keyboard-review")
    follow(page)
    expect(page.locator(".messages")).to_contain_text("teilweise übernommen")
    proposal.refresh_from_db()
    recipe.refresh_from_db()
    assert proposal.status == EditProposal.Status.PARTLY_ACCEPTED
    assert "Dann verteilt die Poststelle." in recipe.body and "täglich" not in recipe.body

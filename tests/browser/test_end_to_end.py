"""One long journey through the site in headless Chromium, done only through its pages.

A municipal employee signs up, confirms her address, comments on a passage and proposes an
edit; a moderator signs in with the second factor and accepts part of it; history, diff and
search show the result. The ORM only sets the stage (demo book, moderator), reads the mails
(the live server runs in this process, with the local-memory mail backend) and checks the
permissions the confirmed address brought.
"""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from accounts.roles import perm
from tests.browser.conftest import screenshot
from tests.browser.second_factor import totp_code
from tests.factories import PASSWORD

# The header link with what waits: "Vorschläge", "Vorschläge 1 offen".
WORK_LINK_VORSCHLAEGE = re.compile(r"^Vorschläge( \d+ offen)?$")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PERSON = {"email": "lena.lindner@heidekreis.example", "name": "Lena Lindner",
              "institution": "Landkreis Heidekreis"}
TIMEOUT_MS = 10_000  # a missing element fails in seconds, not after Playwright's 30
COMMENTED = "Papier wird gescannt"
# The proposal changes two sentences in different paragraphs; the moderator takes only the second.
LEFT_OUT = ("Hier entscheidet sich, ob der weitere Prozess digital verläuft.",
            "Schon in der Poststelle entscheidet sich, ob der weitere Prozess digital verläuft.")
TAKEN = ("Typische Aufgaben sind Eingangsbestätigung, Vollständigkeitsprüfung,",
         "Typische Aufgaben sind Eingangsstempel und -bestätigung, Vollständigkeitsprüfung,")


@pytest.fixture
def demo_book(db):
    """The real demo book (86 recipes), loaded the way `make run` loads it."""
    call_command("load_demo_book", stdout=io.StringIO())


@pytest.fixture
def new_window(browser):
    """Windows with their own cookies, for other people. Closed after the test: an open window
    keeps its connection to the live server, and with it a database session, alive."""
    contexts = []

    def open_window():
        context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_window
    for context in contexts:
        context.close()


def select_with_the_mouse(page, block, words):
    """Drag the mouse over ``words`` inside ``block`` as a reader would."""
    box = block.evaluate("""(block, words) => {
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            const at = node.data.indexOf(words);
            if (at === -1) continue;
            const first = document.createRange(), last = document.createRange();
            first.setStart(node, at); first.setEnd(node, at + 1);
            last.setStart(node, at + words.length - 1); last.setEnd(node, at + words.length);
            const a = first.getBoundingClientRect(), b = last.getBoundingClientRect();
            return {x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2};
        }
        throw new Error("not found: " + words);
    }""", words)
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()


def sign_up_and_confirm(page, live_server):
    page.goto(live_server.url)
    page.get_by_role("link", name="Registrieren", exact=True).click()
    page.get_by_label("E-Mail-Adresse").fill(NEW_PERSON["email"])
    page.get_by_label("Passwort:", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort (Wiederholung)").fill(PASSWORD)
    page.get_by_label("Anzeigename").fill(NEW_PERSON["name"])
    page.get_by_label("Institution/Kommune").fill(NEW_PERSON["institution"])
    page.get_by_label("Bundesland").select_option(label="Niedersachsen")
    screenshot(page, "e2e-01-signup")
    page.get_by_role("button", name="Registrieren").click()
    expect(page.locator("h1")).to_have_text("Bestätigen Sie Ihre E-Mail-Adresse")

    assert len(mail.outbox) == 1 and mail.outbox[0].to == [NEW_PERSON["email"]]
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(live_server.url + link[link.index("/konto/"):])
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.locator(".site-header").get_by_role("link", name=NEW_PERSON["name"])).to_be_visible()


def test_sign_up_comment_propose_partly_accepted_then_history_diff_and_search_show_it(
    live_server, page, new_window, demo_book, moderator
):
    # a) Sign up, confirm the address from the mail: that makes her "Mitwirkende".
    page.set_default_timeout(TIMEOUT_MS)
    sign_up_and_confirm(page, live_server)
    author = User.objects.get(email=NEW_PERSON["email"])
    assert author.has_perm(perm("comment")) and author.has_perm(perm("propose"))

    # b) From the table of contents to the recipe, then comment on a passage chosen with the mouse.
    page.get_by_role("link", name="Inhalt", exact=True).click()
    page.get_by_role("link", name="7 Die Gerichte").click()
    page.get_by_role("link", name="7.1.3 Eingangsbearbeitung in der Kommunalverwaltung").click()
    expect(page.locator("h1")).to_contain_text("Eingangsbearbeitung")
    recipe_url = page.url
    block = page.locator("[data-absatz]", has_text=COMMENTED)
    select_with_the_mouse(page, block, COMMENTED)
    page.get_by_role("button", name="Markierte Stelle kommentieren").click()
    assert page.locator("[data-passage-preview]").inner_text().count(f"„{COMMENTED}“") == 1
    page.get_by_label("Ihr Kommentar").fill(
        "Bei uns scannt die Poststelle nur bis DIN A3. Wer übernimmt Baupläne im Großformat?")
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    page.wait_for_url("**#kommentar-*")
    comment = page.locator("article.comment", has_text="Baupläne im Großformat")
    assert comment.locator(".comment__quote").inner_text().count(f"„{COMMENTED}“") == 1
    assert block.locator("mark.passage-mark").inner_text() == COMMENTED
    screenshot(page, "e2e-02-passage-comment")

    # c) Propose an edit to two separate sentences, with a reason.
    page.get_by_role("link", name="Änderung vorschlagen").click()
    body = page.get_by_label("Text (Markdown)")
    text = body.input_value()
    for old, new in (LEFT_OUT, TAKEN):
        assert text.count(old) == 1
        text = text.replace(old, new)
    body.fill(text)
    page.get_by_label("Kurze Begründung").fill("Der Eingangsstempel gehört zu den Aufgaben, und die "
                                               "Weichen stellt schon die Poststelle.")
    page.get_by_role("button", name="Vorschlag einreichen").click()
    expect(page.locator(".messages")).to_contain_text("Ihr Vorschlag ist eingereicht")
    screenshot(page, "e2e-03-proposal-submitted")

    # d) The moderator signs in with password and authenticator code and takes one passage.
    review = new_window()
    review.goto(live_server.url)
    review.get_by_role("link", name="Anmelden", exact=True).click()
    review.get_by_label("E-Mail-Adresse").fill(moderator.email)
    review.get_by_label("Passwort:", exact=True).fill(PASSWORD)
    review.get_by_role("button", name="Anmeldung").click()
    review.get_by_label("Code").fill(totp_code(moderator))
    screenshot(review, "e2e-04-second-factor")
    review.get_by_role("button", name="Anmeldung").click()
    review.get_by_role("link", name=WORK_LINK_VORSCHLAEGE).click()
    review.locator("a.proposal-table__link", has_text="Eingangsbearbeitung").click()
    expect(review.get_by_role("heading", name="Entscheiden")).to_be_visible()
    passages = review.locator(".hunks label")
    assert passages.count() == 2
    passages.filter(has_text="in der Poststelle").get_by_role("checkbox").uncheck()
    screenshot(review, "e2e-05-review-partial")
    review.get_by_role("button", name="Nur die ausgewählten Stellen übernehmen").click()
    expect(review.locator(".messages")).to_contain_text("teilweise übernommen")

    # e) The recipe shows the one change; its history and the diff tell who and what.
    reader = new_window()
    reader.goto(recipe_url)
    prose = reader.locator(".recipe__body").inner_text()
    assert TAKEN[1] in prose and LEFT_OUT[0] in prose and LEFT_OUT[1] not in prose
    assert reader.locator("mark.passage-mark").inner_text() == COMMENTED  # the comment still fits
    decided = [message.body for message in mail.outbox if message.to == [NEW_PERSON["email"]]][-1]
    assert "ist teilweise übernommen worden" in decided and moderator.display_name in decided
    reader.get_by_role("link", name="Versionen", exact=True).click()
    newest = reader.locator(".history-table tbody tr").first
    assert NEW_PERSON["name"] in newest.locator("td").nth(4).inner_text()
    assert f"freigegeben von {moderator.display_name}" in newest.inner_text()
    screenshot(reader, "e2e-06-history")
    reader.get_by_role("button", name="Gewählte Fassungen vergleichen").click()
    inserted = " ".join(reader.locator(".diff ins").all_inner_texts())
    removed = " ".join(reader.locator(".diff del").all_inner_texts())
    assert "Eingangsstempel und -bestätigung" in inserted and "Eingangsbestätigung" in removed
    assert "Poststelle" not in inserted and "Hier" not in removed
    screenshot(reader, "e2e-07-diff")

    # f) The search box in the header finds the new words and leads to the recipe.
    reader.get_by_label("Im Kochbuch suchen").fill("Eingangsstempel")
    reader.keyboard.press("Enter")
    hit = reader.locator(".search-hit").first
    assert "Eingangsstempel" in hit.locator(".search-hit__snippet").inner_text()
    screenshot(reader, "e2e-08-search")
    hit.get_by_role("link").click()
    assert reader.url.split("#")[0] == recipe_url

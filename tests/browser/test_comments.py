"""Commenting on a selected passage in headless Chromium, and how threads look on desktop and phone."""

import pytest
from django.conf import settings
from django.test import Client

from comments.anchoring import anchor_at
from comments.models import Comment
from comments.passages import blocks_of
from recipes.models import Recipe
from recipes.rendering import render_markdown
from tests.browser.conftest import ARTIFACTS, screenshot, sideways_overflow
from tests.factories import make_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])


def select(page, block_id, words):
    """Select ``words`` inside the paragraph as a reader would, and let go of the mouse."""
    page.evaluate("""([blockId, words]) => {
        const block = document.getElementById(blockId);
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            const at = node.data.indexOf(words);
            if (at === -1) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            block.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
            return;
        }
        throw new Error("not found: " + words);
    }""", [block_id, words])


def conversation(recipe, people):
    """A thread on a passage with replies five levels deep, and a second plain thread."""
    mia, omar, moritz = people
    block = blocks_of(render_markdown(recipe.body).html)[1]
    start = block.text.index("verteilt")
    first = make_comment(recipe, omar, "Wer verteilt bei Ihnen – die Poststelle oder die Ämter selbst?",
                         anchor=anchor_at(block, start, start + len("verteilt")))
    parent = first
    texts = ["Bei uns die Poststelle, mit einer Regel pro Amt.",
             "Und wer pflegt die Regeln? Das ist bei uns *das* Problem.",
             "Die IT, auf Zuruf. Wir wollen das ändern:\n\n- feste Ansprechperson\n- Änderungen per Ticket",
             "Klingt gut. Gibt es dazu eine Dienstanweisung, die Sie teilen können?",
             "Ja, ich stelle sie als Vorschlag in 8.2 ein."]
    for index, text in enumerate(texts):
        parent = make_comment(recipe, [mia, omar][index % 2], text, parent=parent)
    make_comment(recipe, moritz, "Bitte bleiben Sie beim Thema **Eingangsbearbeitung**. Danke!")


def test_a_reader_selects_a_passage_comments_on_it_and_sees_it_quoted_and_marked(
    live_server, page, phone_page, small_book, contributor, other_contributor, moderator
):
    recipe = Recipe.objects.get(number="7.1.3")
    conversation(recipe, (contributor, other_contributor, moderator))
    scanned = blocks_of(render_markdown(recipe.body).html)[0].id

    sign_in(page, live_server, contributor)
    page.goto(live_server.url + recipe.get_absolute_url())
    select(page, scanned, "wird gescannt")
    button = page.get_by_role("button", name="Markierte Stelle kommentieren")
    button.click()
    preview = page.locator("[data-passage-preview]")
    assert preview.is_visible() and "„wird gescannt“" in preview.inner_text()
    assert page.locator("mark.passage-mark--pending").inner_text() == "wird gescannt"
    assert page.evaluate("document.activeElement.id") == "id_body"
    page.keyboard.type("Mit welchem Scanner? Bei uns **reicht** die Auflösung nicht.")
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    page.wait_for_url("**#kommentar-*")

    comment = Comment.objects.get(body__startswith="Mit welchem Scanner?")
    assert (comment.anchor_quote, comment.anchor_block) == ("wird gescannt", scanned)
    article = page.locator(f"#kommentar-{comment.pk}")
    assert "„wird gescannt“" in article.locator(".comment__quote").inner_text()
    assert article.locator("strong").inner_text() == "reicht"
    marks = page.locator(f"#{scanned} mark.passage-mark")
    assert marks.count() == 1 and marks.inner_text() == "wird gescannt"
    assert page.locator("mark.passage-mark").count() == 2  # and the passage of the earlier thread

    # Replying happens in place, without leaving the page.
    page.locator(f"#kommentar-{comment.pk} [data-reply]").click()
    reply_box = page.locator(".comment-form--reply textarea")
    assert reply_box.is_visible() and page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.press("Escape")
    assert page.locator(".comment-form--reply").count() == 0

    page.locator("#kommentare").scroll_into_view_if_needed()
    screenshot(page, "comments-thread-desktop")
    page.locator("#kommentare").screenshot(path=str(ARTIFACTS / "comments-section-desktop.png"))
    page.locator(".recipe__body").screenshot(path=str(ARTIFACTS / "comments-marked-text-desktop.png"))

    sign_in(phone_page, live_server, contributor)
    phone_page.goto(live_server.url + recipe.get_absolute_url())
    assert sideways_overflow(phone_page) <= 0
    screenshot(phone_page, "comments-thread-phone")
    phone_page.locator("#kommentare").screenshot(path=str(ARTIFACTS / "comments-section-phone.png"))


def test_on_a_wide_screen_passage_threads_stand_beside_their_paragraph_below_the_contents(
        live_server, browser, small_book, contributor, other_contributor, moderator):
    recipe = Recipe.objects.get(number="7.1.3")
    conversation(recipe, (contributor, other_contributor, moderator))
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + recipe.get_absolute_url())
        note = page.locator(".margin-notes").first
        paragraph = page.locator(".recipe__body p", has_text="Dann verteilt.")
        toc = page.locator(".recipe-toc")
        note_box, paragraph_box, toc_box = note.bounding_box(), paragraph.bounding_box(), toc.bounding_box()
        assert note_box["x"] > paragraph_box["x"] + paragraph_box["width"]  # in the margin
        assert note_box["y"] >= toc_box["y"] + toc_box["height"]  # stacked, not overlapping
        assert "Wer verteilt bei Ihnen" in note.inner_text()
        note.get_by_role("link").first.click()
        assert page.url.endswith("#kommentar-" + str(Comment.objects.filter(parent=None).order_by("pk").first().pk))
        screenshot(page, "margin-notes-desktop")

        page.set_viewport_size({"width": 390, "height": 844})
        assert not note.is_visible()  # on a phone the count link under the paragraph leads there
    finally:
        context.close()


def test_comments_since_the_last_visit_are_marked_new_and_replies_fold(live_server, page, small_book, contributor,
                                                                       other_contributor):
    recipe = Recipe.objects.get(number="7.1.3")
    root = make_comment(recipe, other_contributor, "Wie machen Sie das?")
    make_comment(recipe, contributor, "So machen wir das.", parent=root)
    sign_in(page, live_server, contributor)
    page.goto(live_server.url + recipe.get_absolute_url())
    assert page.locator(".badge--new").count() == 0  # a first visit marks nothing

    newer = make_comment(recipe, other_contributor, "Danke, und wie lange dauert es?", parent=root)
    own = make_comment(recipe, contributor, "Eine Woche.", parent=root)
    page.reload()

    assert page.locator(f"#kommentar-{newer.pk} .badge--new").inner_text() == "neu"
    assert page.locator(f"#kommentar-{own.pk} .badge--new").count() == 0  # one's own is not news
    assert page.get_by_role("link", name="1 neuer Kommentar seit Ihrem letzten Besuch").is_visible()
    fold = page.locator("details.comment-replies-fold").first
    summary = fold.locator("summary")
    assert summary.inner_text().startswith("3 Antworten")
    summary.click()
    assert not page.locator(f"#kommentar-{newer.pk}").is_visible()
    screenshot(page, "replies-folded-desktop")
    summary.click()
    assert page.locator(f"#kommentar-{newer.pk}").is_visible()
    page.reload()
    assert page.locator(".badge--new").count() == 0  # seen now

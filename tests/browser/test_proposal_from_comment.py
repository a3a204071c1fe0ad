"""A comment becomes a proposal in headless Chromium: the passage is selected in the text field."""

import pytest

from comments.anchoring import selection_anchor
from comments.passages import blocks_of
from recipes.models import Recipe
from recipes.rendering import render_markdown
from recipes.services import recipe_save
from tests.browser.conftest import screenshot, sideways_overflow
from tests.browser.test_comments import sign_in
from tests.factories import make_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MARKDOWN = "## Posteingang\n\nJeden Tag: Der Posteingang wird **morgens** gescannt und verteilt.\n"


def test_the_proposal_form_selects_the_commented_passage_in_the_markdown(
    live_server, page, small_book, contributor, other_contributor, editor
):
    recipe = Recipe.objects.get(number="7.1.3")
    recipe.body = MARKDOWN
    recipe_save(recipe=recipe, user=editor, comment="Fett gesetzt")
    blocks = blocks_of(render_markdown(MARKDOWN).html)
    anchor = selection_anchor(blocks, block_id=blocks[0].id, quote="wird morgens gescannt")
    make_comment(recipe, other_contributor, "Bei uns erst mittags.", anchor=anchor)

    sign_in(page, live_server, contributor)
    page.goto(live_server.url + recipe.get_absolute_url())
    page.get_by_role("link", name="Als Änderungsvorschlag übernehmen").click()
    page.wait_for_load_state()
    assert page.locator("mark").inner_text() == "wird morgens gescannt"
    button = page.get_by_role("button", name="Stelle im Textfeld markieren")
    button.click()
    selected = page.evaluate("""() => {
        const field = document.getElementById("id_body");
        return [document.activeElement === field,
                field.value.slice(field.selectionStart, field.selectionEnd)];
    }""")
    # The rendered words are found across the Markdown markup in the field.
    assert selected == [True, "wird **morgens** gescannt"]
    screenshot(page, "proposal-from-comment-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    assert sideways_overflow(page) <= 0
    screenshot(page, "proposal-from-comment-phone")

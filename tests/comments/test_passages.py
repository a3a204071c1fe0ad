"""Paragraph anchors in rendered recipes, and the "Kommentieren" links beside them."""

import pytest

from comments.passages import MarginNote, blocks_of, with_paragraph_links
from recipes.rendering import render_markdown

pytestmark = pytest.mark.django_db

SOURCE = """## Posteingang

Der Posteingang wird *zentral* gescannt.

- erstens
- zweitens

> Ein Tipp.

| a | b |
|---|---|
| 1 | 2 |

Der Posteingang wird *zentral* gescannt.
"""


def test_every_paragraph_list_and_quote_gets_a_stable_anchor_but_headings_and_tables_keep_theirs():
    html = render_markdown(SOURCE).html
    blocks = blocks_of(html)
    assert [block.text for block in blocks] == [
        "Der Posteingang wird zentral gescannt.", "erstens zweitens", "Ein Tipp.",
        "Der Posteingang wird zentral gescannt.",
    ]
    assert blocks[0].id.startswith("absatz-") and blocks[3].id == blocks[0].id + "-2"
    assert 'id="abschnitt-posteingang"' in html and "<table>" in html


def test_an_unchanged_paragraph_keeps_its_anchor_when_other_paragraphs_change():
    before = blocks_of(render_markdown("Erster Absatz.\n\nZweiter Absatz.").html)
    after = blocks_of(render_markdown("Ganz neuer erster Absatz.\n\nZweiter Absatz.").html)
    assert before[1].id == after[1].id and before[0].id != after[0].id


def test_comments_cannot_smuggle_paragraph_anchors_with_other_values_or_event_handlers():
    html = render_markdown('<p id="kommentar-form" data-absatz="x" onclick="alert(1)">Hallo</p>',
                           profile="comment").html
    assert "kommentar-form" not in html and "onclick" not in html and 'data-absatz="x"' not in html


def test_paragraph_links_sit_between_blocks_and_do_not_change_the_text_of_any_block():
    html = render_markdown(SOURCE).html
    blocks = blocks_of(html)
    notes = [MarginNote("42", "Mia Muster", "Bei uns auch."), MarginNote("43", "Omar", "<b>Nein</b>")]
    linked = str(with_paragraph_links(html, threads_by_block={blocks[0].id: notes}))
    assert linked.count('<div class="absatz-tools') == 4
    assert f'href="?absatz={blocks[1].id}#kommentar-form"' in linked
    assert '<a class="absatz-tools__count" href="#kommentar-42">2 Kommentare</a>' in linked
    assert blocks_of(linked) == blocks  # the text of each block is unchanged
    assert linked.index("absatz-tools") > linked.index("gescannt.</p>")


def test_a_paragraph_with_passage_threads_gets_margin_notes_before_it_escaped_and_capped():
    html = render_markdown(SOURCE).html
    blocks = blocks_of(html)
    notes = [MarginNote(str(pk), f"Person {pk}", "<script>x</script> Text") for pk in (7, 8, 9)]

    linked = str(with_paragraph_links(html, threads_by_block={blocks[1].id: notes}))

    margin = linked.index('<div class="margin-notes">')
    assert margin < linked.index(f'id="{blocks[1].id}"') and margin > linked.index(f'id="{blocks[0].id}"')
    assert '<a href="#kommentar-7"><strong>Person 7</strong> &lt;script&gt;x&lt;/script&gt; Text</a>' in linked
    assert "Person 9" not in linked and "und 1 weitere" in linked  # two shown, the rest counted
    assert blocks_of(linked) == blocks

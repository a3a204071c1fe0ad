"""The pure helpers behind the review page: passages, their selection and the size of a change."""

import pytest

from proposals.changes import (
    TITLE,
    apply_changes,
    change_size,
    normalise_newlines,
    parse_change_ids,
    proposal_changes,
)
from tests.proposals.conftest import BODY, PROPOSED

BASE = {"title": "Sachbearbeitung", "body": BODY}


def test_each_changed_sentence_is_one_passage_with_its_context():
    changes = proposal_changes(BASE, {"title": BASE["title"], "body": PROPOSED})
    assert [c.id for c in changes] == [1, 2, 3]
    assert (changes[1].old_text, changes[1].new_text) == ("die Poststelle", "das Dokumentenmanagementsystem")
    first = changes[0]
    assert first.context_before + first.old_text + first.context_after in BODY


def test_a_changed_title_is_a_passage_of_its_own_listed_first():
    changes = proposal_changes(BASE, {"title": "Sachbearbeitung digital", "body": BODY})
    assert [c.id for c in changes] == [TITLE]
    assert changes[0].is_title and changes[0].tag == "replace"


def test_taking_two_of_three_sentences_leaves_the_third_as_it_was():
    result = apply_changes(BASE, {"title": "Neu", "body": PROPOSED}, {1, 3})
    assert result["title"] == BASE["title"]
    assert "jeden Morgen digital gescannt" in result["body"]
    assert "verteilt die Poststelle die Akten" in result["body"]
    assert "innerhalb von drei Tagen." in result["body"]


def test_unknown_passages_are_refused():
    with pytest.raises(ValueError):
        apply_changes(BASE, {"title": BASE["title"], "body": PROPOSED}, {7})
    with pytest.raises(ValueError):
        apply_changes(BASE, {"title": BASE["title"], "body": PROPOSED}, {TITLE})
    with pytest.raises(ValueError):
        parse_change_ids(["1", "drop table"])


def test_posted_ids_become_numbers_and_the_title_marker():
    assert parse_change_ids(["1", " 3", "title"]) == {1, 3, TITLE}


def test_the_size_counts_words_added_and_removed():
    assert change_size(BODY, PROPOSED) == (9, 3)
    assert change_size("", "Ein ganz neues Rezept.") == (4, 0)


def test_browser_line_endings_become_plain_newlines():
    assert normalise_newlines("a\r\n\r\nb\rc") == "a\n\nb\nc"

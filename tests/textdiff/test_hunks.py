"""Changed passages of a proposal and partial acceptance (pure Python, no database)."""

import itertools
import random

import pytest

from textdiff import apply_hunks, hunks

BASE = """## 7.1.3 Eingangsbearbeitung

Der Posteingang wird täglich gescannt. Danach verteilt die Poststelle die Dokumente an die \
Fachämter. Die Sachbearbeitung beginnt am selben Tag.

- Eingang prüfen
- Akte anlegen

| Schritt | Dauer |
|---|---|
| Scannen | 1 Tag |
"""

PROPOSED = """## 7.1.3 Eingangsbearbeitung

Der Posteingang wird zweimal täglich gescannt. Danach verteilt die Poststelle die Dokumente an die \
Fachämter. Die Sachbearbeitung beginnt spätestens am Folgetag.

- Eingang prüfen und bestätigen
- Akte anlegen

| Schritt | Dauer |
|---|---|
| Scannen | 2 Stunden |
"""


def test_each_changed_sentence_of_a_paragraph_is_a_hunk_of_its_own():
    found = hunks(BASE, PROPOSED)
    assert [(h.id, h.old_text, h.new_text) for h in found] == [
        (1, "", "zweimal "),
        (2, "am selben Tag", "spätestens am Folgetag"),
        (3, "", " und bestätigen"),
        (4, "1 Tag", "2 Stunden"),
    ]
    assert [h.tag for h in found] == ["insert", "replace", "insert", "replace"]


def test_several_changes_in_one_sentence_form_one_hunk():
    proposed = BASE.replace("Danach verteilt die Poststelle", "Anschließend verteilt die Zentrale")
    (hunk,) = hunks(BASE, proposed)
    assert hunk.old_text == "Danach verteilt die Poststelle"
    assert hunk.new_text == "Anschließend verteilt die Zentrale"


def test_a_hunk_carries_a_one_line_label_with_context_for_the_moderator():
    hunk = hunks(BASE, PROPOSED)[1]
    assert hunk.label == (
        "… Fachämter. Die Sachbearbeitung beginnt «am selben Tag» → «spätestens am Folgetag». …"
    )
    assert hunk.context_before == "Fachämter. Die Sachbearbeitung beginnt"
    assert hunk.context_after == "."
    assert "\n" not in hunk.label


def test_hunk_coordinates_point_at_the_replaced_base_tokens():
    from textdiff import tokenize

    tokens = tokenize(BASE)
    for hunk in hunks(BASE, PROPOSED):
        assert "".join(tokens[hunk.base_start:hunk.base_end]) == hunk.old_text


def test_accepting_all_hunks_gives_the_proposal_and_none_gives_the_base():
    ids = [h.id for h in hunks(BASE, PROPOSED)]
    assert apply_hunks(BASE, PROPOSED, ids) == PROPOSED
    assert apply_hunks(BASE, PROPOSED, []) == BASE


def test_accepting_some_hunks_applies_exactly_those():
    result = apply_hunks(BASE, PROPOSED, [2, 4])
    assert "beginnt spätestens am Folgetag." in result
    assert "| Scannen | 2 Stunden |" in result
    assert "wird täglich gescannt" in result
    assert "- Eingang prüfen\n" in result


def test_the_order_of_accepted_ids_does_not_matter():
    assert apply_hunks(BASE, PROPOSED, [4, 1, 3]) == apply_hunks(BASE, PROPOSED, (1, 3, 4))


def test_every_subset_of_hunks_applies_independently_of_the_others():
    ids = [h.id for h in hunks(BASE, PROPOSED)]
    for size in range(len(ids) + 1):
        for subset in itertools.combinations(ids, size):
            result = apply_hunks(BASE, PROPOSED, subset)
            # Taking the rest of the hunks on top of the result completes the proposal.
            assert apply_hunks(result, PROPOSED, [h.id for h in hunks(result, PROPOSED)]) == PROPOSED
            assert len(hunks(result, PROPOSED)) == len(ids) - size


def test_an_unknown_hunk_id_is_refused():
    with pytest.raises(ValueError):
        apply_hunks(BASE, PROPOSED, [1, 99])


def test_a_proposal_equal_to_the_base_has_no_hunks():
    assert hunks(BASE, BASE) == []


def test_random_subsets_of_random_edits_rebuild_base_and_proposal():
    rng = random.Random(42)
    words = BASE.split(" ")
    for _ in range(60):
        changed = list(words)
        for _ in range(rng.randint(1, 6)):
            pos = rng.randrange(len(changed))
            changed[pos] = rng.choice(["Gemeinde", "Fachamt.", "", "neu\n\nAbsatz", changed[pos] + ","])
        proposed = " ".join(changed)
        found = hunks(BASE, proposed)
        ids = [h.id for h in found]
        assert apply_hunks(BASE, proposed, ids) == proposed
        assert apply_hunks(BASE, proposed, []) == BASE
        subset = [i for i in ids if rng.random() < 0.5]
        assert apply_hunks(BASE, proposed, subset) == apply_hunks(BASE, proposed, reversed(subset))

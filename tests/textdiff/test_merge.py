"""Three-way merge of recipe versions (pure Python, no database)."""

import pytest

from textdiff import merge3, merge3_segments

BASE = """## 7.1.3 Eingangsbearbeitung

Der Posteingang wird täglich gescannt. Danach verteilt die Poststelle die Dokumente an die \
Fachämter. Die Sachbearbeitung beginnt am selben Tag.

- Eingang prüfen
- Akte anlegen (siehe [[7.1.4]])
"""


def edit(text, old, new):
    assert old in text
    return text.replace(old, new, 1)


def test_edits_in_different_sentences_of_one_paragraph_both_apply():
    current = edit(BASE, "täglich gescannt", "zweimal täglich gescannt")
    proposed = edit(BASE, "am selben Tag", "spätestens am Folgetag")
    result = merge3(BASE, current, proposed)
    assert result.clean
    assert result.text == edit(current, "am selben Tag", "spätestens am Folgetag")


def test_edits_in_neighbouring_sentences_touching_the_full_stop_both_apply():
    current = edit(BASE, "gescannt. Danach", "gescannt! Danach")
    proposed = edit(BASE, "Danach verteilt", "Anschließend verteilt")
    result = merge3(BASE, current, proposed)
    assert result.text == edit(BASE, "gescannt. Danach verteilt", "gescannt! Anschließend verteilt")


def test_the_same_edit_on_both_sides_applies_once():
    changed = edit(BASE, "Poststelle", "zentrale Poststelle")
    result = merge3(BASE, changed, changed)
    assert result.text == changed
    other = edit(changed, "- Akte anlegen", "- E-Akte anlegen")
    assert merge3(BASE, changed, other).text == other


def test_a_side_that_made_the_same_fix_and_more_wins_over_the_smaller_fix():
    current = edit(BASE, "Poststelle", "Zentrale")
    proposed = edit(edit(BASE, "Poststelle", "Zentrale"), "die Dokumente", "alle Dokumente")
    result = merge3(BASE, current, proposed)
    assert result.clean and result.text == proposed


def test_different_edits_of_the_same_words_conflict_with_the_whole_sentence_shown():
    current = edit(BASE, "am selben Tag", "am Folgetag")
    proposed = edit(BASE, "am selben Tag", "innerhalb von zwei Tagen")
    result = merge3(BASE, current, proposed)
    assert not result.clean and result.text is None
    (conflict,) = result.conflicts
    assert conflict.id == 1
    assert conflict.base_text == "Die Sachbearbeitung beginnt am selben Tag."
    assert conflict.current_text == "Die Sachbearbeitung beginnt am Folgetag."
    assert conflict.proposed_text == "Die Sachbearbeitung beginnt innerhalb von zwei Tagen."
    assert conflict.context_before.endswith("an die Fachämter.")
    assert conflict.context_after.startswith("- Eingang prüfen")


def test_different_words_of_one_sentence_merge_but_conflict_in_sentence_mode():
    current = edit(BASE, "Der Posteingang", "Die Posteingangsstelle")
    proposed = edit(BASE, "täglich gescannt", "täglich digitalisiert")
    assert merge3(BASE, current, proposed).text == edit(current, "gescannt", "digitalisiert")
    strict = merge3(BASE, current, proposed, granularity="sentence")
    assert [c.base_text for c in strict.conflicts] == ["Der Posteingang wird täglich gescannt."]


def test_two_different_insertions_at_the_same_point_conflict():
    current = edit(BASE, "- Akte anlegen", "- Eingang bestätigen\n- Akte anlegen")
    proposed = edit(BASE, "- Akte anlegen", "- Dokumente scannen\n- Akte anlegen")
    result = merge3(BASE, current, proposed)
    (conflict,) = result.conflicts
    assert (conflict.base_text, conflict.current_text, conflict.proposed_text) == (
        "", "- Eingang bestätigen\n", "- Dokumente scannen\n",
    )
    assert result.resolve({1: "both"}) == edit(
        BASE, "- Akte anlegen", "- Eingang bestätigen\n- Dokumente scannen\n- Akte anlegen"
    )


def test_deleting_a_sentence_that_the_other_side_edited_conflicts():
    current = edit(BASE, " Die Sachbearbeitung beginnt am selben Tag.", "")
    proposed = edit(BASE, "am selben Tag", "am Folgetag")
    (conflict,) = merge3(BASE, current, proposed).conflicts
    assert conflict.current_text == ""
    assert conflict.proposed_text.strip() == "Die Sachbearbeitung beginnt am Folgetag."


def test_resolve_applies_each_choice_and_custom_text():
    current = edit(edit(BASE, "täglich", "stündlich"), "am selben Tag", "am Folgetag")
    proposed = edit(edit(BASE, "täglich", "wöchentlich"), "am selben Tag", "sofort")
    result = merge3(BASE, current, proposed)
    assert [c.id for c in result.conflicts] == [1, 2]
    text = result.resolve({1: "current", 2: "proposed"})
    assert "wird stündlich gescannt" in text and "beginnt sofort." in text
    text = result.resolve({1: "proposed", 2: "Die Sachbearbeitung beginnt nach Eingang."})
    assert "wird wöchentlich gescannt" in text and "beginnt nach Eingang." in text
    assert result.resolve({1: "base", 2: "both"}).count("Die Sachbearbeitung beginnt") == 2


def test_resolve_refuses_missing_or_unknown_choices_so_nothing_is_applied_half():
    current = edit(edit(BASE, "täglich", "stündlich"), "am selben Tag", "am Folgetag")
    proposed = edit(edit(BASE, "täglich", "wöchentlich"), "am selben Tag", "sofort")
    result = merge3(BASE, current, proposed)
    with pytest.raises(ValueError):
        result.resolve({1: "current"})
    with pytest.raises(ValueError):
        result.resolve({1: "current", 2: "current", 3: "proposed"})


def test_an_unchanged_current_version_gives_the_proposal_as_it_is():
    proposed = edit(BASE, "Poststelle", "Zentrale")
    result = merge3(BASE, BASE, proposed)
    assert result.clean and result.text == proposed and result.conflicts == []


def test_a_proposal_equal_to_the_base_keeps_the_current_version():
    current = edit(BASE, "Poststelle", "Zentrale")
    assert merge3(BASE, current, BASE).text == current


def test_a_direct_edit_is_merged_with_a_save_that_happened_in_between():
    # The form carried BASE as hidden base version; someone else saved `current` meanwhile.
    current = edit(BASE, "- Akte anlegen", "- E-Akte anlegen")
    mine = edit(BASE, "## 7.1.3 Eingangsbearbeitung", "## 7.1.3 Eingangsbearbeitung im Bürgerbüro")
    assert merge3(BASE, current, mine).text == edit(
        current, "Eingangsbearbeitung", "Eingangsbearbeitung im Bürgerbüro"
    )


def test_segments_show_agreed_text_and_conflicts_in_place():
    current = edit(BASE, "am selben Tag", "am Folgetag")
    proposed = edit(edit(BASE, "am selben Tag", "sofort"), "täglich", "stündlich")
    segments = merge3_segments(BASE, current, proposed)
    assert [s.is_conflict for s in segments] == [False, True, False]
    assert "wird stündlich gescannt" in segments[0].text
    assert segments[1].conflict.current_text == "Die Sachbearbeitung beginnt am Folgetag."
    assert segments[2].text.startswith("\n\n- Eingang prüfen")


def test_an_unknown_granularity_is_refused():
    with pytest.raises(ValueError):
        merge3(BASE, BASE + "x", BASE + "y", granularity="paragraph")


def test_accepting_some_hunks_of_an_outdated_proposal_merges_only_those():
    from textdiff import hunks, merge_proposal

    current = edit(BASE, "- Akte anlegen", "- E-Akte anlegen")
    proposed = edit(edit(BASE, "täglich", "stündlich"), "am selben Tag", "sofort")
    first, second = hunks(BASE, proposed)
    result = merge_proposal(BASE, current, proposed, accepted=[second.id])
    assert result.text == edit(current, "am selben Tag", "sofort")
    assert merge_proposal(BASE, current, proposed).text == edit(
        edit(current, "täglich", "stündlich"), "am selben Tag", "sofort"
    )

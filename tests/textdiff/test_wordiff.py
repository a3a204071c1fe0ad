"""Word-level diff of Markdown sources (pure Python, no database)."""

import random

from textdiff import diff_tokens, diff_words, tokenize

PARAGRAPH = (
    "Die Kommune Düren hat ihr Bürgerbüro 2015 an das Landesportal angebunden. Seitdem prüft "
    "die IT-Abteilung jeden Antrag zunächst automatisch (siehe [[7.1.3]])."
)


def changes(old, new):
    return [chunk for chunk in diff_words(old, new) if chunk[0] != "equal"]


def assert_ops_rebuild(a, b, ops):
    """The operations cover both token lists without gaps and their equal runs are equal."""
    i = j = 0
    for op in ops:
        assert (op.a_start, op.b_start) == (i, j)
        if op.tag == "equal":
            assert a[op.a_start:op.a_end] == b[op.b_start:op.b_end]
        i, j = op.a_end, op.b_end
    assert (i, j) == (len(a), len(b))


def test_a_changed_word_with_umlauts_is_one_deletion_and_one_insertion():
    new = PARAGRAPH.replace("Bürgerbüro", "Bürgerservicebüro")
    assert changes(PARAGRAPH, new) == [("delete", "Bürgerbüro"), ("insert", "Bürgerservicebüro")]


def test_a_changed_hyphenated_compound_is_replaced_as_a_whole():
    new = PARAGRAPH.replace("IT-Abteilung", "IT-Stabsstelle")
    assert changes(PARAGRAPH, new) == [("delete", "IT-Abteilung"), ("insert", "IT-Stabsstelle")]


def test_a_punctuation_only_change_marks_just_the_punctuation():
    new = PARAGRAPH.replace("angebunden. Seitdem", "angebunden; seitdem")
    assert changes(PARAGRAPH, new) == [("delete", ". Seitdem"), ("insert", "; seitdem")]
    new = PARAGRAPH.replace("Bürgerbüro 2015", "Bürgerbüro, 2015,")
    assert changes(PARAGRAPH, new) == [("insert", ","), ("insert", ",")]


def test_a_markdown_only_change_marks_just_the_markup():
    new = PARAGRAPH.replace("zunächst", "**zunächst**")
    assert changes(PARAGRAPH, new) == [("insert", "**"), ("insert", "**")]
    new = PARAGRAPH.replace("[[7.1.3]]", "[[7.1.4]]")
    assert changes(PARAGRAPH, new) == [("delete", "7.1.3"), ("insert", "7.1.4")]


def test_an_inserted_word_starts_at_a_word_and_brings_its_space():
    new = PARAGRAPH.replace("jeden Antrag", "jeden elektronischen Antrag")
    assert changes(PARAGRAPH, new) == [("insert", "elektronischen ")]


def test_an_inserted_sentence_starts_after_the_space_of_the_sentence_before():
    new = PARAGRAPH.replace("angebunden. ", "angebunden. Das Land trägt die Kosten. ")
    assert changes(PARAGRAPH, new) == [("insert", "Das Land trägt die Kosten. ")]


def test_spaces_between_changed_words_are_folded_into_one_readable_change():
    old = "Danach bearbeitet der alte Antrag die Sachbearbeitung."
    new = "Danach bearbeitet die neue Anmeldung die Sachbearbeitung."
    assert changes(old, new) == [
        ("delete", "der alte Antrag"), ("insert", "die neue Anmeldung"),
    ]


def test_changes_in_different_sentences_are_never_folded_together():
    old = "Der Antrag kommt. Das Amt prüft."
    new = "Die Anmeldung kommt. Die Behörde prüft."
    ops = diff_tokens(tokenize(old), tokenize(new))
    assert [op.tag for op in ops] == ["replace", "equal", "replace", "equal"]


def test_a_new_paragraph_is_one_insertion_with_its_paragraph_break():
    old = "## Eingang\n\nDer Posteingang wird gescannt.\n\n## Verteilung\n"
    new = "## Eingang\n\nDer Posteingang wird gescannt.\n\nDie Akte wird angelegt.\n\n## Verteilung\n"
    assert changes(old, new) == [("insert", "Die Akte wird angelegt.\n\n")]


def test_identical_texts_give_one_equal_operation_and_empty_texts_none():
    tokens = tokenize(PARAGRAPH)
    assert [op.tag for op in diff_tokens(tokens, tokens)] == ["equal"]
    assert diff_tokens([], []) == []
    assert [op.tag for op in diff_tokens([], tokens)] == ["insert"]


def test_operations_always_rebuild_both_texts_for_random_edits():
    rng = random.Random(7)
    words = tokenize(PARAGRAPH * 3)
    for _ in range(200):
        a = list(words)
        b = list(words)
        for _ in range(rng.randint(0, 8)):
            pos = rng.randrange(len(b) + 1)
            roll = rng.random()
            if roll < 0.4:
                b[pos:pos] = [rng.choice(["die", " ", "Kommune", ".", "\n\n", "**"])]
            elif roll < 0.8:
                del b[pos:pos + rng.randint(1, 6)]
            else:
                b[pos:pos + 1] = [rng.choice(["Gemeinde", "Landkreis", ","])]
        for readable in (True, False):
            assert_ops_rebuild(a, b, diff_tokens(a, b, readable=readable))

"""Who wrote each word, on hand-built histories (pure: no database).

Each history is a list of (author, text); the versions are numbered 1, 2, … and the expected
result names the author of every word of the last version.
"""

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from authorship.attribution import Attribution, attribute, attribute_history, compress, expand


def _authors(history):
    """The last version's words as "word:author", the authors looked up by version number."""
    names = {number: author for number, (author, _) in enumerate(history, start=1)}
    result = attribute_history([(number, text) for number, (_, text) in enumerate(history, start=1)])
    return " ".join(f"{word}:{names[origin]}" for word, origin in result[-1].words())


def test_the_first_version_belongs_wholly_to_its_author():
    assert _authors([("A", "Der Posteingang wird gescannt.")]) == \
        "Der:A Posteingang:A wird:A gescannt:A"


def test_inserted_words_belong_to_the_person_who_inserted_them():
    assert _authors([
        ("A", "Der Posteingang wird gescannt. Dann wird er verteilt."),
        ("B", "Der Posteingang wird morgens gescannt. Dann wird er verteilt."),
    ]) == "Der:A Posteingang:A wird:A morgens:B gescannt:A Dann:A wird:A er:A verteilt:A"


def test_deleting_words_leaves_the_others_with_their_authors():
    assert _authors([
        ("A", "Der Posteingang wird gescannt."),
        ("B", "Der Posteingang wird täglich zentral gescannt."),
        ("C", "Der Posteingang wird zentral gescannt."),
    ]) == "Der:A Posteingang:A wird:A zentral:B gescannt:A"


def test_a_replaced_word_belongs_to_whoever_replaced_it():
    assert _authors([
        ("A", "Die Akte wird angelegt."),
        ("B", "Die E-Akte wird angelegt."),
    ]) == "Die:A E-Akte:B wird:A angelegt:A"


def test_text_deleted_and_later_restored_keeps_its_original_author():
    assert _authors([
        ("A", "Erster Satz steht hier. Zweiter Satz von Anna."),
        ("B", "Erster Satz steht hier."),
        ("C", "Erster Satz steht hier. Ein Satz von Carla."),
        ("D", "Erster Satz steht hier. Ein Satz von Carla. Zweiter Satz von Anna."),
    ]) == ("Erster:A Satz:A steht:A hier:A Ein:C Satz:C von:C Carla:C "
           "Zweiter:A Satz:A von:A Anna:A")


def test_a_moved_sentence_keeps_its_authors():
    assert _authors([
        ("A", "Zuerst scannen. Dann verteilen."),
        ("B", "Zuerst scannen. Dann zügig verteilen. Zum Schluss ablegen."),
        ("C", "Zum Schluss ablegen. Zuerst scannen. Dann zügig verteilen."),
    ]) == "Zum:B Schluss:B ablegen:B Zuerst:A scannen:A Dann:A zügig:B verteilen:A"


def test_a_moved_paragraph_keeps_its_authors():
    assert _authors([
        ("A", "## Eingang\n\nPost kommt an.\n\n## Ablage\n\nAkten werden abgelegt."),
        ("B", "## Ablage\n\nAkten werden abgelegt.\n\n## Eingang\n\nPost kommt an."),
    ]) == "Ablage:A Akten:A werden:A abgelegt:A Eingang:A Post:A kommt:A an:A"


def test_a_revert_restores_the_attribution_of_the_version_it_goes_back_to():
    history = [
        ("A", "Der Posteingang wird gescannt. Dann wird er verteilt."),
        ("B", "Der Posteingang wird morgens gescannt. Dann wird er verteilt."),
        ("C", "Alles neu geschrieben von Carla."),
        ("R", "Der Posteingang wird morgens gescannt. Dann wird er verteilt."),  # revert to B's
    ]
    assert _authors(history) == \
        "Der:A Posteingang:A wird:A morgens:B gescannt:A Dann:A wird:A er:A verteilt:A"


def test_a_revert_of_a_word_change_gives_the_word_back_to_its_author():
    assert _authors([
        ("A", "Die Akte wird angelegt."),
        ("B", "Die E-Akte wird angelegt."),
        ("R", "Die Akte wird angelegt."),
    ]) == "Die:A Akte:A wird:A angelegt:A"


def test_two_edits_merged_on_the_same_base_keep_both_authors():
    # B and C both edited A's version; C's edit was merged onto B's (textdiff.merge3).
    from textdiff import merge3

    base = "Der Posteingang wird gescannt. Dann wird er verteilt."
    mine_b = "Der Posteingang wird täglich gescannt. Dann wird er verteilt."
    mine_c = "Der Posteingang wird gescannt. Dann wird er elektronisch verteilt."
    merged = merge3(base, mine_b, mine_c)
    assert not merged.conflicts
    assert _authors([("A", base), ("B", mine_b), ("C", merged.text)]) == \
        "Der:A Posteingang:A wird:A täglich:B gescannt:A Dann:A wird:A er:A elektronisch:C verteilt:A"


def test_an_imported_edition_is_credited_for_the_text_it_brings_and_nothing_else():
    assert _authors([
        ("Ausgabe 2016", "Der Posteingang wird gescannt. Dann wird er verteilt."),
        ("A", "Der Posteingang wird gescannt. Dann wird er digital verteilt. Neu von Anna."),
        ("Ausgabe 2026", "Der Posteingang wird zentral gescannt. Dann wird er digital verteilt. "
                         "Neu von Anna."),
    ]) == ("Der:Ausgabe 2016 Posteingang:Ausgabe 2016 wird:Ausgabe 2016 zentral:Ausgabe 2026 "
           "gescannt:Ausgabe 2016 Dann:Ausgabe 2016 wird:Ausgabe 2016 er:Ausgabe 2016 "
           "digital:A verteilt:Ausgabe 2016 Neu:A von:A Anna:A")


def test_rewrapping_a_line_changes_no_author():
    assert _authors([
        ("A", "Der Posteingang wird gescannt und verteilt."),
        ("B", "Der Posteingang wird\ngescannt und  verteilt."),
    ]) == "Der:A Posteingang:A wird:A gescannt:A und:A verteilt:A"


def test_emptying_a_recipe_and_restoring_it_restores_every_author():
    assert _authors([
        ("A", "Erster Satz. Zweiter Satz."),
        ("B", "Erster Satz. Zweiter Satz. Dritter von Bernd."),
        ("X", ""),
        ("R", "Erster Satz. Zweiter Satz. Dritter von Bernd."),
    ]) == "Erster:A Satz:A Zweiter:A Satz:A Dritter:B von:B Bernd:B"


def test_a_duplicated_sentence_copy_belongs_to_the_copier_only_where_it_is_new():
    # Copying a sentence is not writing it: WikiWho credits copied text to the copier,
    # we credit the same words to the first author when the sentence existed before.
    result = _authors([
        ("A", "Bitte prüfen."),
        ("B", "Bitte prüfen. Bitte prüfen."),
    ])
    assert result.split()[:2] == ["Bitte:A", "prüfen:A"]


def test_stored_runs_give_back_the_same_attribution():
    first = attribute("## Titel\n\nEin *Text* mit [Link](https://example.org).", 7)
    second = attribute("## Titel\n\nEin *neuer Text* mit [Link](https://example.org).", 9, first)
    again = Attribution.from_runs("## Titel\n\nEin *neuer Text* mit [Link](https://example.org).",
                                  second.runs)
    assert again.origins == second.origins
    assert second.share() == {7: 5, 9: 1}


words = st.sampled_from(["Akte", "Post", "Amt", "die", "der", "wird", "gescannt", "Bürger",
                         "E-Government", "7.1.3", "Antrag", "1.", "-", "#", "**", "[[7.1]]", "z. B.",
                         "[Link](https://example.org/a)", "|", "\n"])
sentences = st.lists(words, min_size=1, max_size=6).map(lambda ws: " ".join(ws) + ".")
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)
texts = st.lists(paragraphs, min_size=0, max_size=4).map("\n\n".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(texts, min_size=1, max_size=6))
def test_every_token_of_every_version_is_attributed_to_that_or_an_earlier_version(history):
    result = attribute_history(list(enumerate(history, start=1)))
    for number, (text, attribution) in enumerate(zip(history, result), start=1):
        assert "".join(attribution.tokens) == text
        assert len(attribution.origins) == len(attribution.tokens)
        assert all(1 <= origin <= number for origin in attribution.origins)
        assert expand(compress(attribution.origins)) == attribution.origins


@settings(max_examples=150, deadline=None)
@given(st.lists(texts, min_size=1, max_size=5), st.data())
def test_a_version_saved_again_unchanged_changes_no_author(history, data):
    result = attribute_history(list(enumerate(history + [history[-1]], start=1)))
    assert result[-1].origins == result[-2].origins


@settings(max_examples=100, deadline=None)
@given(texts, texts)
def test_restoring_an_older_text_restores_its_attribution_word_for_word(first, second):
    # A → B → back to A: every sentence of A is back with A's words.
    result = attribute_history([(1, first), (2, second), (3, first)])
    assert [o for _, o in result[2].words()] == [o for _, o in result[0].words()]


@settings(max_examples=100, deadline=None)
@given(texts, st.text(alphabet=string.ascii_letters + " .\n", max_size=80))
def test_words_the_new_version_does_not_share_with_any_earlier_one_are_its_own(base, extra):
    result = attribute_history([(1, base), (2, base + "\n\nZzyzx " + extra)])
    assert ("Zzyzx", 2) in result[-1].words()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab .-#1|*[]()\n\r\t", max_size=60) | texts)
def test_analysing_paragraph_by_paragraph_gives_what_the_whole_text_gives(text):
    from authorship.attribution import _sentences, analyse
    from textdiff import tokenize
    from textdiff.tokens import kinds

    # The same tokens and the same sentences with words; runs of bare whitespace may be grouped
    # differently, which changes no attribution (whitespace follows the word before it).
    tokens = tokenize(text)
    got_tokens, got_kinds, got_sentences = analyse(text)
    worded = lambda sentences: [(x.key, x.core_start, x.core_end) for x in sentences if x.key]  # noqa: E731
    assert (got_tokens, got_kinds) == (tokens, kinds(tokens))
    assert worded(got_sentences) == worded(_sentences(tokens, kinds(tokens)))

"""Snippets: the window around the densest hits, cut from a stretch of the text only."""

import re

from search import german
from search.snippets import LEAD_WORDS, SNIPPET_WORDS, highlight, snippet

FILLER = "Die Kommune plant ihre Vorhaben mit Sorgfalt und Geduld. "  # 9 words, no hit


def terms(query):
    return set(german.terms(query))


def shown_words(html):
    return german.WORD_RE.findall(re.sub(r"</?mark>", "", str(html)))


def test_a_hit_in_the_middle_of_a_long_text_shows_a_window_with_ellipses_on_both_sides():
    text = FILLER * 400 + "Hier liegt der digitale Posteingang der Verwaltung. " + FILLER * 400
    html = str(snippet(text, terms("Posteingang")))
    assert html.startswith("… ") and html.endswith(" …")
    assert "der digitale <mark>Posteingang</mark> der Verwaltung" in html
    words = shown_words(html)
    assert len(words) == SNIPPET_WORDS
    assert words.index("Posteingang") == LEAD_WORDS  # the lead words before the first hit


def test_the_window_holds_the_densest_cluster_of_hits():
    text = ("Akte am Anfang. " + FILLER * 20 + "Akte hier, Akte da, noch eine Akte. " + FILLER * 20)
    html = str(snippet(text, terms("Akte")))
    assert html.count("<mark>Akte</mark>") == 3
    assert "am Anfang" not in html


def test_a_hit_near_the_end_shows_more_words_before_it_and_no_trailing_ellipsis():
    text = FILLER * 50 + "Zuletzt der Posteingang."
    html = str(snippet(text, terms("Posteingang")))
    assert html.startswith("… ") and html.endswith("<mark>Posteingang</mark>.")
    assert len(shown_words(html)) == SNIPPET_WORDS


def test_without_a_hit_in_the_text_the_snippet_is_its_beginning():
    html = str(snippet(FILLER * 10, terms("Posteingang")))
    assert html.startswith("Die Kommune plant") and html.endswith(" …")
    assert len(shown_words(html)) == SNIPPET_WORDS
    assert str(snippet("Kurz und gut.", terms("Posteingang"))) == "Kurz und gut."
    assert snippet("", terms("Posteingang")) == ""
    assert snippet(" … – ", terms("Posteingang")) == ""


def test_words_are_never_cut_at_the_edges_of_the_stretch():
    long_word = "Donaudampfschifffahrtsgesellschaftskapitänsmütze"
    text = (long_word + " ") * 200 + "Der Posteingang. " + (long_word + " ") * 200
    for word in shown_words(snippet(text, terms("Posteingang"))):
        assert word in {long_word, "Der", "Posteingang"}


def test_hits_beginning_with_an_umlaut_or_in_capitals_are_marked_but_not_inside_other_words():
    html = str(snippet("Eine Übersicht, die ÜBERSICHT und Übersichten; nicht Gesamtübersicht. " * 3,
                       terms("Übersicht")))
    assert "<mark>Übersicht</mark>" in html and "<mark>ÜBERSICHT</mark>" in html
    assert "<mark>Übersichten</mark>" in html
    assert "<mark>Gesamtübersicht</mark>" not in html  # a compound is marked only when searched for
    assert str(snippet("Empfang und Pfand", terms("Pfand"))) == "Empfang und <mark>Pfand</mark>"


def test_hits_marked_after_an_underscore_or_a_digit_like_the_index_splits_them():
    assert "<mark>Akte</mark>" in str(snippet("datei_Akte 2016Akte", terms("Akte")))


def test_user_text_is_escaped_in_snippets_and_titles():
    html = str(snippet("<b>Akte</b> & <script>x</script>", terms("Akte")))
    assert html == "&lt;b&gt;<mark>Akte</mark>&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;"
    assert str(highlight("E-Akte <i>", terms("Akte"))) == "E-<mark>Akte</mark> &lt;i&gt;"

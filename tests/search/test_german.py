"""German language handling of the search (pure Python, no database)."""

import pytest

from search import german


@pytest.mark.parametrize("typed, same_as", [
    ("Verwaltungen", "Verwaltung"),
    ("Bürgerbüros", "Bürgerbüro"),
    ("Buergerbuero", "Bürgerbüro"),
    ("Buergerbueros", "Bürgerbüro"),
    ("Strasse", "Straße"),
    ("STRASSE", "straße"),
    ("Akten", "Akte"),
    ("elektronischen", "elektronische"),
    ("Ämtern", "Amt"),
    ("Aemter", "Ämter"),
    ("Kommunen", "Kommune"),
    ("Ergebnisse", "Ergebnis"),
    ("Infos", "Info"),
    ("Café", "Cafe"),
])
def test_inflections_umlauts_transcriptions_and_sharp_s_give_the_same_term(typed, same_as):
    assert german.stem(typed) == german.stem(same_as)


def test_different_words_keep_different_terms():
    assert german.stem("Akte") != german.stem("Akteur")
    assert german.stem("Bürger") != german.stem("Büro")


def test_terms_are_folded_lower_case_and_absurdly_long_words_are_not_indexed():
    assert german.terms("Die E-Akte im Bürgerbüro") == ["die", "e", "akt", "im", "burgerburo"]
    assert german.terms("x" * 61) == []


def test_index_text_keeps_the_order_of_the_words_for_phrases():
    assert german.index_text("Elektronische Akten, 7.1.3") == "elektron akt 7 1 3"


def test_a_plain_query_is_a_list_of_words_that_must_all_match():
    query = german.parse_query("Verwaltungen  Bürgerbüro")
    assert [word.term for word in query.words] == ["verwalt", "burgerburo"]
    assert not query.phrases and not query.is_empty


def test_quotes_make_a_phrase_and_typographic_quotes_count_too():
    for typed in ('"elektronische Akte"', "„elektronische Akte“", "»elektronische Akte«"):
        query = german.parse_query(typed)
        assert [phrase.terms for phrase in query.phrases] == [("elektron", "akt")]
        assert query.words == []


def test_a_quoted_single_word_is_searched_exactly_without_compounds_or_typo_guesses():
    query = german.parse_query('"Akte" Verwaltung')
    assert [(word.term, word.exact) for word in query.words] == [("akt", True), ("verwalt", False)]


def test_hyphenated_and_dotted_words_are_phrases_of_their_parts():
    query = german.parse_query("E-Akte 7.1.3")
    assert [phrase.terms for phrase in query.phrases] == [("e", "akt"), ("7", "1", "3")]


def test_an_unbalanced_quote_is_ignored():
    query = german.parse_query('Akte "elektronisch')
    assert [word.term for word in query.words] == ["akt", "elektron"]
    assert not query.phrases


@pytest.mark.parametrize("hostile", [
    "NEAR(", "*", '"', '""', "AND OR NOT", "{title_terms}:x", "a:*", "akt:*A | b", "'; DROP TABLE x; --",
    "\\", "%_", "<script>alert(1)</script>", "\x00", "🙂", "-", "((((", "^akte",
])
def test_search_syntax_of_the_databases_never_reaches_them(hostile):
    query = german.parse_query(hostile)
    for term in query.all_terms():
        assert term.isalnum(), term


def test_stop_words_are_dropped_unless_nothing_else_is_left():
    query = german.parse_query("die Akte und der Plan")
    assert [word.term for word in query.words] == ["akt", "plan"]
    assert query.dropped == ["die", "und", "der"]
    assert [word.term for word in german.parse_query("die").words] == ["die"]


def test_a_very_long_query_is_cut_and_says_so():
    query = german.parse_query("Verwaltung " * 500)
    assert query.truncated
    assert len(query.words) == 1  # the same word only once
    many = german.parse_query(" ".join(f"wort{n}" for n in range(50)))
    assert len(many.words) == german.MAX_QUERY_PARTS and many.truncated


def test_an_empty_or_wordless_query_is_empty():
    assert german.parse_query("").is_empty
    assert german.parse_query("  * ? !").is_empty
    assert german.parse_query(None).is_empty


def test_compound_tails_and_heads_remove_the_linking_element():
    assert "plan" in german.compound_tails("aktenplan", "akt")
    assert german.compound_heads("verwaltungsakt", "akt")[:2] == ["verwaltungs", "verwaltung"]
    assert german.compound_tails("akteur", "akt") == ["eur"]
    assert german.compound_heads("fakt", "akt") == []  # "f" is too short to be a word


def test_a_compound_needs_a_known_other_part():
    known_terms = {"plan", "personal", "kont", "kommunal", "burg", "buro"}
    known_words = {"plan", "personal", "burger"}
    assert german.is_compound_of("aktenplan", "akt", known_terms=known_terms, known_words=known_words)
    assert german.is_compound_of("personalakt", "akt", known_terms=known_terms, known_words=known_words)
    assert german.is_compound_of("burgerburo", "buro", known_terms=known_terms, known_words=known_words)
    assert german.is_compound_of("burgerburo", "burg", known_terms=known_terms, known_words=known_words)
    assert german.is_compound_of("kommunalverwalt", "verwalt", known_terms=known_terms, known_words=known_words)
    # "Konten" gives the term "kont", but "kont" is no word: "Kontakt" is no compound of "Akte".
    assert not german.is_compound_of("kontakt", "akt", known_terms=known_terms, known_words=known_words)
    assert not german.is_compound_of("akteur", "akt", known_terms=known_terms, known_words=known_words)


def test_similarity_is_pg_trgm_similarity():
    # The value PostgreSQL's documentation gives for similarity('word', 'two words').
    assert german.similarity("word", "two words") == pytest.approx(4 / 11)
    assert german.similarity("verwaltnug", "verwalt") == pytest.approx(7 / 12)
    assert german.similarity("", "x") == 0


def test_a_typo_is_guessed_from_the_most_similar_known_terms():
    guesses = german.best_guesses("verwaltnug", ["verwalt", "vertrag", "akt", "verwaltnug", "und"])
    assert guesses == ["verwalt"]
    assert german.best_guesses("xyzxyz", ["verwalt"]) == []


def test_word_spans_point_into_the_original_text():
    text = "Die E-Akte (neu)"
    assert [(text[start:end], term) for start, end, term in german.word_spans(text)] == [
        ("Die", "die"), ("E", "e"), ("Akte", "akt"), ("neu", "neu"),
    ]

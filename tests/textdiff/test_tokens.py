"""Tokenizer and sentence splitter of the text diff engine (pure Python, no database)."""

import random

from textdiff import sentence_ids, tokenize

RECIPE = """## 7.1.3 Baustein: Elektronischer Antrag

Lesen Sie diesen Abschnitt, wenn Sie einen Antrag online anbieten wollen. Die Kommune Düren \
hat ihr Bürgerbüro 2015 an das Landesportal angebunden. Seitdem prüft die IT-Abteilung jeden \
Antrag zunächst automatisch.

Für das E-Government-Vorhaben braucht es z. B. eine rechtssichere Signatur, ein Postfach und \
eine klare Zuständigkeit (vgl. [[7.1.2]]).

- Antragsformular im Portal bereitstellen
- Eingang im Fachverfahren bestätigen
1. Bescheid **elektronisch** zustellen

| Schritt | Zuständig | Dauer |
|---|---|---|
| Eingang prüfen | Bürgerbüro | 1 Tag |

Hat's geschmeckt? Mehr dazu im [Leitfaden des BMI](https://www.bmi.bund.de/kochbuch_(2016).html) \
und am 3. Mai in Kapitel 9.
"""


def test_tokens_join_back_to_exactly_the_recipe_text():
    assert "".join(tokenize(RECIPE)) == RECIPE


def test_german_words_with_umlauts_hyphens_and_apostrophes_stay_one_token():
    tokens = tokenize(RECIPE)
    for word in ("Bürgerbüro", "Zuständigkeit", "E-Government-Vorhaben", "IT-Abteilung", "Hat's"):
        assert word in tokens


def test_section_numbers_and_decimal_numbers_stay_one_token():
    assert tokenize("siehe 7.1.3 und 1.000,50 €") == [
        "siehe", " ", "7.1.3", " ", "und", " ", "1.000,50", " ", "€",
    ]


def test_punctuation_marks_are_tokens_of_their_own():
    assert tokenize("Fertig?! Ja, (wirklich).") == [
        "Fertig", "?", "!", " ", "Ja", ",", " ", "(", "wirklich", ")", ".",
    ]


def test_newlines_are_kept_apart_from_spaces_so_paragraph_breaks_are_visible():
    assert tokenize("Satz eins.  \n\nSatz zwei.") == [
        "Satz", " ", "eins", ".", "  ", "\n\n", "Satz", " ", "zwei", ".",
    ]


def test_markdown_markup_is_split_into_units():
    tokens = tokenize(RECIPE)
    assert tokens[:2] == ["##", " "]
    assert "- " in tokens and "1. " in tokens and "|" in tokens and "---" in tokens
    assert ["**", "elektronisch", "**"] == tokens[tokens.index("elektronisch") - 1:][:3]
    assert ["[[", "7.1.2", "]]"] == tokens[tokens.index("[["):][:3]


def test_a_link_target_is_one_token_even_with_parentheses():
    tokens = tokenize(RECIPE)
    start = tokens.index("](")
    assert tokens[start + 1] == "https://www.bmi.bund.de/kochbuch_(2016).html"
    assert tokens[start + 2] == ")"


def test_list_markers_and_headings_are_markup_only_at_the_start_of_a_line():
    assert tokenize("- Punkt\nA - B 2. Mal #1") == [
        "- ", "Punkt", "\n", "A", " ", "-", " ", "B", " ", "2", ".", " ", "Mal", " ", "#", "1",
    ]


def test_tokenization_round_trips_on_randomly_mutated_text():
    rng = random.Random(20160316)
    alphabet = list("aäöüßAÄÖÜ019 -'’.,;:!?*_#|[]()`~\\<>&\t\r\n\u00a0\u0308\u00ad€§“„") + [
        "**", "[[", "]]", "](", "\r\n", "- ", "1. ", "http://x.de/(a)", "z. B.",
    ]
    text = RECIPE
    for _ in range(400):
        roll = rng.random()
        pos = rng.randrange(len(text) + 1)
        if roll < 0.5:
            text = text[:pos] + rng.choice(alphabet) + text[pos:]
        elif roll < 0.8:
            text = text[:pos] + text[pos + rng.randint(1, 5):]
        else:
            start = rng.randrange(len(text) + 1)
            text = text[:pos] + text[start:start + rng.randint(1, 40)] + text[pos:]
        assert "".join(tokenize(text)) == text


def test_sentences_end_at_full_stops_but_not_after_german_abbreviations_or_ordinals():
    tokens = tokenize("Wir prüfen z. B. den Antrag nach Nr. 5 am 3. Mai. Das gilt seit 2016. Ende")
    ids = sentence_ids(tokens)
    sentences = {}
    for token, sid in zip(tokens, ids):
        sentences[sid] = sentences.get(sid, "") + token
    assert list(sentences.values()) == [
        "Wir prüfen z. B. den Antrag nach Nr. 5 am 3. Mai. ", "Das gilt seit 2016. ", "Ende",
    ]


def test_every_line_and_every_table_cell_is_a_sentence_of_its_own():
    tokens = tokenize("- eins\n- zwei\n| A | B |\n")
    ids = sentence_ids(tokens)
    by_sentence = {}
    for token, sid in zip(tokens, ids):
        by_sentence[sid] = by_sentence.get(sid, "") + token
    assert list(by_sentence.values()) == ["- eins\n", "- zwei\n", "| A ", "| B ", "|\n"]

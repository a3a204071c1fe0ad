"""Finding a commented passage again after the text changed (pure Python, no database)."""

from comments.anchoring import (
    Anchor,
    Block,
    anchor_at,
    collapse,
    locate,
    paragraph_anchor,
    selection_anchor,
)

ORIGINAL = [
    Block("a1", "Der Posteingang wird zentral gescannt und elektronisch an die Fachämter verteilt."),
    Block("a2", "Die Sachbearbeitung prüft jeden Antrag auf Vollständigkeit, bevor ein Bescheid ergeht."),
    Block("a3", "Für Rückfragen nutzt das Bürgerbüro das Servicekonto des Landes."),
]


def _anchor(block_index, quote):
    block = ORIGINAL[block_index]
    start = block.text.index(quote)
    return anchor_at(block, start, start + len(quote))


def test_an_anchor_keeps_the_quote_and_about_forty_characters_of_context_on_each_side():
    anchor = _anchor(1, "jeden Antrag auf Vollständigkeit")
    assert anchor.quote == "jeden Antrag auf Vollständigkeit"
    assert anchor.prefix == "Die Sachbearbeitung prüft "
    assert anchor.suffix == ", bevor ein Bescheid ergeht."
    assert anchor.block == "a2"
    long_block = Block("x", "Wort " * 30 + "ZIEL" + " Wort" * 30)
    start = long_block.text.index("ZIEL")
    context = anchor_at(long_block, start, start + 4)
    assert len(context.prefix) == 40 and len(context.suffix) == 40


def test_an_unchanged_passage_is_found_exactly_where_it_was():
    match = locate(_anchor(1, "jeden Antrag"), ORIGINAL)
    assert (match.block, match.method, match.quote) == ("a2", "exact", "jeden Antrag")


def test_a_passage_moved_to_another_paragraph_is_found_in_its_new_paragraph():
    anchor = _anchor(1, "jeden Antrag auf Vollständigkeit")
    moved = [
        ORIGINAL[0],
        Block("b9", "Neu ist: Das Bürgerbüro prüft jeden Antrag auf Vollständigkeit, bevor ein Bescheid ergeht."),
        Block("a3", ORIGINAL[2].text),
    ]
    match = locate(anchor, moved)
    assert match.block == "b9" and match.method == "exact"
    assert moved[1].text[match.start:match.end] == "jeden Antrag auf Vollständigkeit"


def test_a_passage_whose_case_spacing_or_quotes_changed_is_still_found():
    anchor = Anchor(quote='das „Servicekonto" des Landes', prefix="Für Rückfragen nutzt ", block="a3")
    changed = [Block("a3", "Für Rückfragen nutzt DAS   „Servicekonto“ des  Landes.")]
    match = locate(anchor, changed)
    assert match.method == "loose"
    assert match.quote == "DAS   „Servicekonto“ des  Landes"


def test_a_slightly_reworded_passage_is_found_fuzzily():
    anchor = _anchor(1, "prüft jeden Antrag auf Vollständigkeit, bevor ein Bescheid ergeht")
    changed = [Block("c2", "Die Sachbearbeitung prüft jeden Antrag auf seine Vollständigkeit, bevor ein Bescheid ergeht.")]
    match = locate(anchor, changed)
    assert match.method == "fuzzy" and match.score >= 0.8
    assert match.quote == "prüft jeden Antrag auf seine Vollständigkeit, bevor ein Bescheid ergeht"


def test_a_rewritten_passage_is_not_found():
    anchor = _anchor(1, "prüft jeden Antrag auf Vollständigkeit")
    rewritten = [Block("a2", "Anträge werden automatisch vorgeprüft; fehlt etwas, meldet sich das System.")]
    assert locate(anchor, rewritten) is None


def test_a_deleted_passage_is_not_found_even_though_its_surroundings_remain():
    anchor = _anchor(0, "und elektronisch an die Fachämter verteilt")
    deleted = [Block("d1", "Der Posteingang wird zentral gescannt."), ORIGINAL[1], ORIGINAL[2]]
    assert locate(anchor, deleted) is None


def test_a_quote_that_occurs_twice_is_found_where_its_context_matches():
    text = ("Der Antrag geht an das Bürgerbüro. Später geht der Antrag an die Kämmerei, "
            "die den Antrag bezahlt.")
    block = Block("z", text)
    second = text.index("der Antrag an die")
    anchor = anchor_at(block, second + 4, second + 10)  # "Antrag" before "an die Kämmerei"
    match = locate(anchor, [block])
    assert match.start == second + 4


def test_a_short_quote_is_only_found_fuzzily_when_its_context_also_matches():
    anchor = Anchor(quote="Servicekonto", prefix="nutzt das Bürgerbüro das ", suffix=" des Landes.")
    elsewhere = [Block("q", "Ganz anderer Text mit einem Servicekonten-Verweis und sonst nichts.")]
    assert locate(anchor, elsewhere) is None
    same_place = [Block("q", "Für Rückfragen nutzt das Bürgerbüro das Servicekonten des Landes.")]
    assert locate(anchor, same_place).method == "fuzzy"


def test_a_paragraph_comment_follows_its_paragraph_through_small_edits_and_not_beyond():
    anchor = paragraph_anchor(ORIGINAL, "a2")
    assert anchor.is_paragraph and anchor.quote == ORIGINAL[1].text
    edited = [Block("n2", "Die Sachbearbeitung prüft jeden Antrag auf Vollständigkeit, ehe ein Bescheid ergeht.")]
    assert locate(anchor, edited).block == "n2"
    replaced = [Block("n2", "Anträge prüft künftig eine Software.")]
    assert locate(anchor, replaced) is None


def test_a_selection_is_accepted_only_when_the_block_really_contains_it():
    anchor = selection_anchor(ORIGINAL, block_id="a3", quote="das  Servicekonto\n", prefix="x", suffix="y")
    assert anchor.quote == "das Servicekonto"
    assert anchor.prefix == "Für Rückfragen nutzt das Bürgerbüro "  # from the text, not the browser
    assert selection_anchor(ORIGINAL, block_id="a3", quote="steht nicht im Text") is None
    assert selection_anchor(ORIGINAL, block_id="a1", quote="Servicekonto") is None
    assert selection_anchor(ORIGINAL, block_id="fehlt", quote="Servicekonto") is None


def test_selecting_a_whole_paragraph_is_a_paragraph_comment():
    anchor = selection_anchor(ORIGINAL, block_id="a3", quote=ORIGINAL[2].text)
    assert anchor.is_paragraph


def test_whitespace_is_collapsed_as_a_browser_shows_it():
    assert collapse("  Ein\n  Text\u00a0mit\tLücken\u00ad.  ") == "Ein Text mit Lücken."

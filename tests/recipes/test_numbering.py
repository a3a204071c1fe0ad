from recipes.numbering import pages_label


def test_printed_pages_are_cited_as_the_book_does():
    assert pages_label(42, None) == "S. 42"
    assert pages_label(42, 42) == "S. 42"
    assert pages_label(42, 44) == "S. 42–44"
    assert pages_label(None, None) == ""

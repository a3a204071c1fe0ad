import pytest

from recipes.bookfiles import BookFormatError, parse_chapter, parse_recipe, read_book_folder


def test_recipe_front_matter_is_read():
    entry = parse_recipe(
        '---\nnumber: "7.10"\ntitle: Bearbeiten\npages: "110-111"\n'
        "tags:\n  thema: [Recht]\n  stichwort: [Widerspruch, E-Akte]\n---\nText **fett**.\n",
        "7.10.md",
    )
    assert (entry.number, entry.title, entry.page_start, entry.page_end) == ("7.10", "Bearbeiten", 110, 111)
    assert entry.thema == ["Recht"] and entry.stichwort == ["Widerspruch", "E-Akte"]
    assert entry.body == "Text **fett**.\n"


def test_chapter_front_matter_is_read():
    entry = parse_chapter("---\nnumber: 7\ntitle: Die Gerichte\nsubtitle: Praktisch\npages: 97\n---\nIntro\n", "k.md")
    assert (entry.number, entry.subtitle, entry.page_start, entry.page_end, entry.intro) == (7, "Praktisch", 97, 97, "Intro\n")


@pytest.mark.parametrize("text, message", [
    ("Kein Kopf", "beginnt nicht mit einem Kopf"),
    ("---\nnumber: 7.10\ntitle: x\n---\n", "Anführungszeichen"),
    ("---\ntitle: x\n---\n", "fehlt „number“"),
    ('---\nnumber: "7.1"\ntitle: x\npages: "zwölf"\n---\n', "„pages“ muss"),
    ('---\nnumber: "7.1"\ntitle: [x\n---\n', "kein gültiges YAML"),
])
def test_broken_files_get_a_german_message_naming_the_file(text, message):
    with pytest.raises(BookFormatError) as error:
        parse_recipe(text, "kaputt.md")
    assert message in str(error.value) and "kaputt.md" in str(error.value)


def test_folder_is_read_in_reading_order(tmp_path):
    chapter = tmp_path / "07-x"
    chapter.mkdir()
    (chapter / "kapitel.md").write_text("---\nnumber: 7\ntitle: X\n---\n")
    for number in ("7.1.10", "7.1", "7.1.2"):
        (chapter / f"{number}.md").write_text(f'---\nnumber: "{number}"\ntitle: T{number}\n---\n')
    chapters, recipes = read_book_folder(tmp_path)
    assert [entry.number for entry in chapters] == [7]
    assert [entry.number for entry in recipes] == ["7.1", "7.1.2", "7.1.10"]

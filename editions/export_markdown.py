"""A snapshot of the book as a ZIP of Markdown files, in the format ``recipes.bookfiles`` reads.

::

    kochbuch-2016/
        07-die-gerichte/kapitel.md       number, slug, title, subtitle, teaser, pages; body = intro
        07-die-gerichte/7.1.3-….md       number, slug, title, pages, source, tags; body = text

With the Erfahrungsberichte (an edition the Redaktion published with them, and the current
state), each chapter folder also holds ``anhang-nachgekocht.md``: the Kommunen that report on
its sections, with status and the report's address (editions/appendices.py). It has no front
matter and the import passes over it (recipes.bookfiles.APPENDIX_PREFIX).

Every string in the front matter is written as a double-quoted scalar (JSON's string syntax
is valid YAML), so numbers like "7.10" stay strings and no title can turn into a date, a
boolean or a second front-matter fence. Importing the ZIP into an empty site (``manage.py
import_edition``) gives the same chapters, recipes and tags again.
"""

import io
import json
import zipfile

from editions.appendices import ChapterAppendix
from editions.snapshot import BookSnapshot, ChapterState, RecipeState
from recipes.bookfiles import APPENDIX_PREFIX

ZIP_DATE = (2016, 1, 1, 0, 0, 0)  # fixed, so the same snapshot gives the same bytes
# Written even when empty: an empty source is not the same as none given (the import would
# then name the edition it imports as the source).
ALWAYS = {"source"}


def _scalar(value) -> str:
    if isinstance(value, int):
        return str(value)
    # "---" inside a value would end the front matter for bookfiles' simple split.
    return json.dumps(str(value), ensure_ascii=False).replace("---", "-\\u002d-")


def _pages(start, end):
    if not start:
        return None
    return str(start) if not end or end == start else f"{start}-{end}"


def front_matter(fields: dict) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if value in (None, "", [], {}) and key not in ALWAYS:
            continue
        if isinstance(value, dict):
            lines.append(f"{key}:")
            for sub_key, items in value.items():
                if items:
                    lines.append(f"  {sub_key}: [{', '.join(_scalar(item) for item in items)}]")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def chapter_folder(chapter: ChapterState) -> str:
    slug = chapter.slug.removeprefix(f"{chapter.number}-")
    return f"{chapter.number:02d}-{slug}"


def chapter_file(chapter: ChapterState) -> str:
    return front_matter({
        "number": chapter.number, "slug": chapter.slug, "title": chapter.title,
        "subtitle": chapter.subtitle, "teaser": chapter.teaser,
        "pages": _pages(chapter.page_start, chapter.page_end),
    }) + chapter.intro


def recipe_file(recipe: RecipeState) -> str:
    return front_matter({
        "number": recipe.number, "slug": recipe.slug, "title": recipe.title,
        "pages": _pages(recipe.page_start, recipe.page_end), "source": recipe.source_edition,
        "tags": {"thema": recipe.thema, "stichwort": recipe.stichwort},
    }) + recipe.body


def _line(text: str) -> str:
    """Names from the register and titles as plain text in a Markdown list item."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


def appendix_file(appendix: ChapterAppendix) -> str:
    lines = [f"# {_line(appendix.title)}", "", _line(appendix.intro), ""]
    for entry in appendix.entries:
        lines.append(f"- {_line(entry.recipe)} · **{_line(entry.title)}**: {_line(entry.facts)}  ")
        lines.append(f"  <{entry.url}>")
    return "\n".join(lines) + "\n"


def book_files(snapshot: BookSnapshot, root: str,
               appendices: dict[int, list[ChapterAppendix]] | None = None) -> list[tuple[str, str]]:
    """(path, text) of every file, chapters first, then their recipes in reading order, then
    the chapter's appendices."""
    files = []
    for chapter in snapshot.chapters:
        folder = f"{root}/{chapter_folder(chapter)}"
        files.append((f"{folder}/kapitel.md", chapter_file(chapter)))
        for recipe in snapshot.recipes_of(chapter):
            files.append((f"{folder}/{recipe.number}-{recipe.slug}.md", recipe_file(recipe)))
        for appendix in (appendices or {}).get(chapter.object_id, []):
            files.append((f"{folder}/{APPENDIX_PREFIX}{appendix.key}.md", appendix_file(appendix)))
    return files


def readme(title: str, note: str = "", with_appendices: bool = False) -> str:
    return (
        f"{title}\n\n"
        "Jeder Ordner ist ein Kapitel (kapitel.md), jede weitere .md-Datei ein Abschnitt.\n"
        "Der Kopf jeder Datei (zwischen den Zeilen „---“) enthält Nummer, Titel, Seiten und\n"
        "Schlagwörter; darunter steht der Text in Markdown.\n"
        + ("Die Dateien anhang-nachgekocht.md listen je Kapitel die Erfahrungsberichte der\n"
           "Kommunen (Stand beim Herunterladen); sie gehören nicht zum Buchtext und werden\n"
           "beim Einlesen übergangen.\n" if with_appendices else "")
        + "\nWieder einlesen: python manage.py import_edition <diese ZIP-Datei> --edition \"Name\"\n"
        + (f"\n{note}\n" if note else "")
    )


def book_zip(snapshot: BookSnapshot, *, root: str, title: str, note: str = "",
             appendices: dict[int, list[ChapterAppendix]] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        files = book_files(snapshot, root, appendices)
        for path, text in [(f"{root}/LIESMICH.txt", readme(title, note, bool(appendices))), *files]:
            info = zipfile.ZipInfo(path, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()

"""The book as a folder of Markdown files with YAML front matter (pure Python, no database).

This is the demo book's format (``fixtures/demo-book/``) and the format of the Markdown import
and export::

    07-die-gerichte/
        kapitel.md                       number, title, subtitle, teaser, pages; body = intro
        7.1.3-eingangsbearbeitung-….md   number, title, pages, tags: {thema: [...], stichwort: [...]}

``pages`` is "101" or "101-102". The file name is only for people; the front matter decides,
except for files whose name starts with ``anhang-``: lists an export adds to a chapter (the
Erfahrungsberichte on its recipes), which are not part of the book and are not read back.
Optional: ``slug`` (chapters and recipes) and ``source`` (a recipe's source edition), which
the export writes so that re-importing an edition reproduces it exactly.
"""

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from recipes.numbering import sort_key

CHAPTER_FILE = "kapitel.md"
APPENDIX_PREFIX = "anhang-"


def is_book_file(name: str) -> bool:
    """A Markdown file of the book (a chapter or a section), not an export's appendix."""
    base = name.rsplit("/", 1)[-1]
    return base.endswith(".md") and not base.startswith(APPENDIX_PREFIX)


class BookFormatError(ValueError):
    """A file that does not follow the format; the message is German and names the file."""


@dataclass
class ChapterEntry:
    number: int
    title: str
    subtitle: str = ""
    teaser: str = ""
    intro: str = ""
    page_start: int | None = None
    page_end: int | None = None
    slug: str = ""


@dataclass
class RecipeEntry:
    number: str
    title: str
    body: str = ""
    page_start: int | None = None
    page_end: int | None = None
    thema: list[str] = field(default_factory=list)
    stichwort: list[str] = field(default_factory=list)
    slug: str = ""
    source_edition: str | None = None  # None: not given (the import names its edition)


def split_front_matter(text: str, name: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        raise BookFormatError(f"{name}: Die Datei beginnt nicht mit einem Kopf („---“).")
    try:
        _, head, body = text.split("---", 2)
    except ValueError:
        raise BookFormatError(f"{name}: Der Kopf wird nicht mit „---“ abgeschlossen.")
    import yaml  # here, not at the top: every app worker imports this module, few read a book file

    try:
        meta = yaml.safe_load(head) or {}
    except yaml.YAMLError as error:
        raise BookFormatError(f"{name}: Der Kopf ist kein gültiges YAML ({error}).")
    if not isinstance(meta, dict):
        raise BookFormatError(f"{name}: Der Kopf muss aus „Schlüssel: Wert“-Zeilen bestehen.")
    return meta, body.strip("\n") + "\n" if body.strip() else ""


def parse_pages(value, name) -> tuple[int | None, int | None]:
    if value in (None, ""):
        return None, None
    text = str(value).replace("–", "-")
    try:
        parts = [int(part) for part in text.split("-")]
    except ValueError:
        raise BookFormatError(f"{name}: „pages“ muss „12“ oder „12-14“ sein, nicht „{value}“.")
    if len(parts) == 1:
        return parts[0], parts[0]
    if len(parts) == 2 and parts[0] <= parts[1]:
        return parts[0], parts[1]
    raise BookFormatError(f"{name}: „pages“ muss „12“ oder „12-14“ sein, nicht „{value}“.")


def _required(meta, key, name):
    if meta.get(key) in (None, ""):
        raise BookFormatError(f"{name}: Im Kopf fehlt „{key}“.")
    return meta[key]


def parse_chapter(text: str, name: str) -> ChapterEntry:
    meta, body = split_front_matter(text, name)
    page_start, page_end = parse_pages(meta.get("pages"), name)
    try:
        number = int(_required(meta, "number", name))
    except (TypeError, ValueError):
        raise BookFormatError(f"{name}: Die Kapitelnummer muss eine ganze Zahl sein.")
    return ChapterEntry(
        number=number, title=str(_required(meta, "title", name)),
        subtitle=str(meta.get("subtitle") or ""), teaser=str(meta.get("teaser") or ""),
        intro=body, page_start=page_start, page_end=page_end, slug=str(meta.get("slug") or ""),
    )


def parse_recipe(text: str, name: str) -> RecipeEntry:
    meta, body = split_front_matter(text, name)
    number = _required(meta, "number", name)
    if isinstance(number, float):
        # YAML reads 7.10 as the float 7.1: refuse rather than guess.
        raise BookFormatError(f"{name}: Die Nummer bitte in Anführungszeichen schreiben, z. B. \"7.10\".")
    tags = meta.get("tags") or {}
    if not isinstance(tags, dict):
        raise BookFormatError(f"{name}: „tags“ braucht die Unterpunkte „thema“ und „stichwort“.")
    page_start, page_end = parse_pages(meta.get("pages"), name)
    return RecipeEntry(
        number=str(number), title=str(_required(meta, "title", name)), body=body,
        page_start=page_start, page_end=page_end,
        thema=[str(tag) for tag in tags.get("thema") or []],
        stichwort=[str(tag) for tag in tags.get("stichwort") or []],
        slug=str(meta.get("slug") or ""),
        source_edition=str(meta["source"] or "") if "source" in meta else None,
    )


def read_book_folder(root: Path) -> tuple[list[ChapterEntry], list[RecipeEntry]]:
    """All chapters and recipes below ``root``, recipes in reading order."""
    chapters, recipes = [], []
    for path in sorted(Path(root).rglob("*.md")):
        if not is_book_file(path.name):
            continue
        name = str(path.relative_to(root))
        text = path.read_text(encoding="utf-8")
        if path.name == CHAPTER_FILE:
            chapters.append(parse_chapter(text, name))
        else:
            recipes.append(parse_recipe(text, name))
    chapters.sort(key=lambda entry: entry.number)
    recipes.sort(key=lambda entry: sort_key(entry.number))
    return chapters, recipes


# A ZIP upload is untrusted: limit what it may unpack to (zip bombs, path tricks).
ZIP_MAX_FILES = 2000
ZIP_MAX_BYTES = 50 * 1024 * 1024


def read_book_zip(source) -> tuple[list[ChapterEntry], list[RecipeEntry]]:
    """Like ``read_book_folder`` for a ZIP file (path or file object) of the same layout."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError):
        raise BookFormatError("Die Datei ist kein gültiges ZIP-Archiv.")
    with archive:
        members = [info for info in archive.infolist()
                   if is_book_file(info.filename) and not info.is_dir()
                   and not info.filename.startswith(("__MACOSX/", "/")) and ".." not in info.filename]
        if len(members) > ZIP_MAX_FILES:
            raise BookFormatError(f"Das Archiv enthält mehr als {ZIP_MAX_FILES} Dateien.")
        if sum(info.file_size for info in members) > ZIP_MAX_BYTES:
            raise BookFormatError("Das Archiv ist entpackt größer als 50 MB.")
        if not members:
            raise BookFormatError("Das Archiv enthält keine Markdown-Dateien (.md).")
        chapters, recipes = [], []
        for info in sorted(members, key=lambda member: member.filename):
            try:
                text = archive.read(info).decode("utf-8")
            except UnicodeDecodeError:
                raise BookFormatError(f"{info.filename}: Die Datei ist nicht UTF-8-kodiert.")
            if info.filename.rsplit("/", 1)[-1] == CHAPTER_FILE:
                chapters.append(parse_chapter(text, info.filename))
            else:
                recipes.append(parse_recipe(text, info.filename))
    chapters.sort(key=lambda entry: entry.number)
    recipes.sort(key=lambda entry: sort_key(entry.number))
    return chapters, recipes


def read_book(path) -> tuple[list[ChapterEntry], list[RecipeEntry]]:
    """A folder or a ZIP file of the book."""
    path = Path(path)
    return read_book_folder(path) if path.is_dir() else read_book_zip(path)

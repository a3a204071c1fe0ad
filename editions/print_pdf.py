"""The print edition: a snapshot of the book as HTML for print, and that HTML as a PDF.

WeasyPrint lays the book out from ``templates/editions/print/book.html`` and its stylesheet
``book.css``: cover, table of contents with page numbers (``target-counter``), running headers
(``string-set``), page numbers, PDF bookmarks from the chapter and section headings, and a
colophon. The PDF is tagged (PDF/UA-1) for screen readers. Only local files are ever read:
fonts come from the system (DejaVu, Liberation) and the URL fetcher refuses everything that
is not a static or media file of this site.
"""

import datetime
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from editions.appendices import ChapterAppendix
from editions.comparison import Comparison, Contributor
from editions.snapshot import BookSnapshot, ChapterState, RecipeState
from recipes.rendering import Rendered, render_markdown, sanitise_html

# Bump when the layout changes in a way the template files do not show (e.g. this module).
PRINT_LAYOUT_VERSION = "1"
TEMPLATES = ("editions/print/book.html", "editions/print/book.css")
PDF_VARIANT = "pdf/ua-1"  # tagged PDF: structure, reading order and language for assistive tech


@dataclass
class PrintBook:
    """Everything the print template shows."""

    snapshot: BookSnapshot
    label: str  # "Ausgabe 2027" or "Aktueller Stand"
    date: datetime.date
    note: str = ""  # Markdown
    previous_label: str = ""
    changes: Comparison | None = None
    contributors: list[Contributor] = field(default_factory=list)
    is_edition: bool = True
    # Lists closing a chapter (the Erfahrungsberichte on its recipes), by chapter object id.
    appendices: dict[int, list[ChapterAppendix]] = field(default_factory=dict)


def layout_digest() -> str:
    """A hash of the print layout: a changed template or stylesheet means new PDFs."""
    return _layout_digest(settings.DEBUG)


@lru_cache(maxsize=2)
def _layout_digest(_debug):
    digest = hashlib.sha256(PRINT_LAYOUT_VERSION.encode())
    for name in TEMPLATES:
        digest.update(Path(get_template(name).origin.name).read_bytes())
    return digest.hexdigest()


# --- HTML --------------------------------------------------------------------------------

_ID = re.compile(r'\b(id|href)="(#?)([^"]*)"')
_HEADING = re.compile(r"<(/?)h([2-6])\b")
_RECIPE_LINK = re.compile(r'href="/rezepte/([\w-]+)/"')


def anchor(kind: str, slug: str) -> str:
    return f"{kind}-{slug}"


def _print_html(markdown: str, *, prefix: str, level: int, slugs: set[str]) -> Rendered:
    """A recipe's text rendered for one book: ids unique per section, headings below the
    section's own, and links to recipes of this book pointing into the PDF. The rewritten HTML
    passes the sanitiser once more, like every other derived HTML."""

    def ids(match):
        attribute, hash_, value = match.groups()
        if attribute == "id":
            return f'id="{prefix}-{value}"'
        return f'href="#{prefix}-{value}"' if hash_ else match.group(0)

    def headings(match):
        closing, number = match.groups()
        return f"<{closing}h{min(6, int(number) + level - 1)}"

    def recipe_links(match):
        slug = match.group(1)
        return f'href="#{anchor("r", slug)}"' if slug in slugs else match.group(0)

    html = _ID.sub(ids, render_markdown(markdown).html)
    html = _HEADING.sub(headings, html)
    return sanitise_html(_RECIPE_LINK.sub(recipe_links, html))


@dataclass
class PrintSection:
    recipe: RecipeState
    anchor: str
    html: Rendered


@dataclass
class PrintChapter:
    chapter: ChapterState
    anchor: str
    intro: Rendered
    sections: list[PrintSection]
    toc: list[RecipeState]
    appendices: list[ChapterAppendix] = field(default_factory=list)


def book_html(book: PrintBook) -> str:
    """The whole book as one HTML document for WeasyPrint."""
    snapshot = book.snapshot
    slugs = {recipe.slug for recipe in snapshot.recipes}
    chapters = []
    for chapter in snapshot.chapters:
        recipes = snapshot.recipes_of(chapter)
        sections = [
            PrintSection(recipe=recipe, anchor=anchor("r", recipe.slug),
                         html=_print_html(recipe.body, prefix=f"r{recipe.object_id}", level=recipe.level,
                                          slugs=slugs))
            for recipe in recipes
        ]
        intro = _print_html(chapter.intro, prefix=f"k{chapter.object_id}", level=1, slugs=slugs)
        chapters.append(PrintChapter(chapter=chapter, anchor=anchor("k", chapter.slug), intro=intro,
                                     sections=sections, toc=[r for r in recipes if r.level <= 3],
                                     appendices=book.appendices.get(chapter.object_id, [])))
    note = render_markdown(book.note) if book.note.strip() else ""
    return render_to_string("editions/print/book.html", {
        "book": book, "chapters": chapters, "note": note,
        "title": settings.KOCHBUCH_TITLE, "subtitle": settings.KOCHBUCH_SUBTITLE,
        "site_url": settings.SITE_URL, "built_at": timezone.localtime(),
    })


# --- PDF ---------------------------------------------------------------------------------

def local_only_fetcher():
    """WeasyPrint's URL fetcher, restricted to this site's static and media files.

    Nothing is fetched from the network: a book that names an external image prints without
    it rather than telling a third party who prints what. (WeasyPrint is imported here, not
    at the top, so web processes that never print do not load it.)
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = local_file(url)
            if path is None:
                raise ValueError(f"Nur lokale Dateien sind erlaubt, nicht {url[:200]}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    return LocalOnlyFetcher(timeout=1, allowed_protocols={"http", "https", "data"})


def local_file(url: str) -> Path | None:
    """The file behind one of this site's static or media URLs, or None."""
    base = settings.SITE_URL.rstrip("/") + "/"
    if not url.startswith(base):
        return None
    path = url[len(base):].split("?")[0].split("#")[0]
    for prefix, resolve in ((settings.STATIC_URL, _static_file), (settings.MEDIA_URL, _media_file)):
        prefix = prefix.strip("/") + "/"
        if path.startswith(prefix):
            return resolve(path[len(prefix):])
    return None


def _static_file(relative):
    found = finders.find(relative)
    return Path(found) if found else None


def _media_file(relative):
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


@dataclass
class PdfResult:
    data: bytes
    pages: int


def html_to_pdf(html: str) -> PdfResult:
    from weasyprint import HTML

    document = HTML(string=html, base_url=settings.SITE_URL.rstrip("/") + "/",
                    url_fetcher=local_only_fetcher()).render()
    data = document.write_pdf(pdf_variant=PDF_VARIANT)
    return PdfResult(data=data, pages=len(document.pages))


def book_pdf(book: PrintBook) -> PdfResult:
    return html_to_pdf(book_html(book))

"""One recipe to cite and to print: the citation of its current version and that version as a PDF.

A citation names the exact version (its permanent address under /versionen/<id>/), the date of
that version ("Stand") and, for a text that came from a printed edition, the edition and its pages,
so a quoted passage can be found again after the recipe has changed. The PDF shows the same lines
on its first page and in its footer. Both are kept in the cache per version: a new version gets a
new citation and a new PDF, and an unchanged recipe is laid out by WeasyPrint only once.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse

from editions.print_pdf import html_to_pdf, layout_digest
from kochbuch.siteinfo import site_identity
from recipes.rendering import render_markdown
from recipes.versions import latest_version_id

TIMEOUT = 24 * 3600  # a version never changes; the day only bounds what an idle cache holds


@dataclass(frozen=True)
class Citation:
    number: str
    title: str
    site_name: str
    stand: datetime.date
    version_id: int | None
    version_url: str  # absolute: the permanent address of this version
    source: str  # "Ausgabe 2016 (Bundesministerium des Innern), S. 37–39", or ""

    @property
    def text(self) -> str:
        """The citation as one line of plain text, German style."""
        parts = [f"{self.number} {self.title}. In: {self.site_name}. Fassung vom {self.stand:%d.%m.%Y}."]
        if self.source:
            parts.append(f"Auf Grundlage von: {self.source}.")
        parts.append(self.version_url)
        return " ".join(parts)


def recipe_citation(recipe) -> Citation:
    """The citation of ``recipe``'s current version (one query the first time per version)."""
    key = f"citation:{recipe.pk}:{recipe.updated_at.timestamp()}"
    version_id = cache.get(key)
    if version_id is None:
        version_id = latest_version_id(recipe) or 0
        cache.set(key, version_id, TIMEOUT)
    site = site_identity()
    path = (reverse("recipe_version", args=[recipe.slug, version_id]) if version_id
            else recipe.get_absolute_url())
    source = ""
    if recipe.pages_label:
        source = f"{recipe.source_edition}, {recipe.pages_label}" if recipe.source_edition else recipe.pages_label
    return Citation(
        number=recipe.number, title=recipe.title, site_name=site.name,
        stand=recipe.updated_at.date(), version_id=version_id or None,
        version_url=site.url.rstrip("/") + path, source=source,
    )


def recipe_pdf(recipe) -> bytes:
    """The current version of ``recipe`` as a tagged PDF, from the cache when already laid out."""
    citation = recipe_citation(recipe)
    key = f"recipe-pdf:{recipe.pk}:{citation.version_id}:{recipe.updated_at.timestamp()}:{layout_digest()}"
    data = cache.get(key)
    if data is None:
        html = render_to_string("editions/print/recipe.html", {
            "recipe": recipe, "chapter": recipe.chapter, "citation": citation,
            "body": render_markdown(recipe.body), "site": site_identity(),
        })
        data = html_to_pdf(html).data
        cache.set(key, data, TIMEOUT)
    return data

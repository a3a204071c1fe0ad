"""Issue 16: one recipe to cite and to print – its citation on the page, in print and as a PDF."""

import io
import re

import pdfplumber
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recipes.models import Recipe
from recipes.services import recipe_edit
from recipes.versions import latest_version_id
from tests.factories import make_recipe

pytestmark = pytest.mark.django_db


@pytest.fixture
def printed_recipe(small_book):
    recipe = Recipe.objects.get(number="7.1.3")
    recipe.page_start, recipe.page_end, recipe.source_edition = 37, 39, "Ausgabe 2016"
    recipe.save(update_fields=["page_start", "page_end", "source_edition"])
    return recipe


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_the_recipe_page_says_how_to_cite_exactly_this_version(client, printed_recipe, settings):
    settings.SITE_URL = "https://kochbuch.example.org"
    version_id = latest_version_id(printed_recipe)
    page = client.get(printed_recipe.get_absolute_url()).content.decode()
    version_url = f"https://kochbuch.example.org/rezepte/{printed_recipe.slug}/versionen/{version_id}/"
    assert "So zitieren Sie diese Fassung:" in page
    assert f"7.1.3 {printed_recipe.title}. In: {settings.SITE_NAME}." in page
    assert f"Fassung vom {printed_recipe.updated_at:%d.%m.%Y}" in page
    assert f"Auf Grundlage von: Ausgabe 2016, {printed_recipe.pages_label}." in page
    assert page.count(version_url) >= 2  # the citation, the link to the version (and the print line)
    assert reverse("recipe_pdf", args=[printed_recipe.slug]) in page
    # The cited address shows that version.
    assert client.get(reverse("recipe_version", args=[printed_recipe.slug, version_id])).status_code == 200


def test_a_new_version_gets_a_new_citation(client, printed_recipe, editor):
    first = latest_version_id(printed_recipe)
    client.get(printed_recipe.get_absolute_url())
    recipe_edit(recipe=printed_recipe, user=editor, base_version_id=first, title=printed_recipe.title,
                body=printed_recipe.body + "\n\nNeu.", comment="Ergänzt")
    second = latest_version_id(printed_recipe)
    page = client.get(printed_recipe.get_absolute_url()).content.decode()
    assert f"/versionen/{second}/" in page and f"/versionen/{first}/" not in page


def test_the_pdf_carries_title_text_source_address_stand_and_citation(client, printed_recipe, settings):
    settings.SITE_URL = "https://kochbuch.example.org"
    response = client.get(reverse("recipe_pdf", args=[printed_recipe.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="kochbuch-7.1.3-{printed_recipe.slug}.pdf"' in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    assert f"7.1.3 {printed_recipe.title}" in text
    assert f"Quelle: Ausgabe 2016, {printed_recipe.pages_label}" in text
    assert f"Stand: {printed_recipe.updated_at.day}." in text
    assert "Zitiervorschlag" in text
    assert f"/versionen/{latest_version_id(printed_recipe)}/" in text.replace(" ", "")
    assert re.search(r"Seite 1 von \d", text)
    first_words = printed_recipe.body.split("\n")[0].split()[:3]
    assert " ".join(first_words).strip("*#") in text


def test_an_unchanged_recipe_is_laid_out_once(client, printed_recipe):
    url = reverse("recipe_pdf", args=[printed_recipe.slug])
    first = client.get(url).content
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).content
    assert again == first
    assert len(queries) <= 2  # the recipe; the PDF and its citation come from the cache
    cache.clear()
    assert client.get(url).status_code == 200


def test_an_old_address_leads_to_the_renamed_recipes_pdf_and_an_unknown_one_is_404(client, small_book, editor):
    recipe = make_recipe("6.2", "Küche einrichten", "Text.")
    old_slug = recipe.slug
    recipe_edit(recipe=recipe, user=editor, base_version_id=latest_version_id(recipe), title="Die Küche einrichten",
                body=recipe.body, comment="Titel")
    recipe.refresh_from_db()
    if recipe.slug != old_slug:
        response = client.get(reverse("recipe_pdf", args=[old_slug]))
        assert response.status_code == 301
        assert response["Location"] == reverse("recipe_pdf", args=[recipe.slug])
    assert client.get(reverse("recipe_pdf", args=["gibt-es-nicht"])).status_code == 404


def test_only_reading_is_allowed(client, printed_recipe):
    assert client.post(reverse("recipe_pdf", args=[printed_recipe.slug])).status_code == 405

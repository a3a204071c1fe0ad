"""The "Autorschaft" page and the two lines about authors on the recipe page."""

from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from kochbuch.pagecache import content_changed
from recipes.models import Recipe
from recipes.services import recipe_edit
from recipes.versions import history, latest_version_id
from tests.factories import make_recipe, make_user
from tests.security.html_safety import parse

pytestmark = pytest.mark.django_db


def _edit(recipe, user, body):
    recipe = Recipe.objects.get(pk=recipe.pk)
    return recipe_edit(recipe=recipe, user=user, base_version_id=latest_version_id(recipe),
                       title=recipe.title, body=body, comment="Bearbeitet")


def _text(response):
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    return " ".join(unescape(strip_tags(main)).split())


@pytest.fixture
def recipe(small_book, contributor, other_contributor):
    recipe = Recipe.objects.get(number="7.1.3")
    _edit(recipe, contributor, recipe.body.replace("wird gescannt.", "wird morgens gescannt."))
    _edit(recipe, other_contributor, recipe.body.replace("wird gescannt.", "wird morgens gescannt.")
          + "\n\nOmar ergänzt einen Absatz.")
    return Recipe.objects.get(pk=recipe.pk)


def test_the_page_lists_each_author_with_kommune_and_share_and_names_them_per_paragraph(client, recipe):
    text = _text(client.get(reverse("recipe_authorship", args=[recipe.slug])))
    assert "2 Personen aus 1 Kommune. Text aus: Ausgabe 2016." in text
    assert "Mia Muster (Stadt Musterstadt) – 1 Wort" in text
    # Omar chose not to show his Kreis: neither the list nor the margin shows it.
    assert "Omar Ortmann – 4 Wörter" in text and "Kreis Beispiel" not in text
    assert "2Omar ergänzt einen Absatz. Dieser Absatz: 2 Omar Ortmann" in text


def test_each_change_of_author_is_marked_with_a_number_a_link_and_a_label(client, recipe):
    html = client.get(reverse("recipe_authorship", args=[recipe.slug])).content.decode()
    root = parse(html)
    labels = [a.get("aria-label") for a in root.iter("a") if "au-ref" in a.get("class", "")]
    assert any(label.startswith("Ab hier geschrieben von Mia Muster (Stadt Musterstadt)") for label in labels)
    spans = [s for s in root.iter("span") if s.get("class", "").startswith("au ")]
    assert [s.text for s in spans if s.get("title", "").startswith("Mia Muster")] == ["morgens "]


def test_an_older_version_shows_its_own_authors(client, recipe):
    versions = history(recipe)
    first = versions[-1]
    text = _text(client.get(reverse("recipe_version_authorship", args=[recipe.slug, first.id])))
    assert "Ältere Fassung" in text and "Mia Muster" not in text and "Text aus: Ausgabe 2016" in text


def test_a_version_of_another_recipe_is_not_found(client, recipe):
    other = Recipe.objects.get(number="7.1.4")
    url = reverse("recipe_version_authorship", args=[recipe.slug, latest_version_id(other)])
    assert client.get(url).status_code == 404


def test_the_recipe_page_names_the_last_editor_and_how_many_wrote_it(client, recipe):
    text = _text(client.get(recipe.get_absolute_url()))
    assert "Zuletzt bearbeitetvon Omar Ortmann am" in text  # <dt> and <dd>
    assert "AutorschaftMitgeschrieben haben 2 Personen aus 1 Kommune" in text
    html = client.get(recipe.get_absolute_url()).content.decode()
    assert reverse("recipe_authorship", args=[recipe.slug]) in html


def test_the_recipe_page_shows_an_imported_text_as_coming_from_its_edition(client, small_book):
    text = _text(client.get(Recipe.objects.get(number="7.1.3").get_absolute_url()))
    assert "Zuletzt bearbeitet„Ausgabe 2016“ (Quelle) am" in text
    assert "Wer hat das geschrieben?" in text


def test_the_version_page_links_to_that_versions_authorship(client, recipe):
    first = history(recipe)[-1]
    html = client.get(reverse("recipe_version", args=[recipe.slug, first.id])).content.decode()
    assert reverse("recipe_version_authorship", args=[recipe.slug, first.id]) in html


def _count(client, url):
    client.get(url)
    content_changed()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_page_costs_the_same_few_queries_however_many_versions_and_authors(client, recipe, signed_in):
    if signed_in:
        client.force_login(make_user("leser@kommune.example"))
    url = reverse("recipe_authorship", args=[recipe.slug])
    small = _count(client, url)
    for index in range(12):
        person = make_user(f"p{index}@kommune.example", display_name=f"Person {index}",
                           institution=f"Gemeinde {index}")
        current = Recipe.objects.get(pk=recipe.pk)
        _edit(current, person, current.body + f"\n\nAbsatz {index} von Person {index}.")
    grown = _count(client, url)
    assert small == grown == (3 if not signed_in else 4)  # + the session (the user comes from the cache)


def test_attribution_missing_for_old_versions_is_computed_when_the_page_is_read(client, recipe):
    from authorship.models import RecipeAuthorship, VersionAuthorship

    VersionAuthorship.objects.all().delete()
    RecipeAuthorship.objects.all().delete()
    text = _text(client.get(reverse("recipe_authorship", args=[recipe.slug])))
    assert "Mia Muster (Stadt Musterstadt) – 1 Wort" in text


def test_the_page_answers_only_reading(client, recipe):
    assert client.post(reverse("recipe_authorship", args=[recipe.slug])).status_code == 405


def test_an_empty_recipe_says_so(client, small_book, contributor):
    recipe = make_recipe("6.2", "Leer", "Kurz.")
    _edit(recipe, contributor, "")
    assert "Diese Fassung hat keinen Text." in _text(client.get(reverse("recipe_authorship", args=[recipe.slug])))

import pytest
from django.urls import reverse

from recipes.models import Recipe
from recipes.services import chapter_save, recipe_save

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["anonymous", "signed_in"])
def reader(request, client, contributor):
    if request.param == "signed_in":
        client.force_login(contributor)
    return client


def test_start_page_shows_title_and_every_chapter_with_reading_hint(reader, small_book):
    page = reader.get(reverse("book")).content.decode()
    assert "Wie kommunales E-Government dennoch gelingt" in page
    assert "Kapitel 7" in page and "Kapitel 6" in page
    assert "Lesen Sie dieses Kapitel, wenn Sie planen wollen." in page
    assert page.count("<h1") == 1


def test_chapter_page_lists_recipes_nested_and_numbered(reader, small_book):
    page = reader.get(small_book.get_absolute_url()).content.decode()
    section = page.index("Bausteine eines kommunalen Musterprozesses")
    subsection = page.index("Eingangsbearbeitung in der Kommunalverwaltung")
    assert section < subsection
    # the subsection sits in a nested list inside the section's item
    assert page.count('<ol class="outline">') == 2
    assert "S. 101–102" in page


def test_recipe_page_has_breadcrumb_toc_neighbours_tags_and_source(reader, small_book):
    recipe = Recipe.objects.get(number="7.1.3")
    page = reader.get(recipe.get_absolute_url()).content.decode()
    breadcrumb = page[page.index('class="breadcrumb"'):page.index("</nav>", page.index('class="breadcrumb"'))]
    assert "Kochbuch" in breadcrumb and "7. Kapitel 7" in breadcrumb and "7.1 Bausteine" in breadcrumb
    assert 'href="#abschnitt-posteingang"' in page and 'id="abschnitt-posteingang"' in page  # own table of contents
    assert 'rel="prev"' in page and "7.1 " in page  # previous in reading order is 7.1
    assert 'rel="next"' in page and "Sachbearbeitung" in page
    assert "Thema:</span> Prozesse" in page and "Stichwort:</span> Scannen" in page
    assert "Ausgabe 2016, S. 101–102" in page


def test_reading_order_crosses_chapters(client, small_book):
    last_of_six = Recipe.objects.get(number="6.1")
    page = client.get(last_of_six.get_absolute_url()).content.decode()
    assert 'rel="next"' in page and "/rezepte/bausteine-eines-kommunalen-musterprozesses/" in page


def test_recipe_page_renders_wiki_links(client, small_book):
    page = client.get(Recipe.objects.get(number="7.1").get_absolute_url()).content.decode()
    assert 'class="wikilink" href="/rezepte/eingangsbearbeitung-in-der-kommunalverwaltung/"' in page


def test_tag_page_lists_recipes_with_the_tag(client, small_book):
    recipe = Recipe.objects.get(number="7.1.3")
    tag = recipe.tags.get(name="Scannen")
    page = client.get(tag.get_absolute_url()).content.decode()
    assert "Eingangsbearbeitung in der Kommunalverwaltung" in page
    assert "Sachbearbeitung" not in page


def test_old_recipe_slug_redirects_to_the_renamed_recipe(client, small_book, moderator):
    recipe = Recipe.objects.get(number="7.1.4")
    old_url = recipe.get_absolute_url()
    recipe.title, recipe.slug = "Digitale Sachbearbeitung", "digitale-sachbearbeitung"
    recipe_save(recipe=recipe, user=moderator, comment="Umbenannt")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/rezepte/digitale-sachbearbeitung/"


def test_old_number_redirects_to_the_renumbered_recipe(client, small_book, moderator):
    recipe = Recipe.objects.get(number="7.1.4")
    recipe.number = "7.1.5"
    recipe_save(recipe=recipe, user=moderator, comment="Neu nummeriert")
    response = client.get(reverse("recipe_by_number", args=["7.1.4"]))
    assert response.status_code == 302
    assert response["Location"] == recipe.get_absolute_url()
    assert client.get(reverse("recipe_by_number", args=["7.1.5"]))["Location"] == recipe.get_absolute_url()


def test_old_chapter_slug_redirects(client, small_book, moderator):
    old_url = small_book.get_absolute_url()
    small_book.slug = "7-die-gerichte"
    chapter_save(chapter=small_book, user=moderator, comment="Kurzname geändert")
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == "/kapitel/7-die-gerichte/"


def test_unknown_pages_are_404(client, small_book):
    assert client.get("/rezepte/gibt-es-nicht/").status_code == 404
    assert client.get("/abschnitt/99.9/").status_code == 404
    assert client.get("/kapitel/gibt-es-nicht/").status_code == 404


@pytest.mark.parametrize("url_name", ["accessibility", "privacy", "imprint"])
def test_legal_pages_render(reader, url_name):
    response = reader.get(reverse(url_name))
    assert response.status_code == 200
    assert b'lang="de"' in response.content


def _edit_many_times(recipe, user, times):
    for index in range(times):
        recipe.body = f"Fassung {index}: Der Posteingang wird gescannt."
        recipe_save(recipe=recipe, user=user, comment=f"Änderung {index}")


def test_recipe_page_query_count_is_the_same_with_1_and_50_versions(
    client, small_book, moderator, contributor, django_assert_num_queries
):
    client.force_login(contributor)  # signed in: no page cache, the real work is counted
    few = Recipe.objects.get(number="7.1.4")
    many = Recipe.objects.get(number="7.1.3")
    _edit_many_times(many, moderator, 49)
    client.get(few.get_absolute_url())  # warm the link index and rendering cache
    client.get(many.get_absolute_url())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as with_one:
        client.get(few.get_absolute_url())
    with django_assert_num_queries(len(with_one.captured_queries)):
        client.get(many.get_absolute_url())
    assert len(with_one.captured_queries) <= 10


def test_start_and_chapter_pages_run_a_fixed_number_of_queries(
    client, small_book, contributor, django_assert_max_num_queries
):
    client.force_login(contributor)  # signed in: no page cache, the real work is counted
    client.get(reverse("book"))
    with django_assert_max_num_queries(8):
        client.get(reverse("book"))
    with django_assert_max_num_queries(10):
        client.get(small_book.get_absolute_url())

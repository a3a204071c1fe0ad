"""The results page: comments tab, editions, hostile input, the empty page, its SQL budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments import services as comment_services
from comments.models import Comment
from editions.services import edition_record
from kochbuch.pagecache import content_changed
from recipes.models import Recipe
from recipes.services import recipe_save
from recipes.versions import latest_version_id
from search.models import SearchDocument
from tests.factories import make_comment, make_recipe

pytestmark = pytest.mark.template_context  # reads response.context

URL = reverse("search")


def results(client, q, **params):
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    return response.context["results"]


def numbers(client, q, **params):
    return [hit.document.number for hit in results(client, q, **params).hits]


# --- Comments -------------------------------------------------------------------------------

@pytest.fixture
def comments(corpus, contributor, other_contributor, moderator):
    visible = make_comment(corpus["7.2"], contributor, "Unsere Personalakten liegen noch im Keller.")
    hidden = make_comment(corpus["7.2"], other_contributor, "Die Akten im Keller sind feucht und verschimmelt.")
    comment_services.comment_hide(comment=hidden, moderator=moderator, reason="Unsachlich")
    on_chapter = make_comment(corpus["6.1"].chapter, contributor, "Das ganze Kapitel hilft beim Aktenplan.")
    return {"visible": visible, "hidden": hidden, "chapter": on_chapter}


def test_the_comments_tab_finds_visible_comments_with_author_and_recipe(client, comments):
    response = client.get(URL, {"q": "Personalakte", "bereich": "kommentare"})
    [hit] = response.context["results"].hits
    assert hit.document.comment == comments["visible"]
    content = response.content.decode()
    assert "Kommentar von Mia Muster" in content
    assert "zu 7.2 Personal gewinnen" in content
    assert "Unsere <mark>Personalakten</mark> liegen noch im Keller." in content
    assert f'href="{comments["visible"].target_url()}"' in content


def test_the_tabs_count_recipes_and_comments(client, comments):
    response = client.get(URL, {"q": "Personalakte"})
    assert [hit.document.number for hit in response.context["results"].hits] == ["7.2"]
    assert (response.context["recipe_total"], response.context["comment_total"]) == (1, 1)


def test_comments_on_a_chapter_are_found_too(client, comments):
    [hit] = results(client, "Aktenplan", bereich="kommentare").hits
    assert hit.document.comment == comments["chapter"]


def test_hidden_held_and_deleted_comments_are_no_hits(client, comments, contributor, moderator):
    assert results(client, "verschimmelt", bereich="kommentare").hits == []
    comment_services.comment_restore(comment=comments["hidden"], moderator=moderator)
    assert len(results(client, "verschimmelt", bereich="kommentare").hits) == 1
    comment_services.comment_delete(comment=comments["visible"], user=contributor)
    assert results(client, "Keller Personalakten", bereich="kommentare").hits == []
    assert not SearchDocument.objects.filter(comment=comments["visible"]).exists()
    held = Comment.objects.create(recipe=comments["visible"].recipe, author=contributor,
                                  body="Noch nicht freigegebener Gedanke", status=Comment.Status.HELD)
    from search.indexing import index_comment

    index_comment(held)
    assert results(client, "freigegebener", bereich="kommentare").hits == []


def test_an_edited_comment_is_found_by_its_new_words(client, comments, contributor):
    comment_services.comment_edit(comment=comments["visible"], user=contributor,
                                  body="Unsere Personalakten sind inzwischen digitalisiert.")
    assert results(client, "Keller", bereich="kommentare").hits == []  # the other one is hidden
    assert len(results(client, "digitalisiert", bereich="kommentare").hits) == 1


# --- Editions -------------------------------------------------------------------------------

@pytest.fixture
def edition_2016(corpus):
    versions = [latest_version_id(recipe) for recipe in corpus.values()]
    edition = edition_record(name="Ausgabe 2016", user=None, version_ids=versions)
    recipe = Recipe.objects.get(number="6.1")
    recipe.body = "Die E-Akte ersetzt den Pergamentstapel vollständig."
    recipe_save(recipe=recipe, user=None, comment="Nach der Ausgabe geändert")
    return edition


def test_the_edition_filter_searches_the_text_the_edition_froze(client, edition_2016):
    assert numbers(client, "Papierakte") == []
    assert numbers(client, "Papierakte", ausgabe="2016") == ["6.1"]
    assert numbers(client, "Pergamentstapel") == ["6.1"]
    assert numbers(client, "Pergamentstapel", ausgabe="2016") == []


def test_edition_hits_link_to_the_frozen_version_and_filters_still_apply(client, edition_2016):
    [hit] = results(client, "Papierakte", ausgabe="2016").hits
    assert hit.url == reverse("recipe_version", args=[hit.document.recipe.slug, hit.document.version_id])
    assert set(numbers(client, "Akte", ausgabe="2016", kapitel=6)) == {"6.1", "6.2"}
    assert numbers(client, "Akte", ausgabe="2016", schlagwort="stichwort:aktenfuehrung") == ["6.1"]


def test_an_edition_is_indexed_once_on_first_search(client, edition_2016):
    assert not SearchDocument.objects.filter(version__isnull=False).exists()
    results(client, "Akte", ausgabe="2016")
    indexed = SearchDocument.objects.filter(version__isnull=False).count()
    assert indexed == 9
    results(client, "Büro", ausgabe="2016")
    assert SearchDocument.objects.filter(version__isnull=False).count() == indexed


# --- Hostile input and the empty page -------------------------------------------------------

@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>", '"', '"Akte', 'Akte"', '""', "NEAR(Akte", "NEAR(", "*", "Akte*",
    "akt:*A", "{title_terms}:Akte", "Akte AND OR NOT", "'; DROP TABLE search_searchdocument; --",
    "%", "_", "\\", "((((Akte", "-Akte", "^Akte", "Akte" * 2000, "Akte " * 2000, "🙂 Akte",
    "<mark>Akte</mark>", "&lt;b&gt;",
])
def test_hostile_queries_never_fail_and_are_never_reflected_unescaped(client, corpus, hostile):
    for params in ({"q": hostile}, {"q": hostile, "bereich": "kommentare"}, {"q": hostile, "seite": "2"}):
        response = client.get(URL, params)
        assert response.status_code == 200
        content = response.content.decode()
        assert "<script>alert" not in content
        assert "<mark>Akte</mark></" not in content or hostile != "<mark>Akte</mark>"


def test_user_text_in_snippets_is_escaped_before_the_hits_are_marked(client, db):
    make_recipe("3.1", "Sicher <b>Akte</b>", "Eine Akte <script>alert('x')</script> & <img src=x onerror=alert(1)> Akte.")
    response = client.get(URL, {"q": "Akte"})
    content = response.content.decode()
    assert "<script>alert" not in content and "<img src=x" not in content
    assert "Sicher &lt;b&gt;<mark>Akte</mark>&lt;/b&gt;" in content


def test_a_null_byte_or_endless_page_number_is_harmless(client, corpus):
    # Control characters in an address are refused before any view (kochbuch.middleware).
    assert client.get(URL, {"q": "Akte\x00"}).status_code == 400
    assert client.get(URL, {"q": "Akte", "seite": "99999999999999999999"}).status_code == 200


def test_an_empty_query_shows_how_to_search(client, corpus):
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "So finden Sie, was Sie suchen" in content
    assert "Buergerbuero" in content
    assert response.context["results"].hits == []


def test_a_query_without_words_says_so(client, corpus):
    content = client.get(URL, {"q": "* ?"}).content.decode()
    assert "enthält kein Wort" in content


def test_nothing_found_offers_a_way_on(client, corpus):
    content = client.get(URL, {"q": "Raumschiff"}).content.decode()
    assert "0 Treffer für „Raumschiff“" in content
    assert "Nichts gefunden" in content


def test_a_typo_is_explained(client, corpus):
    content = client.get(URL, {"q": "Verwaltnug"}).content.decode()
    assert "„Verwaltnug“ kommt im Kochbuch nicht vor" in content


def test_every_page_has_the_search_box_in_its_header(client, corpus):
    for url in (reverse("book"), corpus["7.2"].get_absolute_url(), URL):
        content = client.get(url).content.decode()
        assert 'role="search"' in content
        assert f'action="{URL}"' in content
        assert '<label class="visually-hidden" for="site-search-q">Im Kochbuch suchen</label>' in content
        assert 'type="search" name="q"' in content


# --- Cost -----------------------------------------------------------------------------------

def _count_queries(client, params):
    content_changed()  # the page is rendered (as for its first reader after a save), not cached
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(context.captured_queries), response.context["results"]


def test_the_results_page_costs_the_same_few_queries_whatever_the_number_of_hits(client, corpus):
    for n in range(1, 31):
        make_recipe(f"9.{n}", f"Evaluation {n}", f"Die Evaluation Nummer {n} misst den Nutzen.",
                    thema=["Prozesse"] if n % 2 else [])
    few_queries, few = _count_queries(client, {"q": "Personalakte"})
    many_queries, many = _count_queries(client, {"q": "Evaluation"})
    assert (len(few.hits), len(many.hits), many.total) == (1, 20, 30)
    # lexicon, hits with both tabs' totals, the page of documents, the lists of chapters, tags
    # and editions for the filters, loaded once per content generation.
    assert few_queries == many_queries <= 6
    # Filters and the comments tab do not add queries per hit either.
    filtered_queries, _ = _count_queries(client, {"q": "Evaluation", "kapitel": 9, "schlagwort": "thema:prozesse"})
    assert filtered_queries == many_queries
    comment_queries, _ = _count_queries(client, {"q": "Evaluation", "bereich": "kommentare"})
    assert comment_queries <= many_queries  # no hits: nothing to load


def test_the_search_help_writes_german_quotation_marks(client, db):
    page = client.get("/suche/").content.decode()

    assert "„elektronische Akte“" in page and "„genaue Wortfolge“" in page
    assert '\\"' not in page and '"genaue Wortfolge"' not in page


def test_a_hit_found_only_by_its_tag_names_the_tag_with_the_term_marked(client, db):
    make_recipe("7.1", "Öffentlichkeitsbeteiligung", "Unterlagen werden ausgelegt.", stichwort=["Bürgerbeteiligung"])
    make_recipe("1.3", "Worum geht es nicht?", "Kommunalpolitik und Bürgerbeteiligung nur am Rand.",
                stichwort=["Abgrenzung"])

    page = client.get(URL, {"q": "Bürgerbeteiligung"}).content.decode()

    assert 'Schlagwort: <mark>Bürgerbeteiligung</mark>' in page
    assert page.count('class="search-hit__tags"') == 1  # the hit in the text needs no tag line

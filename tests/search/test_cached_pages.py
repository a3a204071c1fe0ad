"""Results pages come from the page cache (whole for anonymous readers, per role when signed in)
and the filters' lists from a per-generation memo: whatever changes a hit or a list shows at the
next request, and nothing personal crosses between readers."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments import services as comment_services
from editions.models import Edition
from recipes.models import Tag
from recipes.services import recipe_save
from tests.factories import make_comment, make_recipe

URL = reverse("search")


def page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_repeated_anonymous_search_is_answered_without_a_query(client, corpus):
    first = page(client, q="Posteingang")
    with CaptureQueriesContext(connection) as queries:
        again = page(client, q="Posteingang")
    assert again == first and "Scannen im <mark>Posteingang</mark>" in again
    assert queries.captured_queries == []


def test_a_new_recipe_text_is_found_at_the_next_request(client, corpus):
    assert "1 Treffer für „Posteingang“" in page(client, q="Posteingang")
    recipe = corpus["7.1"]
    recipe.body += "\n\nAuch der Posteingang ändert sich."
    recipe_save(recipe=recipe, user=None, comment="Posteingang ergänzt")
    assert "2 Treffer für „Posteingang“" in page(client, q="Posteingang")
    make_recipe("9.1", "Posteingang zentral", "Ein neues Rezept.")
    assert "3 Treffer für „Posteingang“" in page(client, q="Posteingang")


def test_a_hidden_comment_leaves_the_cached_results_at_once(client, corpus, contributor, moderator):
    comment = make_comment(corpus["7.2"], contributor, "Unsere Personalakten liegen im Keller.")
    assert "Kommentar von Mia Muster" in page(client, q="Keller", bereich="kommentare")
    client.force_login(moderator)
    assert "Kommentar von Mia Muster" in page(client, q="Keller", bereich="kommentare")
    comment_services.comment_hide(comment=comment, moderator=moderator, reason="Unsachlich")
    assert "Kommentar von Mia Muster" not in page(client, q="Keller", bereich="kommentare")
    client.logout()
    assert "Kommentar von Mia Muster" not in page(client, q="Keller", bereich="kommentare")


def test_signed_in_readers_get_their_own_header_on_a_shared_results_page(
        client, corpus, contributor, other_contributor, moderator):
    anonymous = page(client, q="Akte")
    assert "Anmelden" in anonymous
    client.force_login(contributor)
    mine = page(client, q="Akte")
    client.force_login(other_contributor)
    theirs = page(client, q="Akte")
    client.force_login(moderator)
    moderators = page(client, q="Akte")
    assert "Mia Muster" in mine and "Mia Muster" not in theirs + moderators + anonymous
    assert "Omar Ortmann" in theirs and "Omar Ortmann" not in mine + moderators + anonymous
    assert "Abmelden" in mine and "Abmelden" in moderators
    for html in (mine, theirs, moderators):
        assert "<mark>Papierakte</mark>" in html


def test_new_tags_and_editions_are_offered_as_filters_at_the_next_request(client, corpus):
    assert "Neues Schlagwort" not in page(client, q="Akte")
    Tag.objects.create(kind=Tag.Kind.STICHWORT, name="Neues Schlagwort", slug="neues-schlagwort")
    html = page(client, q="Akte")
    assert '<option value="stichwort:neues-schlagwort">Neues Schlagwort</option>' in html
    Edition.objects.create(name="Ausgabe 2030", slug="2030", date=date(2030, 1, 1))
    html = page(client, q="Akte", ausgabe="2030")
    assert '<option value="2030" selected>Ausgabe 2030</option>' in html
    Tag.objects.filter(slug="neues-schlagwort").delete()
    assert "Neues Schlagwort" not in page(client, q="Akte")


def test_a_filter_value_that_does_not_exist_is_not_applied(client, corpus):
    unfiltered = page(client, q="Akte")
    for params in ({"kapitel": "99"}, {"kapitel": "x"}, {"schlagwort": "thema:gibt-es-nicht"}, {"ausgabe": "1999"}):
        html = page(client, q="Akte", **params)
        assert html.count("search-hit__title") == unfiltered.count("search-hit__title") > 0
        assert " selected>" not in html

"""The site search finds Erfahrungsberichte in a tab of their own; hidden ones not."""

from django.urls import reverse

from practice.services import report_create, report_hide
from search.indexing import index_rebuild


def html(response):
    return response.content.decode()


def test_search_finds_reports_by_their_words_and_kommune_and_leaves_out_hidden_ones(
        client, recipe, reporter, moderator):
    report = report_create(author=reporter, recipe=recipe, status="umgesetzt",
                           lessons="Die Poststelle früh einbinden.")
    page = html(client.get(reverse("search"), {"q": "Poststelle"}))
    assert 'Erfahrungsberichte <span class="search-tabs__count">1</span>' in page
    page = html(client.get(reverse("search"), {"q": "Poststelle", "bereich": "berichte"}))
    assert f'href="{report.get_absolute_url()}"' in page and "Erfahrungsbericht zu 7.1.3" in page
    page = html(client.get(reverse("search"), {"q": "Düren", "bereich": "berichte"}))
    assert f'href="{report.get_absolute_url()}"' in page
    report_hide(report=report, moderator=moderator, reason="Doppelt")
    page = html(client.get(reverse("search"), {"q": "Poststelle", "bereich": "berichte"}))
    assert report.get_absolute_url() not in page


def test_rebuilding_the_index_keeps_the_reports(client, recipe, reporter):
    report_create(author=reporter, recipe=recipe, status="geplant", adaptations="Mit Scanstraße.")
    assert index_rebuild()["practice_reports"] == 1
    page = html(client.get(reverse("search"), {"q": "Scanstraße", "bereich": "berichte"}))
    assert "Düren: Eingangsbearbeitung" in page

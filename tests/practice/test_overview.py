"""'Wer hat was umgesetzt?': the map with its table and filters, the Kommune pages, open data."""

import csv
import io

import pytest
from django.urls import reverse

from kommunen.models import Kommune
from practice.services import report_create
from recipes.models import Recipe
from tests.factories import make_user


def html(response):
    return response.content.decode()


@pytest.fixture
def reports(recipe, reporter, small_book):
    heide = make_user("hanna@heidekreis.example", role="Mitwirkende", display_name="Hanna Heide",
                      kommune=Kommune.objects.get(name="Heidekreis"))
    return [
        report_create(author=reporter, recipe=recipe, status="umgesetzt", results="Gut."),
        report_create(author=heide, recipe=Recipe.objects.get(number="6.1"), status="geplant"),
    ]


def test_the_map_shows_a_dot_per_kommune_the_outlines_and_a_table(client, reports):
    page = html(client.get(reverse("practice_overview")))
    assert page.count('class="practice-map__land"') == 16
    assert page.count('class="practice-map__dot"') == 2
    assert 'aria-label="Düren: 1 Bericht"' in page
    assert "<table" in page and "Heidekreis" in page and "Eingangsbearbeitung" in page
    # The source of the outlines and its licence (BKG VG250 under GeoNutzV; see data/SOURCES.md).
    assert "GeoBasis-DE / BKG 2016" in page and "GeoNutzV" in page and "echarts" not in page


def test_the_filters_narrow_map_and_table(client, reports):
    page = html(client.get(reverse("practice_overview"), {"land": "NI"}))
    assert "Heidekreis" in page and 'aria-label="Düren' not in page
    page = html(client.get(reverse("practice_overview"), {"stand": "umgesetzt", "kapitel": "7"}))
    assert 'aria-label="Düren: 1 Bericht"' in page and "Hanna Heide" not in page
    page = html(client.get(reverse("practice_overview"), {"groesse": "sehr-gross"}))
    assert "Keine Berichte für diese Auswahl." in page
    assert client.get(reverse("practice_overview"), {"kapitel": "x<script>"}).status_code == 200


def test_a_kommune_page_lists_its_reports_and_people(client, reports, dueren):
    page = html(client.get(reverse("kommune_detail", args=[dueren.pk])))
    assert "Eingangsbearbeitung in der Kommunalverwaltung" in page and "Mia Muster" in page
    assert "Modellkommune des Kochbuchs 2016" in page
    # The official keys (BKG VG250, kommunen/data/SOURCES.md).
    assert "Amtlicher Gemeindeschlüssel (AGS)</dt><dd>05358008" in page
    assert "Amtlicher Regionalschlüssel (ARS)</dt><dd>053580008008" in page


def test_the_register_search_works_as_a_plain_form(client, db):
    page = html(client.get(reverse("kommune_search"), {"q": "Cochem"}))
    assert "Landkreis Cochem-Zell" in page and "AGS 07135" in page
    assert "Die Modellkommunen" in html(client.get(reverse("kommune_search")))


def test_reports_as_csv_and_json_with_the_contact_only_when_shown(client, reports):
    reports[0].contact, reports[0].show_contact = "geheim@dueren.example", False
    reports[0].save()
    response = client.get(reverse("practice_reports_download", args=["csv"]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    assert {row["kommune"] for row in rows} == {"Düren", "Heidekreis"}
    assert all(row["kontakt"] == "" for row in rows)
    data = client.get(reverse("practice_reports_download", args=["json"])).json()
    assert {item["stand"] for item in data["berichte"]} == {"umgesetzt", "geplant"}
    dueren = next(row for row in rows if row["kommune"] == "Düren")
    assert (dueren["ags"], dueren["ars"]) == ("05358008", "053580008008")


def test_the_register_as_csv_and_json(client, db):
    data = client.get(reverse("kommunen_download", args=["json"])).json()
    assert len(data["kommunen"]) == Kommune.objects.count()
    models = [item for item in data["kommunen"] if item["modellkommune"]]
    assert len(models) == 8
    assert {(item["ags"], item["ars"]) for item in models if item["name"] == "Norderstedt"} == {
        ("01060063", "010600063063")}
    assert "BKG" in data["hinweis"]
    response = client.get(reverse("kommunen_download", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "ags,ars," in b"".join(response.streaming_content).decode().splitlines()[0]


def test_the_atom_feed_has_the_visible_reports_with_their_texts(client, reports):
    response = client.get(reverse("practice_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "Düren zu 7.1.3" in feed and "Heidekreis zu 6.1" in feed and "&lt;p&gt;Gut.&lt;/p&gt;" in feed


def test_a_kommune_without_reports_shows_where_it_is(client, db):
    gemeinde = Kommune.objects.filter(art=Kommune.Art.GEMEINDE).exclude(latitude=None).first()
    page = html(client.get(reverse("kommune_detail", args=[gemeinde.pk])))
    assert page.count('class="practice-map__dot"') == 1 and "Noch keine Erfahrungsberichte." in page

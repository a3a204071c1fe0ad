"""Edition exports with the Erfahrungsberichte: each chapter of the Markdown ZIP and of the print
PDF closes with the Kommunen that report on its recipes (an edition when the Redaktion chose so
at publishing, the current state always); hidden reports never appear."""

import datetime
import io
import re
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editions.models import Edition
from editions.print_files import print_book, print_source
from editions.print_pdf import anchor, book_html
from kommunen.models import Kommune
from practice.services import report_create, report_hide
from recipes.bookfiles import read_book_zip
from recipes.models import Chapter, Recipe
from tests.editions.editionhelpers import publish
from tests.factories import make_recipe, make_user

pytestmark = pytest.mark.django_db


def _reporter(email, kommune_name, **kommune_filter):
    person = make_user(email, role="Mitwirkende", display_name=email.split("@")[0].title())
    person.kommune = Kommune.objects.get(name=kommune_name, **kommune_filter)
    person.save(update_fields=["kommune"])
    return person


@pytest.fixture
def reports(small_book):
    dueren = _reporter("dora@dueren.example", "Düren", is_model=True)
    heide = _reporter("hans@heidekreis.example", "Heidekreis")
    visible = [
        report_create(author=dueren, recipe=Recipe.objects.get(number="7.1.3"), status="umgesetzt",
                      since=datetime.date(2023, 3, 1)),
        report_create(author=heide, recipe=Recipe.objects.get(number="7.1"), status="in_umsetzung"),
    ]
    moderator = make_user("moritz@kommune.example", role="Moderation", display_name="Moritz")
    hidden = report_create(author=heide, recipe=Recipe.objects.get(number="6.1"), status="geplant")
    report_hide(report=hidden, moderator=moderator, reason="Werbung")
    return visible, hidden


def _zip_files(response):
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                         else response.content))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def test_the_current_zip_lists_the_reports_per_chapter_and_reimports_without_them(client, reports, settings):
    settings.SITE_URL = "https://kochbuch.example"
    (dueren_report, heide_report), hidden = reports
    response = client.get(reverse("current_zip"))
    files = _zip_files(response)
    appendices = {name: text for name, text in files.items() if name.endswith("/anhang-nachgekocht.md")}
    assert list(appendices) == ["kochbuch-aktuell/07-kapitel-7/anhang-nachgekocht.md"]
    text = appendices["kochbuch-aktuell/07-kapitel-7/anhang-nachgekocht.md"]
    assert text.startswith("# Nachgekocht: Erfahrungsberichte aus den Kommunen")
    # Reading order of the sections: 7.1 (Heidekreis) before 7.1.3 (Düren).
    assert text.index("Heidekreis (Niedersachsen)**: in Umsetzung") < text.index(
        "Düren (Nordrhein-Westfalen)**: umgesetzt, seit März 2023")
    assert f"  <https://kochbuch.example{dueren_report.get_absolute_url()}>" in text
    assert "Werbung" not in text and hidden.get_absolute_url() + ">" not in "".join(files.values())
    assert "anhang-nachgekocht.md" in files["kochbuch-aktuell/LIESMICH.txt"]
    # The import passes over the lists: the same sections come back, and nothing else.
    chapters, recipes = read_book_zip(io.BytesIO(response.content))
    assert sorted(recipe.number for recipe in recipes) == sorted(Recipe.objects.values_list("number", flat=True))


def test_an_edition_lists_the_reports_only_when_the_redaktion_chose_so(client, reports, editor):
    without = publish(editor, name="Ausgabe 2027")
    with_reports = Edition.objects.get(pk=publish(editor, name="Ausgabe 2028").pk)
    with_reports.with_reports = True
    with_reports.save(update_fields=["with_reports"])
    plain = _zip_files(client.get(reverse("edition_zip", args=[without.slug, without.slug])))
    assert not any("anhang-" in name for name in plain)
    listed = _zip_files(client.get(reverse("edition_zip", args=[with_reports.slug, with_reports.slug])))
    assert "kochbuch-2028/07-kapitel-7/anhang-nachgekocht.md" in listed


def test_the_publish_form_offers_the_choice_and_stores_it(client, small_book, editor):
    client.force_login(editor)
    page = client.get(reverse("edition_publish")).content.decode()
    checkbox = re.search(r'<input[^>]*name="with_reports"[^>]*>', page).group(0)
    assert 'type="checkbox"' in checkbox and "checked" in checkbox  # chosen unless unticked
    form = {"name": "Ausgabe 2027", "date": "2027-03-01", "note": ""}
    client.post(reverse("edition_publish"), {**form, "with_reports": "on"})
    client.post(reverse("edition_publish"), {**form, "name": "Ausgabe 2028"})
    assert dict(Edition.objects.values_list("name", "with_reports")) == {
        "Ausgabe 2027": True, "Ausgabe 2028": False}


def test_the_print_book_closes_each_chapter_with_its_reports(reports, settings):
    settings.SITE_URL = "https://kochbuch.example"
    (dueren_report, _heide), hidden = reports
    html = book_html(print_book(print_source(None)))
    seven = f'id="{anchor("k", Chapter.objects.get(number=7).slug)}"'
    chapter_7 = html[html.index(seven):html.index('id="kolophon"')]
    assert chapter_7.count('class="appendix appendix--nachgekocht"') == 1
    assert "Düren (Nordrhein-Westfalen)</strong>: umgesetzt, seit März 2023" in chapter_7
    assert f'href="https://kochbuch.example{dueren_report.get_absolute_url()}"' in chapter_7
    assert 'class="appendix' not in html[:html.index(seven)]  # chapter 6: hidden only
    assert hidden.get_absolute_url() not in html


def test_a_new_or_hidden_report_means_a_new_pdf_only_where_reports_are_listed(reports, editor, contributor):
    (dueren_report, _heide), _hidden = reports
    plain = publish(editor, name="Ausgabe 2027")
    listed = publish(editor, name="Ausgabe 2028")
    Edition.objects.filter(pk=listed.pk).update(with_reports=True)
    listed.refresh_from_db()
    before = {key: print_source(edition).digest for key, edition in
              (("current", None), ("plain", plain), ("listed", listed))}
    moderator = make_user("mona@kommune.example", role="Moderation", display_name="Mona")
    report_hide(report=dueren_report, moderator=moderator, reason="doppelt")
    after = {key: print_source(edition).digest for key, edition in
             (("current", None), ("plain", plain), ("listed", listed))}
    assert after["plain"] == before["plain"]
    assert after["current"] != before["current"] and after["listed"] != before["listed"]
    html = book_html(print_book(print_source(listed)))
    assert "Düren (Nordrhein-Westfalen)" not in html and "Heidekreis (Niedersachsen)" in html


def test_the_print_build_reads_the_reports_in_a_fixed_number_of_queries(small_book, django_assert_num_queries,
                                                                        settings):
    """Preparing the book costs the same number of queries for one report as for thirty on
    thirty sections in several chapters."""
    settings.PRACTICE_RATE_LIMIT = "100/h"
    author = _reporter("dora@dueren.example", "Düren", is_model=True)

    def queries():
        book_html(print_book(print_source(None)))  # the rendering caches warm, as in a worker
        with CaptureQueriesContext(connection) as captured:
            book_html(print_book(print_source(None)))
        return len(captured)

    report_create(author=author, recipe=Recipe.objects.get(number="7.1.3"), status="umgesetzt")
    one = queries()
    for index in range(1, 30):
        recipe = make_recipe(f"{6 if index % 2 else 7}.{index + 1}", f"Abschnitt {index}", "Text.")
        report_create(author=author, recipe=recipe, status="geplant")
    many = queries()
    assert many == one
    with django_assert_num_queries(one):
        book_html(print_book(print_source(None)))

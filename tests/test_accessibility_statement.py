"""The "Erklärung zur Barrierefreiheit" has every part BITV 2.0 (§ 7) asks for."""

import re

import pytest
from django.urls import reverse


@pytest.fixture
def statement(client, settings):
    settings.KOCHBUCH_CONTACT_EMAIL = "barrierefrei@stadt-beispiel.example"
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("heading", [
    "Stand der Vereinbarkeit mit den Anforderungen", "Nicht barrierefreie Inhalte",
    "Erstellung dieser Erklärung", "Feedback und Kontakt", "Schlichtungsverfahren",
])
def test_the_statement_has_each_required_section(db, statement, heading):
    assert f"<h2>{heading}</h2>" in statement


def test_the_statement_says_how_far_the_site_complies_and_lists_what_is_not_accessible(db, statement):
    assert re.search(r"<strong>(vollständig|teilweise|nicht)</strong> mit der BITV 2.0 vereinbar", statement)
    section = statement.split("<h2>Nicht barrierefreie Inhalte</h2>")[1].split("<h2>")[0]
    assert section.count("<li>") >= 1


def test_the_statement_is_dated(db, statement):
    assert re.search(r'am <time datetime="\d{4}-\d{2}-\d{2}">\d{1,2}\. \w+ \d{4}</time> erstellt', statement)


def test_feedback_goes_to_the_contact_address_from_the_settings(db, statement):
    feedback = statement.split("<h2>Feedback und Kontakt</h2>")[1].split("<h2>")[0]
    assert '<a href="mailto:barrierefrei@stadt-beispiel.example">barrierefrei@stadt-beispiel.example</a>' in feedback


def test_the_conciliation_procedure_is_linked_with_a_telling_link_text(db, statement):
    conciliation = statement.split("<h2>Schlichtungsverfahren</h2>")[1]
    link = re.search(r'<a href="https://www\.schlichtungsstelle-bgg\.de/">([^<]+)</a>', conciliation)
    assert link and "Schlichtungsstelle" in link.group(1)

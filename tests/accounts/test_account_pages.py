import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_second_factor_page_spells_recovery_codes_as_one_word_and_offers_a_way_on(client, moderator):
    client.force_login(moderator)

    page = client.get(reverse("mfa_index")).content.decode()

    assert "Wiederherstellungscodes" in page
    assert "Wiederherstellungs-Codes" not in page
    assert 'class="account-nav"' in page and "Zurück zum Kochbuch" in page


def test_bundesland_without_an_answer_reads_the_same_at_sign_up_and_on_the_profile(client, contributor):
    sign_up = client.get(reverse("account_signup")).content.decode()
    client.force_login(contributor)
    profile = client.get(reverse("profile_edit")).content.decode()

    for page in (sign_up, profile):
        assert re.search(r'<option value=""( selected)?>– keine Angabe –</option>', page)
        assert "---------" not in page


def test_the_sign_up_page_links_the_privacy_statement(client):
    page = client.get(reverse("account_signup")).content.decode()

    assert f'<a href="{reverse("privacy")}">Datenschutzerklärung</a>' in page


def test_the_sign_in_page_does_not_repeat_the_sign_up_privacy_note(client):
    assert "account-privacy" not in client.get(reverse("account_login")).content.decode()

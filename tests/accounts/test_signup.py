import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.roles import MITWIRKENDE
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _sign_up(client, email="lena@kreis.example"):
    return client.post(reverse("account_signup"), {
        "email": email, "password1": PASSWORD, "password2": PASSWORD,
        "display_name": "Lena Lindner", "institution": "Landkreis Heidekreis", "bundesland": "NI",
    })


def test_sign_up_sends_a_verification_mail_and_confirming_it_signs_in_as_contributor(client):
    response = _sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="lena@kreis.example")
    assert (user.display_name, user.institution, user.bundesland) == ("Lena Lindner", "Landkreis Heidekreis", "NI")
    assert not user.groups.filter(name=MITWIRKENDE).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lena@kreis.example"] and message.subject.startswith("[Kochbuch]")
    link = re.search(r"https?://[^/]+(/konto/confirm-email/[^\s]+/)", message.body).group(1)

    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert user.groups.filter(name=MITWIRKENDE).exists()
    assert client.get(reverse("profile_edit")).status_code == 200  # signed in

    client.post(reverse("account_logout"))
    response = client.post(reverse("account_login"), {"login": "lena@kreis.example", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("book")


def test_an_unverified_account_cannot_sign_in(client, unverified):
    response = client.post(reverse("account_login"), {"login": unverified.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("profile_edit")).status_code == 302  # still anonymous


def test_the_sign_up_page_is_german_in_the_site_layout(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'lang="de"' in page and 'class="skip-link"' in page
    assert "Registrieren" in page and "Anzeigename" in page
    assert page.count("<h1") == 1


def test_repeated_failed_sign_ins_are_rate_limited(client, contributor):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": contributor.email, "password": "falsch"})
    response = client.post(reverse("account_login"), {"login": contributor.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Zu viele gescheiterte Anmeldeversuche" in response.content.decode()


def test_password_reset_mail_is_sent(client, contributor):
    response = client.post(reverse("account_reset_password"), {"email": contributor.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/konto/password/reset/key/" in mail.outbox[0].body


def test_owner_edits_profile_and_chooses_what_is_shown(client, contributor):
    client.force_login(contributor)
    response = client.post(reverse("profile_edit"), {
        "display_name": "Mia M.", "funktion": "Sachgebietsleitung E-Government",
        "institution": "Stadt Musterstadt", "bundesland": "BY",
        "show_funktion": "on", "show_bundesland": "on",
    })
    assert response.status_code == 302
    page = client.get(reverse("profile", args=[contributor.pk])).content.decode()
    assert "Mia M." in page and "Sachgebietsleitung E-Government" in page and "Bayern" in page
    assert "Stadt Musterstadt" not in page  # chosen not to show


def test_profile_edit_requires_sign_in_and_only_edits_ones_own_profile(client, contributor):
    assert client.get(reverse("profile_edit"))["Location"].startswith(reverse("account_login"))
    other = make_user("otto@kommune.example", display_name="Otto")
    client.force_login(other)
    client.post(reverse("profile_edit"), {"display_name": "Gekapert"})
    contributor.refresh_from_db()
    assert contributor.display_name == "Mia Muster"


def test_an_empty_display_name_is_refused_in_german(client, contributor):
    client.force_login(contributor)
    response = client.post(reverse("profile_edit"), {"display_name": ""})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()


@pytest.mark.parametrize("address", ["https://kochbuch.example.de"])
def test_the_confirmation_mail_names_the_site_from_its_settings_in_the_site_own_words(client, settings, address):
    settings.SITE_URL = address

    _sign_up(client)

    body = mail.outbox[0].body
    assert body.startswith("Guten Tag,")
    assert "im Kochbuch E-Government angegeben (Anzeigename „Lena Lindner“)" in body
    assert body.rstrip().endswith(address)
    for allauth_wording in ("Hallo von", "Benutzer", "testserver", "127.0.0.1"):
        assert allauth_wording not in body


def test_a_deployment_without_site_url_is_warned_about(settings):
    from kochbuch.siteinfo import site_url_is_set

    settings.DEBUG, settings.SITE_URL = False, settings.SITE_URL_DEFAULT
    assert [warning.id for warning in site_url_is_set()] == ["kochbuch.W001"]
    settings.SITE_URL = "https://kochbuch.example.de"
    assert site_url_is_set() == []

import json

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from reversion.models import Version

from recipes.models import Recipe
from recipes.services import recipe_save
from tests.browser.second_factor import totp_code
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_person_downloads_their_data_as_json(client, contributor, small_book):
    client.force_login(contributor)
    response = client.get(reverse("account_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profil"]["anzeigename"] == "Mia Muster"
    assert data["email_adressen"][0]["adresse"] == contributor.email
    assert data["rollen"] == ["Mitwirkende"]


def test_the_data_download_needs_sign_in(client):
    assert client.get(reverse("account_data")).status_code == 302


def test_deleting_the_account_needs_the_password(client, contributor):
    client.force_login(contributor)
    response = client.post(reverse("account_delete"), {"password": "falsch", "confirm": "on"})
    assert "Das Passwort stimmt nicht." in response.content.decode()
    contributor.refresh_from_db()
    assert contributor.is_active


def test_deleting_removes_personal_data_but_keeps_the_history(client, small_book, moderator):
    recipe = Recipe.objects.get(number="7.1.3")
    recipe.body += " Ergänzt."
    recipe_save(recipe=recipe, user=moderator, comment="Ergänzung")
    client.force_login(moderator)
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(moderator)})  # has a second factor
    response = client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    moderator.refresh_from_db()
    assert (moderator.email, moderator.display_name, moderator.institution) == ("", "gelöschtes Konto", "")
    assert not moderator.is_active and not moderator.has_usable_password()
    assert not EmailAddress.objects.filter(user=moderator).exists()
    assert Version.objects.get_for_object(recipe).count() == 2  # history intact
    history = client.get(reverse("recipe_history", args=[recipe.slug])).content.decode()
    assert "gelöschtes Konto" in history and "Moritz" not in history
    assert client.get(reverse("profile_edit")).status_code == 302  # signed out

"""Public profiles: only people with a confirmed address and an open account have one."""

import pytest
from django.urls import reverse

from accounts.privacy import account_delete
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_confirmed_active_account_has_a_public_profile(client):
    person = make_user("bestaetigt@kommune.example", display_name="Bestätigte Person")
    response = client.get(reverse("profile", args=[person.pk]))
    assert response.status_code == 200 and "Bestätigte Person" in response.content.decode()


def test_an_unconfirmed_account_has_no_public_profile(client):
    person = make_user("offen@kommune.example", display_name="Unbestätigter Name", verified=False)
    response = client.get(reverse("profile", args=[person.pk]))
    assert response.status_code == 404 and "Unbestätigter Name" not in response.content.decode()


def test_an_unconfirmed_account_stays_hidden_from_signed_in_people_too(client, contributor):
    person = make_user("offen@kommune.example", display_name="Unbestätigter Name", verified=False)
    client.force_login(contributor)
    assert client.get(reverse("profile", args=[person.pk])).status_code == 404


def test_a_confirmed_address_beside_an_unconfirmed_one_is_enough(client):
    from allauth.account.models import EmailAddress

    person = make_user("zwei@kommune.example", display_name="Zwei Adressen")
    EmailAddress.objects.create(user=person, email="neu@kommune.example", verified=False)
    assert client.get(reverse("profile", args=[person.pk])).status_code == 200


def test_a_deactivated_account_has_no_public_profile(client):
    person = make_user("gesperrt@kommune.example", display_name="Gesperrte Person")
    person.is_active = False
    person.save()
    assert client.get(reverse("profile", args=[person.pk])).status_code == 404


def test_a_deleted_account_has_no_public_profile(client):
    person = make_user("weg@kommune.example", display_name="Gelöschte Person")
    account_delete(user=person)
    response = client.get(reverse("profile", args=[person.pk]))
    assert response.status_code == 404 and "Gelöschte Person" not in response.content.decode()

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.roles import MODERATION, REDAKTION
from tests.factories import PASSWORD, add_second_factor, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [MODERATION, REDAKTION])
def test_moderation_and_redaktion_without_second_factor_are_sent_to_set_it_up(client, role):
    user = make_user("ohne-mfa@kommune.example", role=role)
    Authenticator.objects.filter(user=user).delete()
    client.force_login(user)
    response = client.get(reverse("book"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    setup = client.get(reverse("mfa_activate_totp"))  # stays reachable (allauth asks for the password first)
    assert setup["Location"].startswith(reverse("account_reauthenticate"))
    add_second_factor(user)
    assert client.get(reverse("book")).status_code == 200


def test_contributors_may_use_a_second_factor_but_need_not(client, contributor):
    client.force_login(contributor)
    assert client.get(reverse("book")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def test_sign_in_with_a_second_factor_asks_for_the_code(client, moderator):
    response = client.post(reverse("account_login"), {"login": moderator.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("profile_edit")).status_code == 302  # not signed in yet

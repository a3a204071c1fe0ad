"""A sign-in that has just asked for every factor counts as the confirmation that security
settings ask for (accounts.fresh_signin, issue 16); one by mailbox alone does not (issue 11)."""

import re
import time
from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.roles import MODERATION, role_grant
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.template_context]


def asks_to_confirm(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        (reverse("account_reauthenticate"), reverse("mfa_reauthenticate")))


def test_a_new_moderator_who_just_signed_in_sets_up_the_second_factor_without_a_second_password(client):
    moderator = make_user("neu-in-der-moderation@kommune.example", role=MODERATION)
    Authenticator.objects.filter(user=moderator).delete()
    signed_in = client.post(reverse("account_login"), {"login": moderator.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.get(reverse("book"))["Location"] == reverse("mfa_activate_totp")
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200 and setup.context["form"].secret


def test_right_after_confirming_the_address_the_second_factor_is_set_up_without_the_password_again(client):
    client.post(reverse("account_signup"), {
        "email": "mara@kreis.example", "password1": PASSWORD, "password2": PASSWORD,
        "display_name": "Mara Moderation", "institution": "Landkreis Heidekreis", "bundesland": "NI",
    })
    role_grant(user=User.objects.get(email="mara@kreis.example"), role=MODERATION)  # invited as moderator
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    path = "/" + link.split("/", 3)[3]
    confirmed = client.post(path)
    assert confirmed.status_code == 302
    assert client.get(reverse("book"))["Location"] == reverse("mfa_activate_totp")  # signed in
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_a_sign_in_by_mailed_code_proves_the_mailbox_only_and_still_asks_for_the_password(client):
    user = make_user("nur-postfach@kommune.example")
    client.post(reverse("account_request_login_code"), {"email": user.email})
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)
    assert client.post(reverse("account_confirm_login_code"), {"code": code}).status_code == 302
    assert client.get(reverse("profile_edit")).status_code == 200  # signed in
    assert asks_to_confirm(client.get(reverse("mfa_activate_totp")))


def test_with_a_second_factor_only_password_and_code_together_count(client, moderator):
    from tests.accounts.test_second_factor import reauthenticate_by_code

    response = client.post(reverse("account_login"), {"login": moderator.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("mfa_deactivate_totp"))["Location"].startswith(reverse("account_login"))
    assert reauthenticate_by_code(client, moderator, reverse("mfa_authenticate")).status_code == 302
    assert client.get(reverse("mfa_generate_recovery_codes")).status_code == 200  # no second ask


def test_the_confirmation_by_sign_in_runs_out_like_any_other(client, contributor):
    client.post(reverse("account_login"), {"login": contributor.email, "password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    later = time.time() + 301  # allauth's ACCOUNT_REAUTHENTICATION_TIMEOUT is 300 s
    with mock.patch("allauth.account.internal.flows.reauthentication.time.time", return_value=later):
        assert asks_to_confirm(client.get(reverse("mfa_activate_totp")))

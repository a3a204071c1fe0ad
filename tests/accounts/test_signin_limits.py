"""Sign-in limits slow an attacker but never lock the owner out (issue 11, item 5).

Failed passwords are counted per account and per address, each with a back-off: while one
applies, the password form answers 429 with a German page and does not check the password.
The owner still gets in with password and authenticator code together, or with the code
mailed to the confirmed address. Tests use the configured limits unless a test says otherwise.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils.html import strip_tags

from accounts import signin
from tests.browser.second_factor import totp_code
from tests.factories import PASSWORD, add_second_factor, make_user

pytestmark = pytest.mark.django_db

WRONG = "falsch-123456"


def text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def sign_in(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def exhaust_free_failures(client, email, **extra):
    """The free failures and one more: the account now waits."""
    for _attempt in range(settings.SIGNIN_ACCOUNT_FREE_FAILURES + 1):
        response = sign_in(client, email, WRONG, **extra)
        assert response.status_code == 200 and "Passwort sind leider falsch" in text(response)


def mailed_code():
    """The sign-in code in the last mail, e.g. "DLCM-SQMP"."""
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.MULTILINE).group(1)


@pytest.fixture
def clock(monkeypatch):
    """The back-off's clock, to let its waits pass without sleeping."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(signin.time, "time", lambda: now[0])
    return now


def test_a_few_mistyped_passwords_cost_nothing(client, contributor, clock):
    for _attempt in range(settings.SIGNIN_ACCOUNT_FREE_FAILURES):
        sign_in(client, contributor.email, WRONG)
    response = sign_in(client, contributor.email, PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_after_the_free_failures_the_account_waits_with_a_german_429_page(client, contributor, clock):
    exhaust_free_failures(client, contributor.email)
    response = sign_in(client, contributor.email, PASSWORD)
    assert response.status_code == 429 and not signed_in(client)
    assert int(response["Retry-After"]) == settings.SIGNIN_ACCOUNT_BACKOFF_SECONDS
    page = text(response)
    assert "Zu viele Anmeldeversuche" in page and "Anmeldecode per E-Mail anfordern" in page
    assert "Mit Passwort und Authenticator-App anmelden" in page
    assert reverse("account_request_login_code") in response.content.decode()


def test_while_the_account_waits_the_password_is_not_even_checked(client, contributor, clock, monkeypatch):
    exhaust_free_failures(client, contributor.email)
    checked = []
    monkeypatch.setattr(type(contributor), "check_password", lambda self, raw: checked.append(raw) or True)
    assert sign_in(client, contributor.email, WRONG).status_code == 429
    assert checked == []


def test_the_wait_ends_and_doubles_with_each_further_failure(client, contributor, clock):
    exhaust_free_failures(client, contributor.email)
    base = settings.SIGNIN_ACCOUNT_BACKOFF_SECONDS
    clock[0] += base
    assert sign_in(client, contributor.email, WRONG).status_code == 200  # one guess per wait
    assert int(sign_in(client, contributor.email, WRONG)["Retry-After"]) == 2 * base
    clock[0] += 2 * base
    assert sign_in(client, contributor.email, WRONG).status_code == 200
    assert int(sign_in(client, contributor.email, PASSWORD)["Retry-After"]) == 4 * base
    clock[0] += 4 * base
    assert sign_in(client, contributor.email, PASSWORD).status_code == 302 and signed_in(client)


def test_the_wait_never_grows_past_its_maximum(client, contributor, clock):
    exhaust_free_failures(client, contributor.email)
    for _round in range(12):
        clock[0] += settings.SIGNIN_ACCOUNT_BACKOFF_MAX_SECONDS
        sign_in(client, contributor.email, WRONG)
    assert int(sign_in(client, contributor.email, PASSWORD)["Retry-After"]) == settings.SIGNIN_ACCOUNT_BACKOFF_MAX_SECONDS


def test_a_successful_sign_in_ends_the_accounts_back_off(client, contributor, clock):
    for _attempt in range(settings.SIGNIN_ACCOUNT_FREE_FAILURES):
        sign_in(client, contributor.email, WRONG)
    assert sign_in(client, contributor.email, PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(settings.SIGNIN_ACCOUNT_FREE_FAILURES):
        assert sign_in(client, contributor.email, WRONG).status_code == 200
    assert sign_in(client, contributor.email, PASSWORD).status_code == 302


def test_an_unknown_address_waits_just_like_an_account(client, clock):
    exhaust_free_failures(client, "niemand@kommune.example")
    assert sign_in(client, "niemand@kommune.example", WRONG).status_code == 429


def test_one_accounts_wait_leaves_other_accounts_alone(client, contributor, other_contributor, clock):
    exhaust_free_failures(client, contributor.email)
    response = sign_in(client, other_contributor.email, PASSWORD)
    assert response.status_code == 302 and signed_in(client)


@override_settings(SIGNIN_IP_FREE_FAILURES=8)
def test_many_failures_from_one_address_make_that_address_wait_for_every_account(client, contributor, clock):
    attacker = {"REMOTE_ADDR": "203.0.113.9"}
    for number in range(9):  # different accounts: no account reaches its own limit
        assert sign_in(client, f"konto{number}@kommune.example", WRONG, **attacker).status_code == 200
    response = sign_in(client, contributor.email, PASSWORD, **attacker)
    assert response.status_code == 429 and not signed_in(client)
    # The owner at another address is not affected.
    assert sign_in(client, contributor.email, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302


# --- The owner's ways in while the account waits ---------------------------------------------

def test_a_moderator_signs_in_with_password_and_code_while_the_account_waits(client, moderator, clock):
    exhaust_free_failures(client, moderator.email)
    assert sign_in(client, moderator.email, PASSWORD).status_code == 429
    page = client.get(reverse("signin_second_factor"))
    assert page.status_code == 200 and "Code aus der Authenticator-App" in text(page)
    response = client.post(reverse("signin_second_factor"), {
        "email": moderator.email, "password": PASSWORD, "code": totp_code(moderator),
    })
    assert response.status_code == 302 and response["Location"] == reverse("book")
    assert signed_in(client) and int(client.session[SESSION_KEY]) == moderator.pk
    assert client.get(reverse("proposal_queue")).status_code == 200  # with the role's rights
    client.logout()
    assert sign_in(client, moderator.email, PASSWORD).status_code == 302  # the back-off has ended


def test_the_combined_form_does_not_say_which_part_was_wrong(client, moderator, clock):
    right_password = client.post(reverse("signin_second_factor"), {
        "email": moderator.email, "password": PASSWORD, "code": "000000",
    })
    right_code = client.post(reverse("signin_second_factor"), {
        "email": moderator.email, "password": WRONG, "code": totp_code(moderator),
    })
    assert right_password.status_code == right_code.status_code == 200 and not signed_in(client)
    message = "E-Mail-Adresse, Passwort oder Code stimmen nicht."
    assert message in text(right_password) and message in text(right_code)


def test_the_combined_form_needs_a_second_factor(client, contributor, clock):
    response = client.post(reverse("signin_second_factor"), {
        "email": contributor.email, "password": PASSWORD, "code": "123456",
    })
    assert response.status_code == 200 and not signed_in(client)


def test_the_combined_form_has_a_back_off_of_its_own(client, moderator, clock):
    for _attempt in range(settings.SIGNIN_SECOND_FACTOR_FREE_FAILURES + 1):
        client.post(reverse("signin_second_factor"), {"email": moderator.email, "password": PASSWORD, "code": "000000"})
    response = client.post(reverse("signin_second_factor"), {
        "email": moderator.email, "password": PASSWORD, "code": totp_code(moderator),
    })
    assert response.status_code == 429 and not signed_in(client)
    assert "Anmeldecode per E-Mail anfordern" in text(response)


def test_the_owner_signs_in_with_the_mailed_code_while_the_account_waits(client, contributor, clock):
    exhaust_free_failures(client, contributor.email)
    assert sign_in(client, contributor.email, PASSWORD).status_code == 429
    response = client.post(reverse("account_request_login_code"), {"email": contributor.email})
    assert response.status_code == 302 and len(mail.outbox) == 1
    code = mailed_code()
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302 and signed_in(client)
    client.logout()
    assert sign_in(client, contributor.email, PASSWORD).status_code == 302  # the back-off has ended


def test_the_mailed_code_still_asks_for_the_second_factor(client, moderator, clock):
    client.post(reverse("account_request_login_code"), {"email": moderator.email})
    code = mailed_code()
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)


def test_a_signed_in_person_is_sent_on_from_the_combined_form(client, contributor):
    client.force_login(contributor)
    assert client.get(reverse("signin_second_factor"))["Location"] == reverse("book")


def test_an_unconfirmed_address_does_not_sign_in_through_the_combined_form(client, clock):
    person = make_user("offen@kommune.example", verified=False)
    add_second_factor(person)
    response = client.post(reverse("signin_second_factor"), {
        "email": person.email, "password": PASSWORD, "code": totp_code(person),
    })
    assert response.status_code == 200 and not signed_in(client)

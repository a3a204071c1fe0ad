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


# --- The second factor stays in force for the whole session (issue 11) -----------------------

def reauthenticate_by_code(client, user, url=None):
    """Confirm a security change with the authenticator app's current code (``url``: the
    code form's address allauth redirected to, with the ``next`` of the suspended request)."""
    from tests.browser.second_factor import totp_code

    return client.post(url or reverse("mfa_reauthenticate"), {"code": totp_code(user)})


def test_a_second_factor_removed_mid_session_ends_the_roles_rights_at_the_next_request(client, editor):
    client.force_login(editor)
    assert client.get(reverse("import_start")).status_code == 200  # the check has passed once
    Authenticator.objects.filter(user=editor).delete()  # by any route: admin, shell, a bug
    response = client.get(reverse("import_start"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_a_second_factor_added_again_counts_at_once(client, moderator):
    Authenticator.objects.filter(user=moderator).delete()
    client.force_login(moderator)
    assert client.get(reverse("book"))["Location"] == reverse("mfa_activate_totp")
    add_second_factor(moderator)
    assert client.get(reverse("book")).status_code == 200


def test_with_a_second_factor_re_authentication_asks_for_the_code_not_the_password(client, editor):
    client.force_login(editor)
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_reauthenticate"))
    # The password form is no way round: it sends on to the code form and counts nothing.
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert client.get(reverse("mfa_deactivate_totp"))["Location"].startswith(reverse("mfa_reauthenticate"))
    wrong = client.post(reverse("mfa_reauthenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "mfa_deactivate_totp" not in wrong.get("Location", "")
    assert reauthenticate_by_code(client, editor).status_code == 302
    assert client.get(reverse("mfa_deactivate_totp")).status_code == 200


@pytest.mark.parametrize("role", [MODERATION, REDAKTION])
def test_moderation_and_redaktion_cannot_switch_off_their_last_second_factor(client, role):
    user = make_user("pflicht@kommune.example", role=role)
    client.force_login(user)
    reauthenticate_by_code(client, user)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert "Für Moderation und Redaktion ist die Zwei-Faktor-Anmeldung Pflicht" in response.content.decode()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("book")).status_code == 200


def test_a_contributor_may_switch_off_the_second_factor_after_confirming_with_the_code(client, contributor):
    add_second_factor(contributor)
    client.force_login(contributor)
    reauthenticate_by_code(client, contributor)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=contributor).exists()


def test_without_a_second_factor_re_authentication_still_takes_the_password(client, contributor):
    client.force_login(contributor)
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_deleting_an_account_with_a_second_factor_asks_for_the_code_first(client, moderator):
    from accounts.privacy import DELETED_NAME

    client.force_login(moderator)
    assert client.get(reverse("account_delete")).status_code == 200  # the form itself is shown
    form = {"password": PASSWORD, "confirm": "on"}
    response = client.post(reverse("account_delete"), form)
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_reauthenticate"))
    moderator.refresh_from_db()
    assert moderator.is_active  # nothing happened on the password alone
    # After the code the suspended request is carried out.
    done = reauthenticate_by_code(client, moderator, response["Location"])
    assert done.status_code == 302 and done["Location"] == reverse("book")
    moderator.refresh_from_db()
    assert not moderator.is_active and moderator.display_name == DELETED_NAME


def test_an_e_mail_change_asks_to_confirm_the_sign_in(client, contributor):
    client.force_login(contributor)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "neu@kommune.example"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    assert not contributor.emailaddress_set.filter(email="neu@kommune.example").exists()


def test_changing_the_password_with_a_second_factor_asks_for_the_code_first(client, moderator):
    client.force_login(moderator)
    assert client.get(reverse("account_change_password")).status_code == 200
    form = {"oldpassword": PASSWORD, "password1": "Neue-Passphrase-2027", "password2": "Neue-Passphrase-2027"}
    response = client.post(reverse("account_change_password"), form)
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_reauthenticate"))
    moderator.refresh_from_db()
    assert moderator.check_password(PASSWORD)  # unchanged on the old password alone
    done = reauthenticate_by_code(client, moderator, response["Location"])
    assert done.status_code == 302
    moderator.refresh_from_db()
    assert moderator.check_password("Neue-Passphrase-2027")


def test_changing_the_password_without_a_second_factor_needs_the_old_password_only(client, contributor):
    client.force_login(contributor)
    form = {"oldpassword": PASSWORD, "password1": "Neue-Passphrase-2027", "password2": "Neue-Passphrase-2027"}
    assert client.post(reverse("account_change_password"), form).status_code == 302
    contributor.refresh_from_db()
    assert contributor.check_password("Neue-Passphrase-2027")


def test_the_per_request_check_costs_no_query_once_cached(client, moderator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(moderator)
    client.get(reverse("proposal_queue"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("proposal_queue")).status_code == 200
    assert not [query for query in queries if "mfa_authenticator" in query["sql"]]

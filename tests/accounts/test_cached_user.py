"""The signed-in person's row comes from the cache (accounts.backends): no SQL for it on a
cached page, yet every change of the account counts from the next request on, and the cache
holds no password hash."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.backends import user_cache_key
from accounts.models import User
from accounts.roles import MITWIRKENDE
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def user_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries if 'FROM "accounts_user"' in q["sql"]]


def test_a_signed_in_request_reads_the_persons_row_from_the_cache_without_its_password(contributor):
    client = signed_in(contributor)
    client.get(reverse("book"))  # fills the cache
    response, queried = user_queries(client, reverse("book"))
    assert response.status_code == 200 and f">{contributor.public_name}</a>" in response.content.decode()
    assert queried == []
    record = cache.get(user_cache_key(contributor.pk))
    assert record["email"] == contributor.email
    assert "password" not in record and contributor.password not in repr(record)


def test_a_new_password_ends_the_other_sessions_at_their_next_request(contributor):
    elsewhere = signed_in(contributor)
    assert elsewhere.get(reverse("book")).wsgi_request.user.is_authenticated  # row now cached
    here = Client()
    assert here.login(username=contributor.email, password=PASSWORD)
    contributor.set_password("ein ganz neues Passwort 2026")
    contributor.save()
    assert not elsewhere.get(reverse("book")).wsgi_request.user.is_authenticated
    assert SESSION_KEY not in elsewhere.session


def test_a_deactivated_account_is_signed_out_at_its_next_request(contributor):
    client = signed_in(contributor)
    assert client.get(reverse("book")).wsgi_request.user.is_authenticated
    person = User.objects.get(pk=contributor.pk)
    person.is_active = False
    person.save()
    assert not client.get(reverse("book")).wsgi_request.user.is_authenticated


def test_saving_the_cached_person_keeps_their_password_and_shows_the_change_to_everyone(
    contributor, other_contributor
):
    client = signed_in(contributor)
    client.get(reverse("book"))
    response = client.post(reverse("profile_edit"), {
        "display_name": "Mia Neuname", "funktion": "", "institution": "Stadt Musterstadt", "bundesland": "NW",
        "show_institution": "on", "show_bundesland": "on"})
    assert response.status_code == 302
    stored = User.objects.get(pk=contributor.pk)
    assert stored.display_name == "Mia Neuname" and stored.check_password(PASSWORD)  # not overwritten
    assert ">Mia Neuname</a>" in client.get(reverse("book")).content.decode()
    assert ">Mia Neuname</a>" not in signed_in(other_contributor).get(reverse("book")).content.decode()


def test_a_deleted_account_is_not_brought_back_by_the_cache():
    person = make_user("weg@kommune.example", role=MITWIRKENDE)
    client = signed_in(person)
    assert client.get(reverse("book")).wsgi_request.user.is_authenticated
    User.objects.filter(pk=person.pk).delete()
    assert cache.get(user_cache_key(person.pk)) is None
    assert not client.get(reverse("book")).wsgi_request.user.is_authenticated


def test_signing_in_through_the_form_gives_a_session_whose_person_comes_from_the_cache(client, contributor):
    response = client.post(reverse("account_login"), {"login": contributor.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.CachedPermissionsBackend"
    client.get(reverse("book"))
    response, queried = user_queries(client, reverse("book"))
    assert f">{contributor.public_name}</a>" in response.content.decode() and queried == []


def test_a_session_started_by_allauths_backend_keeps_working(client, contributor):
    client.force_login(contributor, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get(reverse("book")).wsgi_request.user == contributor

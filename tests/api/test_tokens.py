"""Personal API tokens on the profile: made (shown once, stored hashed), scoped, revoked."""

import hashlib

import pytest
from django.urls import reverse

from api.models import ApiToken
from api.services import token_create
from tests.api.conftest import bearer

pytestmark = [pytest.mark.django_db, pytest.mark.template_context]


def test_a_person_makes_a_token_and_sees_its_secret_once(client, contributor):
    client.force_login(contributor)
    response = client.post(reverse("api_tokens"), {"name": "Intranet Musterstadt", "scopes": ["comment"]})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=contributor)
    secret = response.context["secret"]
    assert secret.startswith("kb_") and secret in response.content.decode()
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert token.scopes == ["comment"] and token.name == "Intranet Musterstadt"
    page = client.get(reverse("api_tokens")).content.decode()
    assert secret not in page and token.prefix in page and "Kommentieren" in page


def test_a_token_needs_a_name_and_a_scope(client, contributor):
    client.force_login(contributor)
    response = client.post(reverse("api_tokens"), {"name": "", "scopes": []})
    assert response.status_code == 400
    assert "mindestens ein Recht" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_revoked_token_stops_working_at_once(client, api, contributor, small_book):
    token, secret = token_create(user=contributor, name="Skript", scopes=["comment"])
    url = f"/api/v1/chapters/{small_book.slug}/comments/"
    ok = api.post(url, {"body": "Vorher."}, content_type="application/json", **bearer(secret))
    assert ok.status_code == 201
    client.force_login(contributor)
    response = client.post(reverse("api_token_revoke", args=[token.pk]), follow=True)
    assert "widerrufen" in response.content.decode()
    refused = api.post(url, {"body": "Nachher."}, content_type="application/json", **bearer(secret))
    assert refused.status_code == 401
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_nobody_revokes_someone_elses_token(client, contributor, other_contributor):
    token, _secret = token_create(user=contributor, name="Skript", scopes=["comment"])
    client.force_login(other_contributor)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_using_a_token_records_when_it_was_last_used(api, contributor, small_book):
    token, secret = token_create(user=contributor, name="Skript", scopes=["comment"])
    assert token.last_used_at is None
    api.get("/api/v1/", **bearer(secret))
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_the_profile_page_links_to_the_tokens(client, contributor):
    client.force_login(contributor)
    assert reverse("api_tokens") in client.get(reverse("profile_edit")).content.decode()


def test_making_a_token_needs_the_csrf_token(small_book, contributor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)
    response = client.post(reverse("api_tokens"), {"name": "Fremde Seite", "scopes": ["comment"]})
    assert response.status_code == 403 and not ApiToken.objects.exists()


def test_a_signed_in_browser_cannot_write_through_the_api_without_a_token(client, small_book, contributor):
    """The API ignores the session: a form on another site cannot comment in a reader's name."""
    from comments.models import Comment

    client.force_login(contributor)
    response = client.post(f"/api/v1/chapters/{small_book.slug}/comments/", {"body": "Fremd"})
    assert response.status_code == 401 and not Comment.objects.exists()

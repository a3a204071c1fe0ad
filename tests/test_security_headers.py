import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_has_a_strict_content_security_policy_and_the_usual_headers(client):
    response = client.get(reverse("book"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_forms_carry_a_csrf_token(client):
    page = client.get(reverse("account_login")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_post_without_csrf_token_is_refused():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("account_login"), {"login": "x@y.de", "password": "x"}).status_code == 403

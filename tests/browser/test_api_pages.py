"""The API's pages in Chromium: the token page (make, copy, revoke) and the self-hosted
OpenAPI documentation, which must run under the site's strict Content-Security-Policy."""

import pytest
from django.urls import reverse

from api.models import ApiToken
from tests.browser.conftest import screenshot, sideways_overflow
from tests.browser.test_accessibility import blocking_violations, describe
from tests.browser.test_comments import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_makes_and_revokes_a_token_on_the_profile(live_server, page, small_book, contributor):
    sign_in(page, live_server, contributor)
    page.goto(live_server.url + reverse("profile_edit"))
    page.get_by_role("link", name="API-Schlüssel verwalten").click()
    page.get_by_label("Bezeichnung").fill("Intranet Musterstadt")
    page.get_by_label("Kommentieren").check()
    page.get_by_role("button", name="Schlüssel erstellen").click()
    secret = page.locator(".token-secret").inner_text()
    assert secret.startswith("kb_")
    assert ApiToken.objects.get(user=contributor).name == "Intranet Musterstadt"
    violations = blocking_violations(page)
    assert not violations, describe(violations)
    screenshot(page, "api-tokens-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    assert sideways_overflow(page) <= 0
    screenshot(page, "api-tokens-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="„Intranet Musterstadt“ widerrufen").click()
    assert "ist widerrufen" in page.locator(".messages").inner_text()
    assert page.locator(".token-secret").count() == 0
    assert ApiToken.objects.get(user=contributor).revoked_at is not None


def test_the_api_documentation_runs_under_the_content_security_policy(live_server, page, small_book):
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(live_server.url) and not request.url.startswith("data:") else None)
    page.goto(live_server.url + "/api/v1/docs/")
    page.locator(".opblock-summary").first.wait_for()
    assert page.locator(".opblock-summary").count() >= 15
    assert "Kochbuch API" in page.locator(".info .title").inner_text()
    assert not outside, outside
    screenshot(page, "api-docs-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "api-docs-phone")
    assert not refused, refused

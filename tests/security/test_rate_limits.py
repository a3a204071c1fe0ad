"""Rate limits on sign-in, sign-up, password reset, comments and proposals (issue 7).

Each test sends a burst through the test client with the configured limits (not test values),
checks that the allowed part goes through as normal use would, and that the request over the
limit is refused with a German message and writes nothing. Every test starts with an empty
cache (tests/conftest.py), where the counters live.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils.html import strip_tags

from accounts.models import User
from comments.models import Comment
from kochbuch.ratelimit import parse_rate
from proposals.models import EditProposal
from recipes.models import Recipe
from recipes.versions import latest_version_id
from tests.factories import PASSWORD, make_comment

pytestmark = pytest.mark.django_db


def allauth_limit(action: str, scope: str) -> int:
    """The count of one of allauth's rates in settings, e.g. ("signup", "ip") → 20."""
    for rate in settings.ACCOUNT_RATE_LIMITS[action].split(","):
        count, _period, *rest = rate.split("/")
        if rest == [scope]:
            return int(count)
    raise AssertionError(f"Kein Limit {action} pro {scope} eingestellt")


def text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


# Failed sign-ins: a back-off per account and per address that never locks the owner out,
# tested in tests/accounts/test_signin_limits.py (issue 11).


def _signup(client, number):
    return client.post(reverse("account_signup"), {
        "email": f"neu{number}@kommune.example", "password1": PASSWORD, "password2": PASSWORD,
        "display_name": f"Neue Person {number}",
    })


def test_a_burst_of_sign_ups_from_one_address_is_refused_with_a_german_page(client):
    limit = allauth_limit("signup", "ip")
    assert _signup(client, 0).status_code == 302  # normal use: the account is created
    client.logout()  # allauth signs the new person in; a second sign-up needs a visitor again
    for number in range(1, limit):
        assert _signup(client, number).status_code == 302
        client.logout()
    response = _signup(client, limit)
    assert response.status_code == 429
    assert "Zu viele Anfragen" in text(response) and "Bitte warten Sie einige Minuten" in text(response)
    assert User.objects.filter(email__startswith="neu").count() == limit


def test_a_burst_of_password_resets_for_one_address_is_refused_with_a_german_page(client, contributor):
    limit = allauth_limit("reset_password", "key")
    for _request in range(limit):
        response = client.post(reverse("account_reset_password"), {"email": contributor.email})
        assert response.status_code == 302
    assert len(mail.outbox) == limit  # normal use: each request sends the link
    response = client.post(reverse("account_reset_password"), {"email": contributor.email})
    assert response.status_code == 429 and "Zu viele Anfragen" in text(response)
    assert len(mail.outbox) == limit


def test_a_burst_of_comments_is_refused_with_a_german_message(client, small_book, contributor):
    limit, _period = parse_rate(settings.COMMENTS_RATE_LIMIT)
    recipe = Recipe.objects.get(number="7.1.3")
    url = reverse("comment_create_recipe", args=[recipe.pk])
    client.force_login(contributor)
    for number in range(limit):
        assert client.post(url, {"body": f"Anmerkung Nummer {number}"}).status_code == 302
    response = client.post(url, {"body": "Eine Anmerkung zu viel."})
    assert response.status_code == 429
    assert "Sie haben in kurzer Zeit sehr viele Kommentare geschrieben" in text(response)
    assert Comment.objects.filter(author=contributor).count() == limit


def test_a_burst_of_reports_is_refused_with_a_german_message(client, small_book, contributor, moderator):
    limit, _period = parse_rate(settings.COMMENTS_REPORT_RATE_LIMIT)
    recipe = Recipe.objects.get(number="7.1.3")
    # Written by a moderator: moderators are not rate-limited, so setting up takes no count.
    comments = [make_comment(recipe, moderator, f"Kommentar {n}") for n in range(limit + 1)]
    client.force_login(contributor)
    for comment in comments[:limit]:
        response = client.post(reverse("comment_report", args=[comment.pk]), {"reason": "Werbung"})
        assert response.status_code == 302
    response = client.post(reverse("comment_report", args=[comments[-1].pk]), {"reason": "Werbung"})
    assert response.status_code == 429
    assert "Sie haben in kurzer Zeit sehr viele Meldungen abgegeben" in text(response)


def test_a_burst_of_proposals_is_refused_with_a_german_message(client, small_book, contributor):
    limit, _period = parse_rate(settings.PROPOSALS_RATE_LIMIT)
    recipe = Recipe.objects.get(number="7.1.4")
    url = reverse("proposal_create", args=[recipe.slug])
    client.force_login(contributor)

    def propose(number):
        return client.post(url, {"title": recipe.title, "body": f"Die Sachbearbeitung folgt ({number}).",
                                 "summary": "Präziser.", "base_version": latest_version_id(recipe)})

    for number in range(limit):
        assert propose(number).status_code == 302
    response = propose(limit)
    assert re.search(r"Sie haben in kurzer Zeit viele Vorschläge eingereicht. Bitte versuchen Sie es "
                     r"in \d+ Minuten noch einmal.", text(response))
    assert EditProposal.objects.filter(author=contributor).count() == limit


def test_the_limits_of_one_person_do_not_hold_back_another(client, small_book, contributor, other_contributor):
    limit, _period = parse_rate(settings.COMMENTS_RATE_LIMIT)
    url = reverse("comment_create_recipe", args=[Recipe.objects.get(number="7.1.3").pk])
    client.force_login(contributor)
    for number in range(limit + 1):
        client.post(url, {"body": f"Mias Anmerkung {number}"})
    client.force_login(other_contributor)
    assert client.post(url, {"body": "Omars erste Anmerkung."}).status_code == 302

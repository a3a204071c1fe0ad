"""The data export and the deletion cover what the apps above accounts hold about a person:
news and e-mail settings (inbox), reviews (reviews), API tokens (api)."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from accounts.privacy import account_delete
from api.models import ApiToken
from api.services import token_create
from comments.services import comment_create
from inbox.models import Kind, Notification, Preferences
from inbox.services import notifications_mark_read, preferences_save, unread_count
from recipes.models import Recipe
from reviews.models import Review
from reviews.services import review_record
from tests.api.conftest import bearer
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipe(small_book):
    return Recipe.objects.get(number="7.1.3")


def _export(client, user):
    client.force_login(user)
    response = client.get(reverse("account_data"))
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_export_holds_my_news_and_my_e_mail_settings(client, recipe, contributor, other_contributor):
    mine = make_comment(recipe, contributor, "Wie scannen Sie?")
    comment_create(author=other_contributor, recipe=recipe, parent=mine, body="Mit dem Großscanner.")
    comment_create(author=other_contributor, recipe=recipe, parent=mine, body="Und dann?")
    notifications_mark_read(user=contributor, notification_id=Notification.objects.filter(user=contributor)
                            .order_by("pk").first().pk)
    preferences_save(user=contributor, mail_off=[Kind.COMMENT], show_contributions=False)
    data = _export(client, contributor)
    news = data["neuigkeiten"]
    assert len(news) == 2
    assert [entry["art"] for entry in news] == ["Antworten auf meine Kommentare"] * 2
    assert news[0]["gelesen"] is not None and news[1]["gelesen"] is None
    assert news[0]["adresse"].startswith(recipe.get_absolute_url())
    assert data["benachrichtigungen"] == {"keine_emails_zu": ["Neue Kommentare zu Beobachtetem"],
                                          "beitraege_im_profil": False}
    # Someone else's news is not in my export, and without settings the defaults are named.
    other = _export(Client(), other_contributor)
    assert other["neuigkeiten"] == []
    assert other["benachrichtigungen"] == {"keine_emails_zu": [], "beitraege_im_profil": True}


def test_the_export_holds_the_reviews_i_recorded_and_those_i_am_reminded_of(client, recipe, small_book,
                                                                           moderator, editor):
    other = Recipe.objects.get(number="7.1.4")
    review_record(recipe=recipe, reviewer=moderator, note="Mit dem Amt abgestimmt")
    review_record(recipe=other, reviewer=editor, note="Von Rita", assignee=moderator)
    data = _export(client, moderator)
    reviews = data["pruefungen"]
    assert len(reviews) == 2
    mine, assigned = reviews
    assert mine["rezept"].startswith("7.1.3") and mine["vermerk"] == "Mit dem Amt abgestimmt"
    assert mine["geprueft_am"] and mine["zustaendig_fuer_naechste_pruefung"] and mine["aktuell"]
    # Someone else's review I am only reminded of: no note or date of theirs in my file.
    assert assigned["rezept"].startswith("7.1.4") and assigned["zustaendig_fuer_naechste_pruefung"]
    assert assigned["vermerk"] == "" and assigned["geprueft_am"] is None
    assert [entry["vermerk"] for entry in _export(Client(), editor)["pruefungen"]] == ["Von Rita"]


def test_the_export_names_my_api_tokens_but_never_their_secrets(client, contributor):
    token, secret = token_create(user=contributor, name="Intranet-Skript", scopes=["comment", "propose"])
    revoked, revoked_secret = token_create(user=contributor, name="Alt", scopes=["comment"])
    client.force_login(contributor)
    client.post(reverse("api_token_revoke", args=[revoked.pk]))
    response = client.get(reverse("account_data"))
    raw = response.content.decode()
    tokens = json.loads(raw)["api_schluessel"]
    assert [entry["bezeichnung"] for entry in tokens] == ["Intranet-Skript", "Alt"]
    assert tokens[0]["rechte"] == ["Kommentieren", "Änderungen vorschlagen"]
    assert tokens[0]["erstellt"] and tokens[0]["zuletzt_benutzt"] is None and tokens[0]["widerrufen"] is None
    assert tokens[1]["widerrufen"] is not None
    for credential in (secret, revoked_secret, token.key_hash, token.prefix, revoked.prefix):
        assert credential not in raw


def test_deleting_the_account_removes_news_settings_and_tokens_and_hands_reviews_back(
        recipe, small_book, contributor, other_contributor, moderator, editor):
    api = Client()
    mine = make_comment(recipe, moderator, "Frage")
    comment_create(author=other_contributor, recipe=recipe, parent=mine, body="Antwort")
    preferences_save(user=moderator, mail_off=[Kind.WATCH], show_contributions=True)
    assert unread_count(moderator) == 1  # now cached
    _token, secret = token_create(user=moderator, name="Skript", scopes=["comment"])
    assert api.get("/api/v1/", **bearer(secret)).status_code == 200
    review = review_record(recipe=recipe, reviewer=moderator, note="Geprüft")
    by_editor = review_record(recipe=Recipe.objects.get(number="7.1.4"), reviewer=editor, assignee=moderator)
    _token_of_other, other_secret = token_create(user=other_contributor, name="Bleibt", scopes=["comment"])

    account_delete(user=moderator)

    assert not Notification.objects.filter(user=moderator).exists()
    assert not Preferences.objects.filter(user=moderator).exists()
    assert unread_count(moderator) == 0  # not the cached 1
    assert not ApiToken.objects.filter(user=moderator).exists()
    refused = api.post(f"/api/v1/chapters/{small_book.slug}/comments/", {"body": "Noch da?"},
                       content_type="application/json", **bearer(secret))
    assert refused.status_code == 401
    # The review stays part of the recipe's state, shown with the tombstone's name; the next
    # reminder goes to the Redaktion.
    review.refresh_from_db()
    assert review.reviewer_id == moderator.pk and review.note == "Geprüft" and review.assignee is None
    by_editor.refresh_from_db()
    assert by_editor.assignee is None and by_editor.reviewer == editor
    assert Review.objects.count() == 2
    # Nobody else's rows are touched.
    assert Notification.objects.filter(user=other_contributor).count() == 0  # had none
    assert ApiToken.objects.filter(user=other_contributor).count() == 1
    assert api.get("/api/v1/", **bearer(other_secret)).status_code == 200

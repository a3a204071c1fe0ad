"""A place of one's own: news in the app, what I watch, which e-mails I want, my contributions."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from comments.services import comment_create
from inbox.models import Kind, Notification
from inbox.services import preferences_save
from proposals.services import proposal_accept, proposal_create
from recipes.models import Recipe, Watch
from recipes.services import recipe_edit, watch_toggle
from recipes.versions import latest_version_id
from reviews.services import review_record
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db


def _text(response):
    assert response.status_code == 200
    html = response.content.decode()
    return " ".join(strip_tags(html[html.index("<body"):]).split())


@pytest.fixture
def recipe(small_book):
    return Recipe.objects.get(number="7.1.3")


def _edit(recipe, user, extra):
    recipe = Recipe.objects.get(pk=recipe.pk)
    return recipe_edit(recipe=recipe, user=user, base_version_id=latest_version_id(recipe), title=recipe.title,
                       body=recipe.body + extra, comment="Ergänzt")


def test_a_reply_to_my_comment_is_news_with_a_link_and_counted_in_the_header(client, recipe, contributor,
                                                                             other_contributor):
    mine = make_comment(recipe, contributor, "Wie scannen Sie?")
    reply = comment_create(author=other_contributor, recipe=recipe, parent=mine, body="Mit dem Großscanner.")
    notification = Notification.objects.get(user=contributor)
    assert notification.kind == Kind.REPLY and notification.url == reply.target_url()
    client.force_login(contributor)
    text = _text(client.get(reverse("news")))
    assert "Neuigkeiten 1 ungelesen" in text  # the header
    assert "Antwort auf Ihren Kommentar" in text
    client.post(reverse("news_mark_read"), {"id": notification.pk})
    assert "ungelesen" not in _text(client.get(reverse("book"))).replace("0 ungelesen", "")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_decisions_on_my_proposals_changes_to_what_i_watch_and_due_reviews_are_news(
        recipe, contributor, other_contributor, moderator, editor):
    proposal = proposal_create(recipe=recipe, author=contributor, base_version_id=latest_version_id(recipe),
                               title=recipe.title, body=recipe.body + "\n\nMehr.", summary="Mehr",
                               rate_limited=False)
    watch_toggle(user=other_contributor, recipe=recipe)
    proposal_accept(proposal=proposal, reviewer=moderator)
    assert Notification.objects.get(user=contributor).kind == Kind.PROPOSAL
    assert Notification.objects.get(user=other_contributor).kind == Kind.WATCH
    review = review_record(recipe=recipe, reviewer=moderator)
    from unittest import mock

    from reviews.services import reminders_send

    with mock.patch("reviews.services.timezone.localdate", return_value=review.next_due):
        reminders_send()
    assert Notification.objects.filter(user=moderator, kind=Kind.REVIEW).count() == 1


def test_a_kind_of_email_switched_off_still_arrives_as_news(recipe, contributor, other_contributor,
                                                           django_capture_on_commit_callbacks):
    watch_toggle(user=contributor, recipe=recipe)
    watch_toggle(user=other_contributor, recipe=recipe)
    preferences_save(user=contributor, mail_off=[Kind.WATCH], show_contributions=True)
    with django_capture_on_commit_callbacks(execute=True):
        _edit(recipe, make_user("dritte@kommune.example"), "\n\nNeu.")
    assert [message.to for message in mail.outbox] == [[other_contributor.email]]
    assert Notification.objects.filter(kind=Kind.WATCH).count() == 2


def test_the_preferences_page_switches_emails_off_per_kind(client, contributor):
    client.force_login(contributor)
    response = client.post(reverse("inbox_preferences"), {"mail": [Kind.REPLY, Kind.PROPOSAL],
                                                          "show_contributions": "on"})
    assert response.status_code == 302
    prefs = contributor.inbox_preferences
    assert set(prefs.mail_off) == {Kind.COMMENT, Kind.WATCH, Kind.REVIEW, Kind.MODERATION}
    page = client.get(reverse("inbox_preferences")).content.decode()
    assert 'value="reply" id="id_mail_0" checked' in page or 'value="reply" checked' in page


def test_the_watched_page_lists_recipes_and_chapters_and_unwatches(client, recipe, contributor, other_contributor):
    watch_toggle(user=contributor, recipe=recipe)
    watch_toggle(user=contributor, chapter=recipe.chapter)
    others = Watch.objects.get(pk=watch_toggle(user=other_contributor, recipe=recipe) and
                               Watch.objects.get(user=other_contributor).pk)
    client.force_login(contributor)
    text = _text(client.get(reverse("watched")))
    assert "Kapitel (1)" in text and "Rezepte (1)" in text and "7.1.3 Eingangsbearbeitung" in text
    assert client.post(reverse("unwatch", args=[others.pk])).status_code == 404  # not mine
    mine = Watch.objects.get(user=contributor, recipe=recipe)
    assert client.post(reverse("unwatch", args=[mine.pk])).status_code == 302
    assert list(Watch.objects.filter(user=contributor).values_list("chapter", flat=True)) == [recipe.chapter_id]
    assert Watch.objects.filter(pk=others.pk).exists()


def test_marking_read_touches_only_my_own_news(client, recipe, contributor, other_contributor):
    theirs = make_comment(recipe, other_contributor, "Frage")
    comment_create(author=contributor, recipe=recipe, parent=theirs, body="Antwort")
    notification = Notification.objects.get(user=other_contributor)
    client.force_login(contributor)
    client.post(reverse("news_mark_read"), {"id": notification.pk})
    client.post(reverse("news_mark_read"))
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_public_profile_counts_contributions_and_respects_the_choice_to_hide_them(
        client, recipe, contributor, moderator, other_contributor):
    _edit(recipe, contributor, "\n\nVon Mia.")
    make_comment(recipe, contributor, "Ein sichtbarer Kommentar.")
    proposal = proposal_create(recipe=Recipe.objects.get(pk=recipe.pk), author=contributor,
                               base_version_id=latest_version_id(recipe), title="Neuer Titel",
                               body=Recipe.objects.get(pk=recipe.pk).body, summary="Titel", rate_limited=False)
    proposal_accept(proposal=proposal, reviewer=moderator)
    url = reverse("profile", args=[contributor.pk])
    text = _text(client.get(url))
    assert "2 Bearbeitungen" in text and "1 übernommener Vorschlag" in text and "1 Kommentar" in text
    assert "0 fachliche Prüfungen" in text
    review_record(recipe=recipe, reviewer=moderator)
    assert "1 fachliche Prüfung" in _text(client.get(reverse("profile", args=[moderator.pk])))
    preferences_save(user=contributor, mail_off=[], show_contributions=False)
    assert "zeigt ihre Beiträge nicht öffentlich" in _text(client.get(url))
    client.force_login(contributor)
    text = _text(client.get(url))
    assert "Nur Sie sehen diese Liste" in text and "2 Bearbeitungen" in text


@pytest.mark.parametrize("page", ["news", "watched", "profile"])
def test_the_new_pages_cost_the_same_queries_however_much_there_is(client, recipe, contributor,
                                                                   other_contributor, page, settings):
    settings.COMMENTS_RATE_LIMIT = "1000/1m"
    client.force_login(contributor)
    url = reverse("profile", args=[contributor.pk]) if page == "profile" else reverse(page)

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _edit(recipe, contributor, "\n\nErste Ergänzung.")
    small = count()
    mine = make_comment(recipe, contributor, "Frage")
    for index in range(6):
        comment_create(author=other_contributor, recipe=recipe, parent=mine, body=f"Antwort {index}")
        make_comment(recipe, contributor, f"Kommentar {index}")
        _edit(recipe, contributor, f"\n\nAbsatz {index}.")
    watch_toggle(user=contributor, recipe=recipe)
    watch_toggle(user=contributor, chapter=recipe.chapter)
    watch_toggle(user=contributor, recipe=Recipe.objects.get(number="7.1.4"))
    assert count() == small <= 10


# The own profile: session (the user's row comes from the cache), the profile, the four counts
# with the choice to show them (one query), the newest five of each of the four kinds. Someone else's: no session or user
# for an anonymous reader; hidden contributions: only the profile and the counts.
PROFILE_QUERIES = {"own": 7, "anonymous": 6, "hidden": 2}


def test_the_profile_costs_a_fixed_number_of_queries_from_nothing_to_much(client, recipe, contributor,
                                                                          other_contributor, moderator,
                                                                          settings):
    settings.COMMENTS_RATE_LIMIT = "1000/1m"
    settings.PROPOSALS_RATE_LIMIT = "1000/1m"
    url = reverse("profile", args=[contributor.pk])

    def count(signed_in):
        client.logout()
        if signed_in:
            client.force_login(contributor)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), _text(response)

    assert count(True)[0] == PROFILE_QUERIES["own"]  # nothing contributed yet
    assert count(False)[0] == PROFILE_QUERIES["anonymous"]
    other = Recipe.objects.get(number="7.1.4")
    for index in range(7):
        _edit(recipe, contributor, f"\n\nAbsatz {index}.")
        mine = make_comment(recipe, contributor, f"Kommentar {index}")
        comment_create(author=other_contributor, recipe=recipe, parent=mine, body=f"Antwort {index}")
        current = Recipe.objects.get(pk=other.pk)
        proposal = proposal_create(recipe=current, author=contributor, base_version_id=latest_version_id(current),
                                   title=current.title, body=current.body + f"\n\nVorschlag {index}.",
                                   summary="Mehr", rate_limited=False)
        proposal_accept(proposal=proposal, reviewer=moderator)
    queries, text = count(True)
    assert queries == PROFILE_QUERIES["own"]
    assert "14 Bearbeitungen" in text and "7 übernommene Vorschläge" in text and "7 Kommentare" in text
    assert count(False)[0] == PROFILE_QUERIES["anonymous"]
    reviewer_url = reverse("profile", args=[moderator.pk])
    review_record(recipe=recipe, reviewer=moderator)
    client.logout()
    with CaptureQueriesContext(connection) as queries:
        assert "1 fachliche Prüfung" in _text(client.get(reviewer_url))
    assert len(queries) == PROFILE_QUERIES["anonymous"]
    preferences_save(user=contributor, mail_off=[], show_contributions=False)
    with CaptureQueriesContext(connection) as queries:
        assert "nicht öffentlich" in _text(client.get(url))
    assert len(queries) == PROFILE_QUERIES["hidden"]

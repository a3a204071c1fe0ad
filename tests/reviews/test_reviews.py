"""Fachliche Prüfung: recording reviews, what the recipe page says, the Redaktion's overview and
reminders that are sent once."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from accounts.roles import MODERATION, role_revoke
from recipes.models import Recipe
from recipes.services import recipe_edit
from recipes.versions import latest_version_id
from reviews.models import ChapterReviewInterval, Review, ReviewReminder
from reviews.services import add_months, reminders_send, review_record
from tests.factories import make_recipe

pytestmark = pytest.mark.django_db


def _at(day):
    """A frozen clock at noon of ``day``."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return mock.patch("django.utils.timezone.now", return_value=moment)


def _page_text(client, url):
    html = client.get(url).content.decode()
    return " ".join(strip_tags(html[html.index("<main"):html.index("</main>")]).split())


@pytest.fixture(autouse=True)
def after_commit():
    """Mails and page-cache renewals happen after commit; the test's transaction never commits,
    so run what was queued at the end of each service call."""
    import reviews.services

    real = reviews.services.transaction.on_commit
    with mock.patch.object(reviews.services.transaction, "on_commit", side_effect=lambda fn, *a, **k: fn()):
        yield real


@pytest.fixture
def recipe(small_book):
    return Recipe.objects.get(number="7.1.3")


def test_months_are_added_as_calendar_months():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 12) == datetime.date(2027, 11, 15)
    assert add_months(datetime.date(2026, 12, 1), 3) == datetime.date(2027, 3, 1)


def test_a_moderator_marks_a_recipe_reviewed_and_the_page_says_so(client, recipe, moderator):
    client.force_login(moderator)
    response = client.post(reverse("review_create", args=[recipe.slug]), {"note": "Links geprüft."})
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.reviewer, review.note, review.version_id) == (moderator, "Links geprüft.", latest_version_id(recipe))
    assert review.next_due == add_months(timezone.localdate(), 12)
    assert review.assignee == moderator
    client.logout()
    text = _page_text(client, recipe.get_absolute_url())
    assert f"Fachlich geprüftam {timezone.localdate():%-d}." in text and "von Moritz Moderation" in text
    assert "fällig seit" not in text and "seitdem geändert" not in text


def test_the_chapter_interval_sets_the_next_due_date(recipe, editor):
    ChapterReviewInterval.objects.create(chapter=recipe.chapter, months=6)
    review = review_record(recipe=recipe, reviewer=editor)
    assert review.next_due == add_months(timezone.localdate(), 6)


def test_a_new_review_replaces_the_current_one(recipe, moderator, editor):
    review_record(recipe=recipe, reviewer=moderator)
    second = review_record(recipe=recipe, reviewer=editor, note="Erneut geprüft")
    assert list(Review.objects.current()) == [second]
    assert Review.objects.count() == 2


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("contributor", 403), ("moderator", 200),
                                         ("editor", 200)])
def test_only_moderation_and_redaktion_may_review(client, recipe, request, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("review_create", args=[recipe.slug])).status_code == status
    client.post(reverse("review_create", args=[recipe.slug]), {"note": "x"})
    assert Review.objects.exists() == (status == 200)


def test_a_due_date_in_the_past_is_refused(client, recipe, moderator):
    client.force_login(moderator)
    response = client.post(reverse("review_create", args=[recipe.slug]),
                           {"next_due": "2000-01-01", "note": "x"})
    assert response.status_code == 400
    assert "in der Zukunft" in response.content.decode()
    assert not Review.objects.exists()


def test_a_changed_text_and_an_overdue_review_are_named_with_a_link_to_the_changes(client, recipe, moderator,
                                                                                  editor):
    review = review_record(recipe=recipe, reviewer=moderator)
    recipe_edit(recipe=recipe, user=editor, base_version_id=latest_version_id(recipe), title=recipe.title,
                body=recipe.body + "\n\nNeu.", comment="Ergänzt")
    recipe.refresh_from_db()
    html = client.get(recipe.get_absolute_url()).content.decode()
    diff = f"{reverse('recipe_compare', args=[recipe.slug])}?von={review.version_id}&amp;zu={latest_version_id(recipe)}"
    assert "Text seitdem geändert" in html and diff in html
    with _at(review.next_due):
        reminders_send()  # the daily job, which also renews the pages cached for anonymous readers
        assert "Prüfung fällig seit" in client.get(recipe.get_absolute_url()).content.decode()


def test_a_due_review_is_reminded_once_to_the_person_responsible(recipe, moderator, editor):
    review = review_record(recipe=recipe, reviewer=editor, assignee=moderator)
    with _at(review.next_due - datetime.timedelta(days=1)):
        assert reminders_send() == 0
    with _at(review.next_due):
        assert reminders_send() == 1
        assert reminders_send() == 0  # a second run, or after a restart
        call_command("send_review_reminders", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [moderator.email]
    assert "7.1.3" in message.subject and f"?von={review.version_id}" in message.body
    assert ReviewReminder.objects.get().recipients == moderator.email


def test_without_a_responsible_reviewer_the_redaktion_is_reminded(recipe, moderator, editor):
    review = review_record(recipe=recipe, reviewer=moderator)
    role_revoke(user=moderator, role=MODERATION)
    with _at(review.next_due + datetime.timedelta(days=3)):
        call_command("send_review_reminders", stdout=open("/dev/null", "w"))
    assert [message.to for message in mail.outbox] == [[editor.email]]


def test_a_new_review_is_reminded_again_when_it_falls_due(recipe, moderator):
    first = review_record(recipe=recipe, reviewer=moderator)
    with _at(first.next_due):
        reminders_send()
        second = review_record(recipe=recipe, reviewer=moderator)
    with _at(second.next_due):
        reminders_send()
    assert len(mail.outbox) == 2


def test_the_dashboard_shows_overdue_soon_due_changed_and_never_reviewed_recipes(client, recipe, moderator,
                                                                              editor):
    other = Recipe.objects.get(number="7.1.4")
    review_record(recipe=recipe, reviewer=moderator, next_due=timezone.localdate() + datetime.timedelta(days=10))
    review_record(recipe=other, reviewer=moderator, note="ok")
    client.force_login(editor)
    text = _page_text(client, reverse("review_dashboard"))
    assert "Bald fällig (1)" in text and "7.1.3 Eingangsbearbeitung" in text
    assert "Noch nie geprüft (2)" in text  # 6.1 and 7.1
    with _at(timezone.localdate() + datetime.timedelta(days=11)):
        text = _page_text(client, reverse("review_dashboard"))
    assert "Überfällig (1)" in text
    text = _page_text(client, reverse("review_dashboard") + "?kapitel=6")
    assert "Noch nie geprüft (1)" in text and "7.1.3" not in text


def test_the_dashboard_is_for_the_redaktion(client, recipe, moderator):
    client.force_login(moderator)
    assert client.get(reverse("review_dashboard")).status_code == 403


def test_the_dashboard_costs_the_same_queries_for_more_recipes_and_reviews(client, recipe, moderator, editor):
    client.force_login(editor)
    url = reverse("review_dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for index in range(2, 12):
        grown = make_recipe(f"7.{index}", f"Rezept {index}", "Text.")
        review_record(recipe=grown, reviewer=moderator)
    client.get(url)  # the header's open-work counts, dropped by the reviews, are cached again
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large) <= 8


def test_the_recipe_page_reads_the_review_state_from_the_cache(client, recipe, moderator):
    review_record(recipe=recipe, reviewer=moderator)
    client.get(recipe.get_absolute_url())
    from kochbuch.pagecache import content_changed

    content_changed()
    with CaptureQueriesContext(connection) as queries:
        client.get(recipe.get_absolute_url())
    assert not [q for q in queries.captured_queries if "reviews_review" in q["sql"]]


def test_an_edition_shows_the_review_state_each_recipe_had_when_it_appeared(client, recipe, moderator, editor):
    from editions.services import edition_publish

    review_record(recipe=recipe, reviewer=moderator)
    edition = edition_publish(name="Ausgabe 2027", date=datetime.date(2027, 1, 1), user=editor)
    recipe_edit(recipe=recipe, user=editor, base_version_id=latest_version_id(recipe), title=recipe.title,
                body=recipe.body + "\n\nNeu.", comment="Ergänzt")
    review_record(recipe=recipe, reviewer=editor)  # after the edition: not part of it
    url = reverse("edition_recipe", args=[edition.slug, recipe.slug])
    text = _page_text(client, url)
    assert "Fachlich geprüftam" in text and "von Moritz Moderation (diese Fassung)" in text
    assert "Rita" not in text
    other = Recipe.objects.get(number="7.1.4")
    assert "bei Erscheinen nicht geprüft" in _page_text(client, reverse("edition_recipe", args=[edition.slug, other.slug]))

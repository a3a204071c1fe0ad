"""Moderation through the test client: the queue, each act, the log, and who may do what."""

import pytest
from django.urls import reverse

from comments import services
from comments.models import Comment, ModerationEvent, Report
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


@pytest.fixture
def reported(recipe, contributor, other_contributor):
    comment = make_comment(recipe, contributor, "Ein strittiger Satz")
    services.comment_report(comment=comment, reporter=other_contributor, reason="Das ist beleidigend")
    return comment


def _moderation_urls(comment):
    report = Report.objects.filter(comment=comment).first()
    urls = [reverse("moderation_queue")]
    urls += [reverse(name, args=[comment.pk]) for name in
             ("comment_hide", "comment_restore", "comment_approve", "thread_resolve", "thread_reopen")]
    if report:
        urls.append(reverse("report_dismiss", args=[report.pk]))
    return urls


def test_anonymous_visitors_are_sent_to_sign_in_for_every_moderation_page(client, reported):
    for url in _moderation_urls(reported):
        for response in (client.get(url), client.post(url, {"reason": "x"})):
            assert response.status_code == 302 and response["Location"].startswith("/konto/login/"), url


@pytest.mark.parametrize("who", ["unverified", "contributor", "other_contributor"])
def test_people_without_the_moderation_right_get_403_for_every_moderation_page(client, reported, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in _moderation_urls(reported):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"reason": "Weg"}).status_code == 403, url
    reported.refresh_from_db()
    assert reported.is_visible and not ModerationEvent.objects.exists()
    assert Report.objects.open().count() == 1


@pytest.mark.parametrize("who", ["moderator", "editor"])
def test_moderators_and_editors_see_the_queue_of_reports_and_held_comments(
    client, recipe, reported, contributor, request, settings, who
):
    settings.COMMENTS_HOLD_FIRST = 5
    held = make_comment(recipe, contributor, "Wartet noch")
    assert held.is_held
    client.force_login(request.getfixturevalue(who))
    page = html(client.get(reverse("moderation_queue")))
    assert "Ein strittiger Satz" in page and "„Das ist beleidigend“" in page and "Omar Ortmann" in page
    assert "Wartet noch" in page and reverse("comment_approve", args=[held.pk]) in page
    assert "Keine offenen Meldungen" not in page


def test_a_moderator_hides_a_reported_comment_with_a_reason_shown_in_its_place(
    client, recipe, reported, moderator
):
    client.force_login(moderator)
    url = reverse("comment_hide", args=[reported.pk])
    assert "Kommentar ausblenden" in html(client.get(url))
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "Dieses Feld ist zwingend erforderlich." in html(response)
    response = client.post(url, {"reason": "Beleidigung", "next": reverse("moderation_queue")})
    assert response["Location"] == reverse("moderation_queue")
    assert "Keine offenen Meldungen" in html(client.get(reverse("moderation_queue")))
    client.logout()
    page = html(client.get(recipe.get_absolute_url()))
    assert "Ein strittiger Satz" not in page
    assert "Von der Moderation ausgeblendet." in page and "Grund: Beleidigung" in page
    event = ModerationEvent.objects.get()
    assert (event.actor, event.action, event.reason) == (moderator, "hide", "Beleidigung")


def test_an_unsafe_next_address_is_ignored(client, reported, moderator):
    client.force_login(moderator)
    response = client.post(reverse("comment_hide", args=[reported.pk]),
                           {"reason": "Spam", "next": "https://evil.example/"})
    assert response["Location"] == reported.target_url()


def test_moderators_see_the_hidden_text_and_the_log_on_the_comment_and_readers_do_not(
    client, recipe, reported, moderator, contributor
):
    services.comment_hide(comment=reported, moderator=moderator, reason="Beleidigung")
    client.force_login(moderator)
    page = html(client.get(recipe.get_absolute_url()))
    assert "Ausgeblendeten Text anzeigen (nur Moderation)" in page and "Ein strittiger Satz" in page
    assert "Moderationsprotokoll (1 Eintrag)" in page and "Moritz Moderation: ausgeblendet – „Beleidigung“" in page
    assert reverse("comment_restore", args=[reported.pk]) in page
    client.force_login(contributor)
    page = html(client.get(recipe.get_absolute_url()))
    assert "Moderationsprotokoll" not in page and "Ein strittiger Satz" not in page
    assert client.get(reverse("comment_history", args=[reported.pk])).status_code == 404


def test_a_moderator_restores_a_hidden_comment(client, recipe, reported, moderator):
    services.comment_hide(comment=reported, moderator=moderator, reason="Voreilig")
    client.force_login(moderator)
    client.post(reverse("comment_restore", args=[reported.pk]), {"reason": "Nach Rücksprache"})
    client.logout()
    assert "Ein strittiger Satz" in html(client.get(recipe.get_absolute_url()))
    assert list(ModerationEvent.objects.values_list("action", "reason")) == [
        ("restore", "Nach Rücksprache"), ("hide", "Voreilig")]


def test_a_moderator_dismisses_a_report_and_the_comment_stays(client, recipe, reported, moderator):
    report = Report.objects.get()
    client.force_login(moderator)
    response = client.post(reverse("report_dismiss", args=[report.pk]), {"next": reverse("moderation_queue")})
    assert response["Location"] == reverse("moderation_queue")
    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED
    assert Comment.objects.get(pk=reported.pk).is_visible
    assert ModerationEvent.objects.get().action == "dismiss"
    assert client.get(reverse("report_dismiss", args=[report.pk])).status_code == 302  # GET changes nothing


def test_a_moderator_marks_a_thread_erledigt_and_reopens_it(client, recipe, reported, moderator):
    client.force_login(moderator)
    client.post(reverse("thread_resolve", args=[reported.pk]), {"reason": "Im Text korrigiert"})
    page = html(client.get(recipe.get_absolute_url()))
    assert 'badge--resolved">erledigt<' in page and "Erledigt am" in page
    assert reverse("thread_reopen", args=[reported.pk]) in page
    client.post(reverse("thread_reopen", args=[reported.pk]), {"reason": ""})
    reported.refresh_from_db()
    assert not reported.is_resolved
    assert list(ModerationEvent.objects.values_list("action", flat=True)) == ["reopen", "resolve"]


def test_only_a_threads_first_comment_can_be_marked_erledigt(client, recipe, reported, moderator, contributor):
    reply = make_comment(recipe, contributor, "Eine Antwort", parent=reported)
    client.force_login(moderator)
    response = client.post(reverse("thread_resolve", args=[reply.pk]), {"reason": ""})
    assert response.status_code == 400 and "ganzer Gesprächsfaden" in html(response)


def test_a_moderator_approves_a_held_comment_and_watchers_hear_of_it(
    client, recipe, contributor, editor, moderator, settings, mails
):
    from recipes.models import Watch

    settings.COMMENTS_HOLD_FIRST = 1
    Watch.objects.create(user=editor, recipe=recipe)
    held = make_comment(recipe, contributor, "Bitte freigeben")
    assert mails == []
    client.force_login(moderator)
    response = client.post(reverse("comment_approve", args=[held.pk]), {"next": reverse("moderation_queue")})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.is_visible and [mail.to for mail in mails] == [[editor.email]]
    client.logout()
    assert "Bitte freigeben" in html(client.get(recipe.get_absolute_url()))


def test_cached_pages_for_anonymous_readers_show_every_change_to_a_discussion(
    client, recipe, contributor, moderator
):
    assert "Noch keine Kommentare" in html(client.get(recipe.get_absolute_url()))
    assert "Kommentar<" not in html(client.get(recipe.chapter.get_absolute_url()))
    comment = make_comment(recipe, contributor, "Frisch geschrieben")
    assert "Frisch geschrieben" in html(client.get(recipe.get_absolute_url()))
    assert "1 Kommentar<" in html(client.get(recipe.chapter.get_absolute_url()))
    services.comment_hide(comment=comment, moderator=moderator, reason="Spam")
    assert "Grund: Spam" in html(client.get(recipe.get_absolute_url()))

"""Reports are moderated like comments: readers report them, the Moderation hides them with a
reason (shown in their place) or shows them again, and every act is logged."""

from django.urls import reverse

from practice.models import PracticeFlag, PracticeModerationEvent
from practice.services import report_create


def html(response):
    return response.content.decode()


def test_a_reader_reports_and_a_moderator_hides_with_a_reason(client, recipe, reporter, other_contributor,
                                                              moderator):
    report = report_create(author=reporter, recipe=recipe, status="umgesetzt", results="Werbung für Firma X")
    client.force_login(other_contributor)
    response = client.post(reverse("practice_report_flag", args=[report.pk]), {"reason": "Werbung"})
    assert response.status_code == 302
    assert client.post(reverse("practice_report_flag", args=[report.pk]),
                       {"reason": "Nochmal"}).status_code == 400  # one open flag per person
    client.force_login(moderator)
    queue = html(client.get(reverse("practice_moderation")))
    assert "„Werbung“" in queue and "Omar Ortmann" in queue
    url = reverse("practice_report_moderate", args=[report.pk, "ausblenden"])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Werbung ist hier fehl am Platz"}).status_code == 302
    assert PracticeFlag.objects.get().status == PracticeFlag.Status.ACTIONED
    event = PracticeModerationEvent.objects.get()
    assert (event.action, event.actor, event.reason) == ("hide", moderator, "Werbung ist hier fehl am Platz")
    client.logout()
    assert client.get(report.get_absolute_url()).status_code == 404
    assert "Nachgekocht in" not in html(client.get(recipe.get_absolute_url()))
    client.force_login(reporter)  # the author still sees it, with the reason
    page = html(client.get(report.get_absolute_url()))
    assert "Ausgeblendet von der Moderation." in page and "Werbung ist hier fehl am Platz" in page
    assert client.get(reverse("practice_report_edit", args=[report.pk])).status_code == 403


def test_a_moderator_restores_and_dismisses_a_flag(client, recipe, reporter, other_contributor, moderator):
    report = report_create(author=reporter, recipe=recipe, status="umgesetzt")
    client.force_login(other_contributor)
    client.post(reverse("practice_report_flag", args=[report.pk]), {"reason": "Stimmt nicht"})
    client.force_login(moderator)
    flag = PracticeFlag.objects.get()
    client.post(reverse("practice_flag_dismiss", args=[flag.pk]))
    flag.refresh_from_db()
    assert flag.status == PracticeFlag.Status.DISMISSED and flag.closed_by == moderator
    client.post(reverse("practice_report_moderate", args=[report.pk, "ausblenden"]), {"reason": "Prüfung"})
    client.post(reverse("practice_report_moderate", args=[report.pk, "wiederherstellen"]), {"reason": ""})
    report.refresh_from_db()
    assert report.is_visible and report.hidden_reason == ""
    assert [event.action for event in report.moderation_events.all()] == ["restore", "hide", "dismiss"]
    page = html(client.get(report.get_absolute_url()))
    assert "Meldung verworfen" in page and "wiederhergestellt" in page


def test_contributors_cannot_moderate_and_authors_cannot_flag_their_own(client, recipe, reporter,
                                                                        other_contributor):
    report = report_create(author=reporter, recipe=recipe, status="umgesetzt")
    client.force_login(other_contributor)
    assert client.post(reverse("practice_report_moderate", args=[report.pk, "ausblenden"]),
                       {"reason": "x"}).status_code == 403
    assert client.get(reverse("practice_moderation")).status_code == 403
    client.force_login(reporter)
    response = client.post(reverse("practice_report_flag", args=[report.pk]), {"reason": "x"})
    assert response.status_code == 400 and not PracticeFlag.objects.exists()

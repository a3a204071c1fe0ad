"""Erfahrungsberichte as people use them: write one for your Kommune, read it on the recipe page,
edit it, and its versions."""

import pytest
from django.urls import reverse
from reversion.models import Version

from accounts.privacy import account_delete
from practice.models import PracticeReport
from practice.services import report_create, report_hide
from recipes.models import Watch

FORM = {"status": "umgesetzt", "since": "2025-03-01", "adaptations": "Wir scannen **zentral**.",
        "results": "Schneller.", "figures": "- Durchlaufzeit: 5 statt 9 Tage", "lessons": "Früh beteiligen.",
        "links": "https://dueren.example/e-akte\nhttps://dueren.example/bericht", "contact": "Amt 10, 02421 25-0",
        "show_contact": ""}


def html(response):
    return response.content.decode()


def test_a_contributor_reports_for_their_kommune_and_the_recipe_page_shows_it(client, recipe, reporter):
    client.force_login(reporter)
    url = reverse("practice_report_create", args=[recipe.slug])
    assert "Für: <strong>Düren</strong>" in html(client.get(url))
    response = client.post(url, FORM)
    report = PracticeReport.objects.get()
    assert response["Location"] == report.get_absolute_url()
    assert report.kommune.name == "Düren" and report.author == reporter and report.status == "umgesetzt"
    page = html(client.get(report.get_absolute_url()))
    assert "<strong>zentral</strong>" in page and "Durchlaufzeit: 5 statt 9 Tage" in page
    assert 'href="https://dueren.example/e-akte"' in page
    assert "02421" not in page  # the contact only when the person chooses to show it
    client.logout()
    page = html(client.get(recipe.get_absolute_url()))
    assert "Nachgekocht in 1 Kommune" in page
    assert f'href="{report.get_absolute_url()}">Düren</a>' in page
    assert 'class="practice-map__dot"' in page


def test_without_a_kommune_in_the_profile_the_form_asks_to_choose_one_first(client, recipe, contributor):
    client.force_login(contributor)
    page = html(client.get(reverse("practice_report_create", args=[recipe.slug])))
    assert "Meine Kommune wählen" in page and 'name="adaptations"' not in page
    client.post(reverse("practice_report_create", args=[recipe.slug]), FORM)
    assert not PracticeReport.objects.exists()


def test_links_must_be_web_addresses(client, recipe, reporter):
    client.force_login(reporter)
    response = client.post(reverse("practice_report_create", args=[recipe.slug]),
                           {**FORM, "links": "javascript:alert(1)"})
    assert response.status_code == 400 and "keine Adresse" in html(response)
    assert not PracticeReport.objects.exists()


def test_a_shown_contact_appears_and_the_author_edits_with_a_new_version(client, recipe, reporter):
    report = report_create(author=reporter, recipe=recipe, status="geplant", adaptations="Erst planen.")
    client.force_login(reporter)
    response = client.post(reverse("practice_report_edit", args=[report.pk]),
                           {**FORM, "status": "in_umsetzung", "show_contact": "on"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "in_umsetzung" and report.show_contact
    versions = Version.objects.get_for_object(report)
    assert [version.revision.comment for version in versions] == ["Bearbeitet", "Erfahrungsbericht angelegt"]
    assert versions[1].field_dict["status"] == "geplant"
    assert all(version.revision.user == reporter for version in versions)
    page = html(client.get(report.get_absolute_url()))
    assert "Amt 10, 02421 25-0" in page and "in Umsetzung" in page


def test_only_the_author_and_the_moderation_may_edit(client, recipe, reporter, other_contributor, moderator):
    report = report_create(author=reporter, recipe=recipe, status="geplant")
    url = reverse("practice_report_edit", args=[report.pk])
    client.force_login(other_contributor)
    assert client.get(url).status_code == 403
    assert client.post(url, FORM).status_code == 403
    client.force_login(moderator)
    assert client.post(url, {**FORM, "lessons": "Von der Moderation gekürzt."}).status_code == 302
    report.refresh_from_db()
    assert report.lessons == "Von der Moderation gekürzt."
    assert Version.objects.get_for_object(report)[0].revision.comment == "Von der Moderation bearbeitet"
    assert report.moderation_events.get().action == "edit"


def test_watchers_of_the_recipe_hear_of_a_new_report(recipe, reporter, other_contributor, mails):
    Watch.objects.create(user=other_contributor, recipe=recipe)
    report_create(author=reporter, recipe=recipe, status="umgesetzt")
    assert [mail.to for mail in mails] == [[other_contributor.email]]
    assert "Düren" in mails[0].subject and "/nachgekocht/" in mails[0].body


def test_an_unconfirmed_account_cannot_report(client, recipe, unverified, dueren):
    unverified.kommune = dueren
    unverified.save()
    client.force_login(unverified)
    assert client.get(reverse("practice_report_create", args=[recipe.slug])).status_code == 403


@pytest.mark.django_db
def test_the_data_export_holds_ones_reports(client, recipe, reporter):
    report_create(author=reporter, recipe=recipe, status="umgesetzt", lessons="Gelernt.")
    client.force_login(reporter)
    data = client.get(reverse("account_data")).json()
    assert data["erfahrungsberichte"][0]["gelernt"] == "Gelernt."


def test_the_profile_kommune_is_chosen_from_a_plain_search_form(client, contributor):
    client.force_login(contributor)
    page = html(client.get(reverse("profile_kommune"), {"q": "nordersted"}))
    assert "Norderstedt wählen" in page
    norderstedt = PracticeReport._meta.get_field("kommune").related_model.objects.get(name="Norderstedt")
    response = client.post(reverse("profile_kommune"), {"kommune": norderstedt.pk})
    assert response.status_code == 302
    contributor.refresh_from_db()
    assert contributor.kommune == norderstedt
    page = html(client.get(reverse("kommune_detail", args=[norderstedt.pk])))
    assert "Mia Muster" in page


def test_people_who_hide_their_institution_are_not_listed_on_the_kommune_page(client, other_contributor, dueren):
    other_contributor.kommune = dueren
    other_contributor.save()
    assert "Omar Ortmann" not in html(client.get(reverse("kommune_detail", args=[dueren.pk])))


def test_a_deleted_account_leaves_its_reports_unnamed_and_without_contact(recipe, reporter):
    report = report_create(author=reporter, recipe=recipe, status="umgesetzt", contact="0171 123456",
                           show_contact=True)
    account_delete(user=reporter)
    report.refresh_from_db()
    reporter.refresh_from_db()
    assert report.contact == "" and not report.show_contact and str(report.author_name) == "gelöschtes Konto"
    assert reporter.kommune is None
    assert all("0171" not in version.serialized_data for version in Version.objects.get_for_object(report))


def test_reports_appear_in_the_recent_changes_and_their_feed_until_hidden(client, recipe, reporter, moderator):
    report = report_create(author=reporter, recipe=recipe, status="umgesetzt")
    page = html(client.get(reverse("recent_changes")))
    assert "Erfahrungsbericht Düren: 7.1.3 Eingangsbearbeitung in der Kommunalverwaltung" in page
    assert f'href="{report.get_absolute_url()}"' in page
    assert report.get_absolute_url() in html(client.get(reverse("recent_changes_feed")))
    chapter_feed = html(client.get(reverse("chapter_changes_feed", args=[recipe.chapter.slug])))
    assert report.get_absolute_url() not in chapter_feed  # a chapter's changes are its texts
    report_hide(report=report, moderator=moderator, reason="Doppelt")
    assert report.get_absolute_url() not in html(client.get(reverse("recent_changes")))

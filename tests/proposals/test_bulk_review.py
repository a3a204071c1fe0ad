"""Deciding many proposals at once in the queue: a selection, or everything from one import,
accepted or rejected with one reason; the queue filters by origin (import or people)."""

import pytest
from django.urls import reverse

from proposals.models import EditProposal
from proposals.services import proposal_create_from_edition
from recipes.models import Recipe
from recipes.services import recipe_save
from recipes.versions import latest_version_id
from tests.proposals.conftest import propose

pytestmark = pytest.mark.django_db
SOURCE = ("Ausgabe 2016", "Bundesministerium des Innern")


def from_import(recipe, importer, job_id=7, body="Der Text der Ausgabe 2016.\n"):
    return proposal_create_from_edition(
        recipe=recipe, base_version_id=latest_version_id(recipe), title=recipe.title, body=body,
        summary="aus Ausgabe 2016 übernommen: Konflikt", source=SOURCE, importer=importer,
        import_job_id=job_id, pages=(101, 103),
    )


@pytest.fixture
def imported(small_book, moderator):
    """Three proposals from import 7 (made by the moderator), one from import 8."""
    made = [from_import(Recipe.objects.get(number=number), moderator) for number in ("6.1", "7.1", "7.1.3")]
    made.append(from_import(Recipe.objects.get(number="7.1.4"), moderator, job_id=8))
    return made


def test_the_queue_filters_by_origin_and_import(client, moderator, imported, contributor):
    people = propose(Recipe.objects.get(number="7.1.4"), contributor, body="Anders.\n")
    client.force_login(moderator)
    page = client.get(reverse("proposal_queue") + "?herkunft=import").content.decode()
    assert f"#{imported[0].pk} " in page and f"#{people.pk} " not in page
    assert "Ausgabe 2016 · Bundesministerium des Innern" in page
    page = client.get(reverse("proposal_queue") + "?herkunft=personen").content.decode()
    assert f"#{people.pk} " in page and f"#{imported[0].pk} " not in page
    page = client.get(reverse("proposal_queue") + "?import=7").content.decode()
    assert f"#{imported[3].pk} " not in page and "Alle 3 wartenden aus diesem Import übernehmen" in page


def test_all_from_one_import_are_accepted_by_the_moderator_who_imported_them(client, moderator, imported):
    client.force_login(moderator)
    response = client.post(reverse("proposal_bulk"), {"aktion": "alle-annehmen", "import": "7",
                                                      "nachricht": "Text der Ausgabe geprüft."})
    assert response.status_code == 302 and "import=7" in response["Location"]
    statuses = dict(EditProposal.objects.values_list("pk", "status"))
    assert [statuses[p.pk] for p in imported] == ["accepted", "accepted", "accepted", "open"]
    recipe = Recipe.objects.get(number="7.1.3")
    assert recipe.body == "Der Text der Ausgabe 2016.\n" and (recipe.page_start, recipe.page_end) == (101, 103)
    event = EditProposal.objects.get(pk=imported[0].pk).events.last()
    assert event.message == "Text der Ausgabe geprüft." and event.actor == moderator


def test_the_importer_gets_no_mail_per_decided_import_proposal(client, moderator, imported, editor,
                                                               django_capture_on_commit_callbacks):
    from django.core import mail

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("proposal_bulk"), {"aktion": "alle-annehmen", "import": "7"})
    assert EditProposal.objects.filter(status="accepted").count() == 3
    assert not [m for m in mail.outbox if moderator.email in m.to]


def test_a_selection_is_rejected_with_one_reason(client, moderator, imported):
    client.force_login(moderator)
    client.post(reverse("proposal_bulk"), {"aktion": "ablehnen", "auswahl": [imported[0].pk, imported[2].pk],
                                           "nachricht": "Die Website-Fassung ist aktueller."})
    rejected = EditProposal.objects.filter(status="rejected")
    assert set(rejected.values_list("pk", flat=True)) == {imported[0].pk, imported[2].pk}
    assert set(rejected.values_list("decision_reason", flat=True)) == {"Die Website-Fassung ist aktueller."}


def test_rejecting_needs_a_reason_and_then_changes_nothing(client, moderator, imported):
    client.force_login(moderator)
    response = client.post(reverse("proposal_bulk"), {"aktion": "ablehnen", "auswahl": [imported[0].pk]},
                           follow=True)
    assert "Bitte begründen Sie die Ablehnung." in response.content.decode()
    assert not EditProposal.objects.exclude(status="open").exists()


def test_ones_own_proposals_and_conflicts_are_left_for_a_decision_of_their_own(
        client, moderator, imported, editor):
    own = propose(Recipe.objects.get(number="6.1"), moderator, body="Mein eigener Text.\n")
    recipe = Recipe.objects.get(number="7.1")
    recipe.body = "Inzwischen ganz anders.\n"  # the site moved on: accepting would overlap
    recipe_save(recipe=recipe, user=editor, comment="neu geschrieben")
    client.force_login(moderator)
    response = client.post(reverse("proposal_bulk"), {
        "aktion": "annehmen", "auswahl": [own.pk, imported[1].pk, imported[2].pk]}, follow=True)
    page = response.content.decode()
    assert "1 Vorschlag übernommen." in page
    assert f"#{own.pk} nicht entschieden" in page and f"#{imported[1].pk} nicht entschieden" in page
    assert EditProposal.objects.get(pk=own.pk).status == "open"
    assert EditProposal.objects.get(pk=imported[1].pk).status == "open"
    assert EditProposal.objects.get(pk=imported[2].pk).status == "accepted"


@pytest.mark.parametrize("who", ["contributor", "unverified"])
def test_only_the_moderation_decides_in_bulk(client, imported, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("proposal_bulk"), {"aktion": "alle-annehmen", "import": "7"})
    assert response.status_code == 403
    assert not EditProposal.objects.exclude(status="open").exists()

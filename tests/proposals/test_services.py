"""The proposal services: states, acceptance (all, some, edited), merges, records and e-mails."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from reversion.models import Version

from proposals.models import EditProposal, ProposalEvent
from proposals.services import (
    proposal_accept,
    proposal_create_recipe,
    proposal_reject,
    proposal_request_changes,
    proposal_revise,
    proposal_withdraw,
)
from recipes.merging import EditConflict
from recipes.models import Recipe, RevisionInfo
from recipes.services import recipe_edit, recipe_save
from recipes.versions import history, latest_version_id
from tests.proposals.conftest import BODY, PROPOSED, propose

pytestmark = pytest.mark.django_db
Status = EditProposal.Status


def _refresh(recipe):
    return Recipe.objects.get(pk=recipe.pk)


# --- Submitting --------------------------------------------------------------------------

def test_a_proposal_is_open_based_on_the_version_its_author_saw(proposal, recipe, contributor):
    assert proposal.status == Status.OPEN
    assert proposal.base_version_id == latest_version_id(recipe)
    assert (proposal.words_added, proposal.words_removed) == (9, 3)
    event = proposal.events.get()
    assert event.action == ProposalEvent.Action.SUBMITTED and event.actor == contributor
    assert event.body == PROPOSED


def test_the_recipe_does_not_change_while_a_proposal_waits(proposal, recipe):
    assert _refresh(recipe).body == BODY
    assert len(history(recipe)) == 2


def test_a_proposal_that_changes_nothing_is_refused(recipe, contributor):
    with pytest.raises(ValidationError, match="ändert nichts"):
        propose(recipe, contributor, BODY)


def test_the_base_must_be_a_version_of_the_same_recipe(recipe, contributor, small_book):
    other = Recipe.objects.get(number="7.1.3")
    with pytest.raises(ValidationError):
        propose(recipe, contributor, base=latest_version_id(other))


def test_a_reason_is_required(recipe, contributor):
    with pytest.raises(ValidationError) as error:
        propose(recipe, contributor, summary="  ")
    assert "summary" in error.value.error_dict


def test_people_without_the_right_cannot_propose(recipe, unverified):
    with pytest.raises(PermissionDenied):
        propose(recipe, unverified)


def test_browser_line_endings_do_not_count_as_changes(recipe, contributor):
    proposal = propose(recipe, contributor, PROPOSED.replace("\n", "\r\n"))
    assert "\r" not in proposal.body
    assert (proposal.words_added, proposal.words_removed) == (9, 3)


def test_proposals_are_rate_limited_per_person(recipe, contributor, other_contributor, settings):
    settings.PROPOSALS_RATE_LIMIT = "2/h"
    propose(recipe, contributor)
    propose(recipe, contributor, PROPOSED.replace("Archiv", "Langzeitarchiv"))
    with pytest.raises(ValidationError, match="viele Vorschläge"):
        propose(recipe, contributor, PROPOSED.replace("Archiv", "E-Akte"))
    propose(recipe, other_contributor)  # others are not affected
    assert EditProposal.objects.filter(author=contributor).count() == 2


# --- The state machine -------------------------------------------------------------------

MOVES = {
    "revise": lambda p, s: proposal_revise(proposal=p, author=p.author, title=p.title,
                                           body=p.body + " Neu.", summary="x"),
    "withdraw": lambda p, s: proposal_withdraw(proposal=p, author=p.author),
    "request_changes": lambda p, s: proposal_request_changes(proposal=p, reviewer=s, message="Bitte"),
    "reject": lambda p, s: proposal_reject(proposal=p, reviewer=s, reason="Nein"),
    "accept": lambda p, s: proposal_accept(proposal=p, reviewer=s),
}
REACH = {
    Status.CHANGES_REQUESTED: lambda p, s: proposal_request_changes(proposal=p, reviewer=s, message="x"),
    Status.WITHDRAWN: lambda p, s: proposal_withdraw(proposal=p, author=p.author),
    Status.REJECTED: lambda p, s: proposal_reject(proposal=p, reviewer=s, reason="x"),
    Status.ACCEPTED: lambda p, s: proposal_accept(proposal=p, reviewer=s),
}
LEGAL = {
    Status.OPEN: {"revise", "withdraw", "request_changes", "reject", "accept"},
    Status.CHANGES_REQUESTED: {"revise", "withdraw", "reject", "accept"},
    Status.WITHDRAWN: set(), Status.REJECTED: set(), Status.ACCEPTED: set(),
}


@pytest.mark.parametrize("status", [s for s in LEGAL if s != Status.OPEN])
@pytest.mark.parametrize("move", list(MOVES))
def test_moves_are_allowed_only_from_their_states(proposal, moderator, status, move):
    REACH[status](proposal, moderator)
    proposal.refresh_from_db()
    if move in LEGAL[status]:
        MOVES[move](proposal, moderator)
    else:
        with pytest.raises(ValidationError):
            MOVES[move](proposal, moderator)
        proposal.refresh_from_db()
        assert proposal.status == status


def test_a_withdrawn_proposal_cannot_be_accepted(proposal, recipe, moderator):
    proposal_withdraw(proposal=proposal, author=proposal.author)
    with pytest.raises(ValidationError, match="zurückgezogen"):
        proposal_accept(proposal=proposal, reviewer=moderator)
    assert _refresh(recipe).body == BODY


def test_only_the_author_revises_or_withdraws(proposal, other_contributor, moderator):
    for person in (other_contributor, moderator):
        with pytest.raises(PermissionDenied):
            proposal_withdraw(proposal=proposal, author=person)
        with pytest.raises(PermissionDenied):
            proposal_revise(proposal=proposal, author=person, title="x", body="y", summary="z")


def test_contributors_cannot_decide(proposal, other_contributor):
    with pytest.raises(PermissionDenied):
        proposal_accept(proposal=proposal, reviewer=other_contributor)
    with pytest.raises(PermissionDenied):
        proposal_reject(proposal=proposal, reviewer=other_contributor, reason="Nein")


def test_a_moderator_cannot_decide_on_their_own_proposal(recipe, moderator, second_moderator):
    own = propose(recipe, moderator)
    for move in ("accept", "reject", "request_changes"):
        with pytest.raises(PermissionDenied, match="andere Person"):
            MOVES[move](own, moderator)
    proposal_accept(proposal=own, reviewer=second_moderator)


def test_rejecting_needs_a_reason_and_records_it(proposal, recipe, moderator):
    with pytest.raises(ValidationError):
        proposal_reject(proposal=proposal, reviewer=moderator, reason="   ")
    proposal = proposal_reject(proposal=proposal, reviewer=moderator, reason="Doppelt zu 7.1.3.")
    assert proposal.status == Status.REJECTED
    assert (proposal.decided_by, proposal.decision_reason) == (moderator, "Doppelt zu 7.1.3.")
    assert proposal.decided_at is not None
    assert _refresh(recipe).body == BODY


def test_requesting_changes_needs_a_message(proposal, moderator):
    with pytest.raises(ValidationError):
        proposal_request_changes(proposal=proposal, reviewer=moderator, message="")


def test_changes_requested_then_revised_then_accepted(proposal, recipe, contributor, moderator):
    proposal_request_changes(proposal=proposal, reviewer=moderator, message="Bitte die Frist prüfen.")
    revised_body = PROPOSED.replace("drei Tagen", "fünf Arbeitstagen")
    proposal = proposal_revise(proposal=proposal, author=contributor, title=recipe.title,
                               body=revised_body, summary="Frist korrigiert.", message="Frist ist 5 AT.")
    assert proposal.status == Status.OPEN
    proposal = proposal_accept(proposal=proposal, reviewer=moderator)
    assert proposal.status == Status.ACCEPTED
    assert "innerhalb von fünf Arbeitstagen" in _refresh(recipe).body
    actions = list(proposal.events.values_list("action", flat=True))
    assert actions == ["submitted", "changes_requested", "revised", "accepted"]
    submitted, revised = proposal.events.filter(action__in=["submitted", "revised"])
    assert "drei Tagen" in submitted.body and "fünf Arbeitstagen" in revised.body  # earlier text kept


# --- Accepting ---------------------------------------------------------------------------

def test_accepting_all_makes_a_version_by_the_author_approved_by_the_moderator(
    proposal, recipe, contributor, moderator
):
    proposal = proposal_accept(proposal=proposal, reviewer=moderator, message="Danke!")
    assert proposal.status == Status.ACCEPTED
    assert _refresh(recipe).body == PROPOSED
    version = Version.objects.get_for_object(recipe).first()
    assert proposal.result_version == version
    revision = version.revision
    assert revision.user == contributor
    assert revision.comment == f"Vorschlag #{proposal.pk} übernommen: Digitaler Posteingang seit 2024."
    info = RevisionInfo.objects.get(revision=revision)
    assert info.kind == RevisionInfo.Kind.PROPOSAL
    assert info.approved_by == moderator
    assert info.proposal_url == f"/vorschlaege/{proposal.pk}/"
    assert (proposal.decided_by, proposal.decision_reason) == (moderator, "Danke!")


def test_accepting_two_of_three_changed_sentences(proposal, recipe, moderator):
    proposal = proposal_accept(proposal=proposal, reviewer=moderator, accepted_hunks=[1, 3])
    assert proposal.status == Status.PARTLY_ACCEPTED
    body = _refresh(recipe).body
    assert body.startswith("Der Posteingang wird jeden Morgen digital gescannt. Danach verteilt die "
                           "Poststelle die Akten. Die Sachbearbeitung prüft jeden Antrag innerhalb "
                           "von drei Tagen.")
    assert f"Vorschlag #{proposal.pk} teilweise übernommen" in history(recipe)[0].revision.comment
    assert proposal.events.last().message.startswith("2 von 3 Änderungen übernommen.")
    assert history(recipe)[0].info.passages == "Stellen 1, 3 von 3"


def test_the_history_says_a_proposal_was_taken_in_part_and_which_passages(client, proposal, recipe, moderator):
    proposal_accept(proposal=proposal, reviewer=moderator, accepted_hunks=[2])

    page = client.get(reverse("recipe_history", args=[recipe.slug])).content.decode()

    assert "Vorschlag teilweise übernommen (Stelle 2 von 3)" in page


def test_accepting_every_passage_by_selection_counts_as_accepted(proposal, moderator):
    proposal = proposal_accept(proposal=proposal, reviewer=moderator, accepted_hunks=["1", "2", "3"])
    assert proposal.status == Status.ACCEPTED


def test_a_title_change_can_be_left_out(recipe, contributor, moderator):
    proposal = propose(recipe, contributor, title="Sachbearbeitung digital")
    proposal = proposal_accept(proposal=proposal, reviewer=moderator, accepted_hunks=[1, 2])
    recipe = _refresh(recipe)
    assert recipe.title == "Sachbearbeitung" and "Dokumentenmanagementsystem" in recipe.body


def test_selecting_nothing_or_unknown_passages_is_refused(proposal, recipe, moderator):
    with pytest.raises(ValidationError, match="mindestens eine"):
        proposal_accept(proposal=proposal, reviewer=moderator, accepted_hunks=[])
    with pytest.raises(ValidationError):
        proposal_accept(proposal=proposal, reviewer=moderator, accepted_hunks=[1, 9])
    assert _refresh(recipe).body == BODY


def test_the_moderator_can_edit_before_accepting(proposal, recipe, contributor, moderator):
    edited = PROPOSED.replace("drei Tagen", "drei Werktagen")
    proposal = proposal_accept(proposal=proposal, reviewer=moderator, edited_body=edited,
                               message="„Werktage“ ist genauer.")
    assert proposal.status == Status.PARTLY_ACCEPTED
    assert _refresh(recipe).body == edited
    assert history(recipe)[0].author == contributor
    edit = proposal.events.get(action=ProposalEvent.Action.EDITED)
    assert edit.actor == moderator and edit.body == edited


def test_an_unchanged_edit_is_a_plain_acceptance(proposal, moderator):
    proposal = proposal_accept(proposal=proposal, reviewer=moderator, edited_body=PROPOSED)
    assert proposal.status == Status.ACCEPTED
    assert not proposal.events.filter(action=ProposalEvent.Action.EDITED).exists()


# --- Merging with changes made since the base -------------------------------------------

FIRST = BODY.replace("morgens", "jeden Morgen")
SECOND = BODY.replace("jeden Antrag", "jeden Antrag sorgfältig")


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_two_proposals_on_different_sentences_of_one_paragraph_both_apply(
    recipe, contributor, other_contributor, moderator, order
):
    base = latest_version_id(recipe)
    proposals = [propose(recipe, contributor, FIRST, base=base),
                 propose(recipe, other_contributor, SECOND, base=base)]
    for index in order:
        assert proposal_accept(proposal=proposals[index], reviewer=moderator).status == Status.ACCEPTED
    body = _refresh(recipe).body
    assert "jeden Morgen gescannt" in body and "jeden Antrag sorgfältig." in body
    assert len(history(recipe)) == 4


def test_a_proposal_merges_with_a_direct_edit_made_since(proposal, recipe, editor, moderator):
    recipe_edit(recipe=recipe, user=editor, base_version_id=latest_version_id(recipe),
                title=recipe.title, body=BODY.replace("Archiv", "digitalen Archiv"),
                comment="Archiv präzisiert")
    proposal_accept(proposal=proposal, reviewer=moderator)
    body = _refresh(recipe).body
    assert "im digitalen Archiv" in body and "Dokumentenmanagementsystem" in body


def test_a_real_conflict_saves_nothing_until_resolved(proposal, recipe, editor, moderator):
    recipe = _refresh(recipe)
    recipe.body = BODY.replace("die Poststelle", "die Zentrale")
    recipe_save(recipe=recipe, user=editor, comment="Zentrale")
    with pytest.raises(EditConflict) as raised:
        proposal_accept(proposal=proposal, reviewer=moderator)
    conflict = raised.value
    assert _refresh(recipe).body == recipe.body
    proposal.refresh_from_db()
    assert proposal.status == Status.OPEN and proposal.result_version is None
    assert not proposal.events.exclude(action="submitted").exists()

    [body_conflict] = conflict.merges["body"].conflicts
    assert "die Zentrale" in body_conflict.current_text
    assert "Dokumentenmanagementsystem" in body_conflict.proposed_text
    proposal = proposal_accept(
        proposal=proposal, reviewer=moderator, resolutions={"body": {body_conflict.id: "proposed"}},
        current_version_id=conflict.current_version_id,
    )
    body = _refresh(recipe).body
    assert "Dokumentenmanagementsystem" in body and "jeden Morgen digital" in body
    assert proposal.status == Status.ACCEPTED


# --- New recipes -------------------------------------------------------------------------

def test_a_new_recipe_proposal_creates_the_recipe_when_accepted(small_book, contributor, moderator):
    proposal = proposal_create_recipe(
        chapter=small_book, author=contributor, number="7.1.5", title="Bescheiderstellung",
        body="Der Bescheid wird **elektronisch** zugestellt.", summary="Fehlt im Musterprozess.",
    )
    assert proposal.is_new_recipe and not Recipe.objects.filter(number="7.1.5").exists()
    proposal = proposal_accept(proposal=proposal, reviewer=moderator)
    recipe = Recipe.objects.get(number="7.1.5")
    assert proposal.recipe == recipe and proposal.status == Status.ACCEPTED
    assert recipe.parent.number == "7.1" and recipe.chapter == small_book
    [entry] = history(recipe)
    assert entry.author == contributor and entry.info.approved_by == moderator
    assert entry.info.kind == RevisionInfo.Kind.PROPOSAL


@pytest.mark.parametrize("number, message", [
    ("6.9", "beginnen"), ("7.1.3", "vergeben"), ("7.8.1", "gibt es nicht"), ("sieben", "Nummer"),
])
def test_a_new_recipe_needs_a_free_number_in_its_chapter(small_book, contributor, number, message):
    with pytest.raises(ValidationError, match=message):
        proposal_create_recipe(chapter=small_book, author=contributor, number=number,
                               title="Neu", body="Text.", summary="Grund")


def test_a_new_recipe_whose_number_was_taken_meanwhile_is_not_accepted(small_book, contributor, moderator):
    proposal = proposal_create_recipe(chapter=small_book, author=contributor, number="7.1.5",
                                      title="Bescheid", body="Text.", summary="Grund")
    from tests.factories import make_recipe
    make_recipe("7.1.5", "Schon da")
    with pytest.raises(ValidationError):
        proposal_accept(proposal=proposal, reviewer=moderator)
    proposal.refresh_from_db()
    assert proposal.status == Status.OPEN


# --- E-mail ------------------------------------------------------------------------------

@pytest.mark.parametrize("decide, subject, text", [
    (lambda p, m: proposal_accept(proposal=p, reviewer=m, message="Prima."), "wurde übernommen", "Prima."),
    (lambda p, m: proposal_accept(proposal=p, reviewer=m, accepted_hunks=[2]), "teilweise übernommen",
     "1 von 3 Änderungen"),
    (lambda p, m: proposal_reject(proposal=p, reviewer=m, reason="Steht schon in 7.1.3."), "abgelehnt",
     "Steht schon in 7.1.3."),
    (lambda p, m: proposal_request_changes(proposal=p, reviewer=m, message="Quelle fehlt."),
     "überarbeiten", "Quelle fehlt."),
])
def test_the_author_is_mailed_every_decision_with_the_reason_and_a_link(
    proposal, moderator, contributor, django_capture_on_commit_callbacks, decide, subject, text
):
    with django_capture_on_commit_callbacks(execute=True):
        decide(proposal, moderator)
    to_author = [m for m in mail.outbox if m.to == [contributor.email]]
    assert len(to_author) == 1
    message = to_author[0]
    assert subject in message.subject and f"#{proposal.pk}" in message.subject
    assert text in message.body
    assert f"/vorschlaege/{proposal.pk}/" in message.body


def test_no_mail_when_a_decision_fails(proposal, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError):
            proposal_reject(proposal=proposal, reviewer=moderator, reason="")
    assert mail.outbox == []

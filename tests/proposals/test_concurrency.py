"""Two moderators at once, in real concurrent transactions on PostgreSQL: no change is lost."""

import threading
import time

import pytest
from django.db import connection

from proposals.models import EditProposal
from proposals.services import proposal_accept
from recipes.models import Recipe
from recipes.services import recipe_edit
from recipes.versions import history, latest_version_id
from tests.proposals.conftest import BODY, propose

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="braucht echte parallele Transaktionen mit Zeilensperren (PostgreSQL)"),
]

FIRST = BODY.replace("morgens", "jeden Morgen")
SECOND = BODY.replace("jeden Antrag", "jeden Antrag sorgfältig")


@pytest.fixture(autouse=True)
def roles(transactional_db):
    """A transactional test empties every table afterwards, the groups of the roles too."""
    from django.apps import apps

    from accounts.roles import sync_roles

    sync_roles(apps)


@pytest.fixture
def slow_commit(monkeypatch):
    """Every write pauses after locking the recipe and before reading its current version.

    With the row lock, the other writer waits and then reads the newer state; without it,
    both would read the same old state and the later save would drop the earlier change.
    """
    from recipes import services

    original = services.latest_version_id

    def slow(obj):
        time.sleep(0.4)
        return original(obj)

    # Where recipe_edit reads it, right after locking the row (services imports the name).
    monkeypatch.setattr(services, "latest_version_id", slow)


def _race(*jobs):
    """Run the jobs in threads (each with its own database connection), started together."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait(timeout=10)
            job()
        except Exception as error:  # reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return time.monotonic() - started


def test_two_moderators_accepting_two_proposals_at_once_keep_both(
    recipe, contributor, other_contributor, moderator, second_moderator, slow_commit
):
    base = latest_version_id(recipe)
    first = propose(recipe, contributor, FIRST, base=base)
    second = propose(recipe, other_contributor, SECOND, base=base)
    took = _race(lambda: proposal_accept(proposal=first, reviewer=moderator),
                 lambda: proposal_accept(proposal=second, reviewer=second_moderator))
    assert took >= 0.8  # the second waited for the first one's lock
    body = Recipe.objects.get(pk=recipe.pk).body
    assert "jeden Morgen gescannt" in body and "jeden Antrag sorgfältig." in body
    assert set(EditProposal.objects.values_list("status", flat=True)) == {"accepted"}
    newest = history(recipe)[:2]
    assert {entry.author for entry in newest} == {contributor, other_contributor}
    assert {entry.info.approved_by for entry in newest} == {moderator, second_moderator}


def test_accepting_while_someone_edits_directly_keeps_both(
    recipe, contributor, moderator, editor, slow_commit
):
    base = latest_version_id(recipe)
    proposal = propose(recipe, contributor, FIRST, base=base)
    _race(
        lambda: proposal_accept(proposal=proposal, reviewer=moderator),
        lambda: recipe_edit(recipe=recipe, user=editor, base_version_id=base, title=recipe.title,
                            body=SECOND, comment="Direkt bearbeitet"),
    )
    body = Recipe.objects.get(pk=recipe.pk).body
    assert "jeden Morgen gescannt" in body and "jeden Antrag sorgfältig." in body
    assert len(history(recipe)) == 4


def test_two_moderators_accepting_the_same_proposal_apply_it_once(
    recipe, contributor, moderator, second_moderator, slow_commit
):
    proposal = propose(recipe, contributor, FIRST)
    outcomes = []

    def accept(reviewer):
        try:
            proposal_accept(proposal=proposal, reviewer=reviewer)
            outcomes.append("übernommen")
        except Exception as error:
            outcomes.append(type(error).__name__)

    _race(lambda: accept(moderator), lambda: accept(second_moderator))
    assert sorted(outcomes) == ["ValidationError", "übernommen"]
    assert len(history(recipe)) == 3

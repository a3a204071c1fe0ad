"""A comment becomes an edit proposal; accepting the proposal marks its thread "erledigt"."""

import html as html_lib
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from comments import services as comment_services
from comments.anchoring import selection_anchor
from comments.models import Comment, ModerationEvent
from comments.passages import blocks_of
from proposals.models import EditProposal
from proposals.services import (
    proposal_accept,
    proposal_reject,
    proposal_request_changes,
    proposal_withdraw,
)
from recipes.models import Recipe
from recipes.rendering import render_markdown
from recipes.services import recipe_save
from recipes.versions import latest_version_id
from tests.factories import make_comment
from tests.proposals.conftest import BODY, PROPOSED, propose

pytestmark = pytest.mark.django_db
Status = EditProposal.Status
PASSAGE = "Danach verteilt die Poststelle die Akten."


def page_of(response):
    return response.content.decode()


def form_url(recipe, comment):
    return f"{reverse('proposal_create', args=[recipe.slug])}?kommentar={comment.pk}"


def on_passage(recipe, author, text="Die Poststelle gibt es bei uns nicht mehr.", quote=PASSAGE):
    """A thread on ``quote`` in the recipe's first paragraph, as the site stores it."""
    blocks = blocks_of(render_markdown(recipe.body).html)
    anchor = selection_anchor(blocks, block_id=blocks[0].id, quote=quote)
    assert anchor is not None
    return make_comment(recipe, author, text, anchor=anchor)


@pytest.fixture
def thread(recipe, other_contributor):
    return on_passage(recipe, other_contributor)


def submit(client, recipe, comment, body=PROPOSED, summary="Die Poststelle gibt es nicht mehr."):
    return client.post(form_url(recipe, comment), {
        "title": recipe.title, "body": body, "summary": summary,
        "base_version": latest_version_id(recipe), "save": "1",
    })


# --- The whole way, through the pages ----------------------------------------------------

def test_a_comment_on_a_passage_becomes_a_proposal_that_resolves_the_thread_when_accepted(
    client, recipe, thread, contributor, moderator
):
    client.force_login(contributor)
    recipe_page = page_of(client.get(recipe.get_absolute_url()))
    link = html_lib.escape(form_url(recipe, thread))
    assert f'<a href="{link}">Als Änderungsvorschlag übernehmen</a>' in recipe_page

    form = page_of(client.get(form_url(recipe, thread)))
    assert "Aus dem Kommentar von Omar Ortmann" in form
    assert f"<mark>{PASSAGE}</mark>" in form and f'data-passage="{PASSAGE}"' in form
    assert "Die Poststelle gibt es bei uns nicht mehr." in form  # the comment's text
    assert f'href="{recipe.get_absolute_url()}#kommentar-{thread.pk}"' in form
    assert "js/proposal-passage.js" in form
    textarea = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', form, re.S).group(1)
    assert html_lib.unescape(textarea).strip() == BODY.strip()  # the editor holds the recipe
    summary = re.search(r'<textarea name="summary"[^>]*>(.*?)</textarea>', form, re.S).group(1)
    assert "Aus dem Kommentar von Omar Ortmann" in html_lib.unescape(summary)

    response = submit(client, recipe, thread)
    proposal = EditProposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    assert proposal.source_comment == thread and proposal.author == contributor

    detail = page_of(client.get(proposal.get_absolute_url()))
    assert (f'<a href="{recipe.get_absolute_url()}#kommentar-{thread.pk}">Aus Kommentar von Omar Ortmann</a>'
            in detail)
    recipe_page = page_of(client.get(recipe.get_absolute_url()))
    assert (f'<a href="{proposal.get_absolute_url()}">Änderungsvorschlag #{proposal.pk} eingereicht</a>'
            in recipe_page)

    client.force_login(moderator)
    review = page_of(client.get(reverse("proposal_review", args=[proposal.pk])))
    assert f"#kommentar-{thread.pk}" in review and "Aus Kommentar von Omar Ortmann" in review
    response = client.post(reverse("proposal_review", args=[proposal.pk]), {"aktion": "alle"})
    assert response.status_code == 302

    proposal.refresh_from_db()
    thread.refresh_from_db()
    assert proposal.status == Status.ACCEPTED
    assert thread.is_resolved and thread.resolved_by == moderator
    assert thread.resolved_version_id == proposal.result_version_id == latest_version_id(recipe)
    event = ModerationEvent.objects.get(comment=thread)
    assert event.action == ModerationEvent.Action.RESOLVE and event.version_id == proposal.result_version_id
    assert event.reason == f"Vorschlag #{proposal.pk} übernommen."

    client.logout()
    version_url = reverse("recipe_version", args=[recipe.slug, proposal.result_version_id])
    recipe_page = page_of(client.get(recipe.get_absolute_url()))
    assert '<span class="badge badge--resolved">erledigt</span>' in recipe_page
    assert f'<a href="{version_url}">durch diese Fassung</a>' in recipe_page
    assert client.get(version_url).status_code == 200
    client.force_login(contributor)
    assert "Als Änderungsvorschlag übernehmen" not in page_of(client.get(recipe.get_absolute_url()))


@pytest.mark.parametrize("way", ["auswahl", "bearbeitet"])
def test_a_partly_accepted_proposal_resolves_its_thread_too(client, recipe, thread, contributor, moderator, way):
    client.force_login(contributor)
    submit(client, recipe, thread)
    proposal = EditProposal.objects.get()
    client.force_login(moderator)
    if way == "auswahl":
        response = client.post(reverse("proposal_review", args=[proposal.pk]),
                               {"aktion": "auswahl", "aenderung": ["2"]})
    else:
        response = client.post(reverse("proposal_review_edit", args=[proposal.pk]), {
            "title": recipe.title, "body": PROPOSED.replace("drei Tagen", "fünf Tagen"), "message": "Fünf.",
        })
    assert response.status_code == 302
    proposal.refresh_from_db()
    thread.refresh_from_db()
    assert proposal.status == Status.PARTLY_ACCEPTED
    assert thread.is_resolved and thread.resolved_version_id == proposal.result_version_id


@pytest.mark.parametrize("decision", ["reject", "request_changes", "withdraw"])
def test_a_proposal_that_is_not_accepted_leaves_the_thread_open(recipe, thread, contributor, moderator, decision):
    proposal = propose(recipe, contributor)
    EditProposal.objects.filter(pk=proposal.pk).update(source_comment=thread)
    proposal.refresh_from_db()
    if decision == "reject":
        proposal_reject(proposal=proposal, reviewer=moderator, reason="Die Poststelle bleibt.")
    elif decision == "request_changes":
        proposal_request_changes(proposal=proposal, reviewer=moderator, message="Bitte kürzer.")
    else:
        proposal_withdraw(proposal=proposal, author=contributor)
    thread.refresh_from_db()
    assert not thread.is_resolved and not ModerationEvent.objects.filter(comment=thread).exists()


def test_after_a_rejection_the_thread_can_become_a_new_proposal(client, recipe, thread, contributor, moderator):
    client.force_login(contributor)
    submit(client, recipe, thread)
    first = EditProposal.objects.get()
    proposal_reject(proposal=first, reviewer=moderator, reason="So nicht.")
    page = page_of(client.get(recipe.get_absolute_url()))
    assert "Als Änderungsvorschlag übernehmen" in page
    assert submit(client, recipe, thread, body=PROPOSED.replace("drei", "zwei")).status_code == 302
    assert EditProposal.objects.filter(source_comment=thread).count() == 2


def test_a_conflict_on_acceptance_leaves_the_thread_open(client, recipe, thread, contributor, moderator, editor):
    client.force_login(contributor)
    submit(client, recipe, thread)
    proposal = EditProposal.objects.get()
    current = Recipe.objects.get(pk=recipe.pk)
    current.body = BODY.replace("die Poststelle", "die Zentrale")
    recipe_save(recipe=current, user=editor, comment="Zentrale")
    client.force_login(moderator)
    response = client.post(reverse("proposal_review", args=[proposal.pk]), {"aktion": "alle"})
    assert response.status_code == 409
    thread.refresh_from_db()
    proposal.refresh_from_db()
    assert proposal.is_waiting and not thread.is_resolved


def test_a_thread_resolved_meanwhile_keeps_its_resolution_and_the_acceptance_goes_through(
    recipe, thread, contributor, other_contributor, moderator, editor
):
    first = propose(recipe, contributor)
    second = propose(recipe, other_contributor, body=BODY.replace("im Archiv", "im digitalen Archiv"))
    EditProposal.objects.filter(pk__in=[first.pk, second.pk]).update(source_comment=thread)
    proposal_accept(proposal=first, reviewer=moderator)
    thread.refresh_from_db()
    resolved_with = thread.resolved_version_id
    assert resolved_with == EditProposal.objects.get(pk=first.pk).result_version_id

    accepted = proposal_accept(proposal=second, reviewer=editor)  # merged onto the first
    thread.refresh_from_db()
    assert accepted.status == Status.ACCEPTED
    assert thread.resolved_version_id == resolved_with and thread.resolved_by == moderator
    assert ModerationEvent.objects.filter(comment=thread).count() == 1


# --- Who may, and with which comment -----------------------------------------------------

ROLES = ["anonymous", "unverified", "contributor", "other_contributor", "moderator", "editor"]


@pytest.mark.parametrize("role", ROLES)
def test_only_people_who_may_propose_see_the_link_and_open_the_form(client, recipe, thread, role, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    page = page_of(client.get(recipe.get_absolute_url()))
    response = client.get(form_url(recipe, thread))
    may = role not in ("anonymous", "unverified")
    assert ("Als Änderungsvorschlag übernehmen" in page) == may
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == (200 if may else 403)


def test_unverified_people_cannot_post_a_proposal_from_a_comment(client, recipe, thread, unverified):
    client.force_login(unverified)
    assert submit(client, recipe, thread).status_code == 403
    assert not EditProposal.objects.exists()


def _other_recipe_thread(recipe, author):
    return make_comment(Recipe.objects.get(number="7.1.3"), author, "Anderes Rezept")


def _chapter_thread(recipe, author):
    return make_comment(recipe.chapter, author, "Zum Kapitel")


def _reply(recipe, author):
    return make_comment(recipe, author, "Eine Antwort", parent=make_comment(recipe, author, "Faden"))


def _hidden(recipe, author, moderator):
    return comment_services.comment_hide(comment=make_comment(recipe, author, "Weg"), moderator=moderator,
                                         reason="Werbung")


def _deleted(recipe, author):
    return comment_services.comment_delete(comment=make_comment(recipe, author, "Zurück"), user=author)


def _held(recipe, author):
    comment = make_comment(recipe, author, "Wartet")
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.HELD)
    return comment


def _resolved(recipe, author, moderator):
    return comment_services.thread_resolve(comment=make_comment(recipe, author, "Erledigt"), user=moderator)


UNUSABLE = {
    "another recipe's thread": lambda recipe, author, moderator: _other_recipe_thread(recipe, author),
    "a chapter's thread": lambda recipe, author, moderator: _chapter_thread(recipe, author),
    "a reply": lambda recipe, author, moderator: _reply(recipe, author),
    "a hidden thread": _hidden,
    "a deleted thread": lambda recipe, author, moderator: _deleted(recipe, author),
    "a held thread": lambda recipe, author, moderator: _held(recipe, author),
    "a resolved thread": _resolved,
}


@pytest.mark.parametrize("case", list(UNUSABLE))
def test_a_proposal_cannot_be_attached_to_a_comment_it_does_not_answer(
    client, recipe, contributor, other_contributor, moderator, case
):
    comment = UNUSABLE[case](recipe, other_contributor, moderator)
    client.force_login(contributor)
    assert client.get(form_url(recipe, comment)).status_code == 404
    assert submit(client, recipe, comment).status_code == 404
    assert not EditProposal.objects.exists()
    with pytest.raises(ValidationError):  # the service refuses it whatever door it comes through
        propose_from(recipe, contributor, comment)
    assert not EditProposal.objects.exists()


def propose_from(recipe, author, comment):
    from proposals.services import proposal_create

    return proposal_create(recipe=recipe, author=author, base_version_id=latest_version_id(recipe),
                           title=recipe.title, body=PROPOSED, summary="Aus dem Kommentar.",
                           source_comment=comment)


@pytest.mark.parametrize("value", ["abc", "-1", "99999999", "1 OR 1=1"])
def test_a_made_up_comment_id_is_a_404(client, recipe, contributor, value):
    client.force_login(contributor)
    response = client.get(reverse("proposal_create", args=[recipe.slug]), {"kommentar": value})
    assert response.status_code == 404


def test_without_a_comment_the_form_is_the_plain_one(client, recipe, contributor):
    client.force_login(contributor)
    page = page_of(client.get(reverse("proposal_create", args=[recipe.slug])))
    assert "Aus dem Kommentar" not in page and "proposal-passage.js" not in page
    assert submit_plain(client, recipe).status_code == 302
    assert EditProposal.objects.get().source_comment is None


def submit_plain(client, recipe):
    return client.post(reverse("proposal_create", args=[recipe.slug]), {
        "title": recipe.title, "body": PROPOSED, "summary": "Einfach so.",
        "base_version": latest_version_id(recipe), "save": "1",
    })


def test_a_comment_without_a_passage_shows_its_text_and_no_passage(client, recipe, other_contributor, contributor):
    comment = make_comment(recipe, other_contributor, "Das ganze Rezept ist **veraltet**.")
    client.force_login(contributor)
    page = page_of(client.get(form_url(recipe, comment)))
    assert "<strong>veraltet</strong>" in page and "<mark>" not in page
    assert "Der Kommentar bezieht sich auf diese Stelle" not in page and "proposal-passage.js" not in page


def test_a_passage_gone_from_the_text_is_shown_as_from_an_older_version(
    client, recipe, thread, contributor, editor
):
    current = Recipe.objects.get(pk=recipe.pk)
    current.body = "Ganz neuer Text ohne die Stelle.\n"
    recipe_save(recipe=current, user=editor, comment="Neu geschrieben")
    client.force_login(contributor)
    page = page_of(client.get(form_url(recipe, thread)))
    assert f"<mark>{PASSAGE}</mark>" in page and "bezieht sich auf eine ältere Fassung" in page
    assert "data-passage=" not in page and "proposal-passage.js" not in page


def test_hostile_comment_text_stays_text_on_the_form(client, recipe, other_contributor, contributor):
    comment = make_comment(recipe, other_contributor, '<script>alert(1)</script> "><img src=x onerror=alert(2)>')
    client.force_login(contributor)
    page = page_of(client.get(form_url(recipe, comment)))
    assert "<script>alert(1)" not in page and "<img src=x" not in page

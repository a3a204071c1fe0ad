"""Proposal pages through the test client, with the real roles and permissions."""

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals.models import EditProposal
from proposals.services import proposal_create_recipe, proposal_reject, proposal_request_changes
from recipes.models import Recipe
from recipes.services import recipe_save
from recipes.versions import history, latest_version_id
from tests.proposals.conftest import BODY, PROPOSED, propose

pytestmark = pytest.mark.django_db
Status = EditProposal.Status


def _login(client, user):
    if user is not None:
        client.force_login(user)


# --- Every action × every role ------------------------------------------------------------

ROLES = ["anonymous", "unverified", "author", "other", "moderator", "editor"]
# action → (method, url name, expected status per role). "login" means a redirect to sign-in.
MATRIX = {
    "propose": ("get", "proposal_create", dict(zip(ROLES, ["login", 403, 200, 200, 200, 200]))),
    "propose_recipe": ("get", "proposal_create_recipe", dict(zip(ROLES, ["login", 403, 200, 200, 200, 200]))),
    "detail": ("get", "proposal_detail", dict(zip(ROLES, ["login", 404, 200, 404, 200, 200]))),
    "revise": ("get", "proposal_revise", dict(zip(ROLES, ["login", 404, 200, 404, 403, 403]))),
    "withdraw": ("post", "proposal_withdraw", dict(zip(ROLES, ["login", 404, 302, 404, 403, 403]))),
    "mine": ("get", "proposal_mine", dict(zip(ROLES, ["login", 200, 200, 200, 200, 200]))),
    "queue": ("get", "proposal_queue", dict(zip(ROLES, ["login", 403, 403, 403, 200, 200]))),
    "review": ("get", "proposal_review", dict(zip(ROLES, ["login", 403, 403, 403, 200, 200]))),
    "accept": ("post", "proposal_review", dict(zip(ROLES, ["login", 403, 403, 403, 302, 302]))),
    "review_edit": ("get", "proposal_review_edit", dict(zip(ROLES, ["login", 403, 403, 403, 200, 200]))),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX))
def test_every_action_for_every_role(client, proposal, recipe, small_book, role, action, request):
    method, name, expected = MATRIX[action]
    fixture = {"unverified": "unverified", "other": "other_contributor", "moderator": "moderator",
               "editor": "editor"}.get(role)
    user = request.getfixturevalue(fixture) if fixture else {"anonymous": None, "author": proposal.author}[role]
    _login(client, user)
    args = {"proposal_create": [recipe.slug], "proposal_create_recipe": [small_book.slug],
            "proposal_mine": [], "proposal_queue": []}.get(name, [proposal.pk])
    url = reverse(name, args=args)
    response = client.post(url, {"aktion": "alle"}) if method == "post" else client.get(url)
    if expected[role] == "login":
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected[role]
    proposal.refresh_from_db()
    changed = {"withdraw": Status.WITHDRAWN, "accept": Status.ACCEPTED}.get(action)
    assert proposal.status == (changed if expected[role] == 302 else Status.OPEN)


def test_a_moderator_cannot_review_their_own_proposal_on_the_page(client, recipe, moderator):
    own = propose(recipe, moderator)
    client.force_login(moderator)
    page = client.get(reverse("proposal_review", args=[own.pk])).content.decode()
    assert "eigener Vorschlag" in page and 'value="alle"' not in page
    assert client.post(reverse("proposal_review", args=[own.pk]), {"aktion": "alle"}).status_code == 403
    assert client.get(reverse("proposal_review_edit", args=[own.pk])).status_code == 403


def test_the_header_links_to_the_queue_for_reviewers_only(client, contributor, moderator, small_book):
    client.force_login(contributor)
    page = client.get(reverse("book")).content.decode()
    assert reverse("proposal_mine") in page and f'href="{reverse("proposal_queue")}"' not in page
    client.force_login(moderator)
    assert f'href="{reverse("proposal_queue")}"' in client.get(reverse("book")).content.decode()


# --- Proposing ---------------------------------------------------------------------------

def test_the_recipe_page_offers_to_propose_a_change(client, recipe, contributor):
    client.force_login(contributor)
    page = client.get(recipe.get_absolute_url()).content.decode()
    assert reverse("proposal_create", args=[recipe.slug]) in page and "Änderung vorschlagen" in page


def test_the_form_is_prefilled_and_carries_the_base_version(client, recipe, contributor):
    client.force_login(contributor)
    page = client.get(reverse("proposal_create", args=[recipe.slug])).content.decode()
    assert f'name="base_version" value="{latest_version_id(recipe)}"' in page
    assert "Der Posteingang wird morgens gescannt." in page and "Markdown" in page
    assert "Kurze Begründung" in page


def _post_proposal(client, recipe, body=PROPOSED, **extra):
    return client.post(reverse("proposal_create", args=[recipe.slug]), {
        "title": recipe.title, "body": body, "summary": "Digitaler Posteingang.",
        "base_version": latest_version_id(recipe), **extra,
    })


def test_the_preview_shows_the_text_and_the_changes_without_saving(client, recipe, contributor):
    client.force_login(contributor)
    response = _post_proposal(client, recipe, PROPOSED + "\nMit **Signatur**.", preview="1")
    page = response.content.decode()
    assert "<strong>Signatur</strong>" in page
    assert '<ins class="diff-ins">' in page and "Dokumentenmanagementsystem" in page
    assert not EditProposal.objects.exists()


def test_submitting_shows_the_proposal_and_leaves_the_recipe_alone(client, recipe, contributor):
    client.force_login(contributor)
    response = _post_proposal(client, recipe, PROPOSED.replace("\n", "\r\n"))
    proposal = EditProposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "wartet auf Prüfung" in page and "Digitaler Posteingang." in page
    assert '<ins class="diff-ins">' in page
    assert Recipe.objects.get(pk=recipe.pk).body == BODY
    assert proposal.body == PROPOSED


def test_an_unchanged_proposal_is_refused_with_a_message(client, recipe, contributor):
    client.force_login(contributor)
    response = _post_proposal(client, recipe, BODY)
    assert response.status_code == 200 and "ändert nichts" in response.content.decode()
    assert not EditProposal.objects.exists()


def test_the_rate_limit_is_shown_on_the_form(client, recipe, contributor, settings):
    settings.PROPOSALS_RATE_LIMIT = "1/h"
    client.force_login(contributor)
    assert _post_proposal(client, recipe).status_code == 302
    response = _post_proposal(client, recipe, PROPOSED.replace("Archiv", "E-Akte"))
    assert "viele Vorschläge" in response.content.decode()
    assert EditProposal.objects.count() == 1


def test_proposal_text_is_sanitised_on_every_page(client, recipe, contributor, moderator):
    proposal = propose(recipe, contributor, BODY + "\n<script>alert(1)</script> [x](javascript:alert(1))\n")
    client.force_login(moderator)
    for name in ("proposal_detail", "proposal_review"):
        page = client.get(reverse(name, args=[proposal.pk])).content.decode()
        assert "<script>alert" not in page and 'href="javascript' not in page


# --- What readers and the author see while a proposal waits --------------------------------

def test_readers_see_the_current_version_and_the_author_a_note(client, proposal, recipe, other_contributor):
    page = client.get(recipe.get_absolute_url()).content.decode()
    assert "morgens gescannt" in page and "Dokumentenmanagementsystem" not in page
    assert "wartet auf Prüfung" not in page
    client.force_login(other_contributor)
    assert "wartet auf Prüfung" not in client.get(recipe.get_absolute_url()).content.decode()
    client.force_login(proposal.author)
    page = client.get(recipe.get_absolute_url()).content.decode()
    assert "Ihr Vorschlag vom" in page and "wartet auf Prüfung" in page
    assert proposal.get_absolute_url() in page


def test_the_author_note_asks_for_a_revision_when_changes_are_requested(client, proposal, recipe, moderator):
    proposal_request_changes(proposal=proposal, reviewer=moderator, message="Quelle?")
    client.force_login(proposal.author)
    page = client.get(recipe.get_absolute_url()).content.decode()
    assert "bittet die Moderation um eine Überarbeitung" in page
    assert reverse("proposal_revise", args=[proposal.pk]) in page


def _render_note(recipe, user):
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load proposals %}{% my_pending_proposals recipe %}").render(
        Context({"request": request, "recipe": recipe}))


def test_the_note_costs_no_query_for_anonymous_readers_and_one_when_signed_in(
    proposal, recipe, django_assert_num_queries
):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert "Vorschlag" not in _render_note(recipe, AnonymousUser())
    with django_assert_num_queries(1):
        assert "Ihr Vorschlag vom" in _render_note(recipe, proposal.author)


def test_my_proposals_lists_only_my_own(client, proposal, recipe, other_contributor):
    mine = propose(recipe, other_contributor, PROPOSED.replace("Archiv", "E-Akte"))
    client.force_login(other_contributor)
    page = client.get(reverse("proposal_mine")).content.decode()
    assert f"#{mine.pk} " in page and f"#{proposal.pk} " not in page
    assert "Neues Rezept vorschlagen" in page


# --- Revising and withdrawing ----------------------------------------------------------------

def test_the_author_revises_after_changes_were_requested(client, proposal, recipe, moderator):
    proposal_request_changes(proposal=proposal, reviewer=moderator, message="Bitte Frist belegen.")
    client.force_login(proposal.author)
    url = reverse("proposal_revise", args=[proposal.pk])
    page = client.get(url).content.decode()
    assert "Bitte Frist belegen." in page and "Dokumentenmanagementsystem" in page
    response = client.post(url, {
        "title": recipe.title, "body": PROPOSED.replace("drei Tagen", "fünf Arbeitstagen"),
        "summary": "Frist nach Dienstanweisung.", "message": "Frist belegt.",
    })
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.OPEN and "fünf Arbeitstagen" in proposal.body
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Überarbeitung erbeten" in page and "Frist belegt." in page
    assert "Änderungen gegenüber der vorigen Fassung des Vorschlags" in page


def test_withdrawing_keeps_the_proposal_readable(client, proposal):
    client.force_login(proposal.author)
    client.post(reverse("proposal_withdraw", args=[proposal.pk]))
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "zurückgezogen" in page and reverse("proposal_revise", args=[proposal.pk]) not in page


# --- The queue ------------------------------------------------------------------------------

def test_the_queue_shows_age_chapter_author_and_size(client, proposal, moderator):
    client.force_login(moderator)
    page = client.get(reverse("proposal_queue")).content.decode()
    assert f"#{proposal.pk} " in page and "7.1.4" in page
    assert "Mia Muster" in page and "Stadt Musterstadt" in page
    assert "+9" in page and "−3" in page
    assert "7. Kapitel 7" in page
    assert reverse("proposal_review", args=[proposal.pk]) in page


def test_the_queue_filters_by_status_and_chapter(client, proposal, recipe, moderator, other_contributor, small_book):
    rejected = propose(recipe, other_contributor, PROPOSED.replace("Archiv", "E-Akte"))
    proposal_reject(proposal=rejected, reviewer=moderator, reason="Nein")
    other_chapter = propose(Recipe.objects.get(number="6.1"), other_contributor, "Neu.")
    client.force_login(moderator)
    url = reverse("proposal_queue")

    def listed(**params):
        page = client.get(url, params).content.decode()
        return {int(n) for n in re.findall(r'class="proposal-table__link">#(\d+)', page)}

    assert listed() == {proposal.pk, other_chapter.pk}
    assert listed(status="rejected") == {rejected.pk}
    assert listed(status="alle") == {proposal.pk, rejected.pk, other_chapter.pk}
    assert listed(kapitel=small_book.slug) == {proposal.pk}


def test_new_recipe_proposals_are_in_the_queue_under_their_chapter(client, small_book, contributor, moderator):
    new = proposal_create_recipe(chapter=small_book, author=contributor, number="7.2",
                                 title="Neues Rezept", body="Text.", summary="Fehlt.")
    client.force_login(moderator)
    page = client.get(reverse("proposal_queue"), {"kapitel": small_book.slug}).content.decode()
    assert f"#{new.pk} " in page and "neues Rezept" in page


def _many_proposals(recipe, small_book, count, author):
    for n in range(count):
        propose(recipe, author, PROPOSED.replace("Archiv", f"Archiv {n}"))
        proposal_create_recipe(chapter=small_book, author=author, number=f"7.{n + 2}",
                               title=f"Neu {n}", body="Text.", summary="Grund")


def _queries(client, url):
    client.get(url)  # the first request after signing in also stores the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_queue_runs_the_same_queries_for_1_or_30_proposals(
    client, recipe, small_book, contributor, moderator, settings
):
    settings.PROPOSALS_RATE_LIMIT = "1000/h"
    client.force_login(moderator)
    _many_proposals(recipe, small_book, 1, contributor)
    one = _queries(client, reverse("proposal_queue"))
    _many_proposals(recipe, small_book, 29, contributor)
    assert _queries(client, reverse("proposal_queue")) == one


def test_the_review_page_runs_the_same_queries_for_1_or_30_proposals(
    client, proposal, recipe, small_book, contributor, moderator, settings
):
    settings.PROPOSALS_RATE_LIMIT = "1000/h"
    client.force_login(moderator)
    url = reverse("proposal_review", args=[proposal.pk])
    one = _queries(client, url)
    _many_proposals(recipe, small_book, 30, contributor)
    for n in range(3):
        proposal_request_changes(proposal=proposal, reviewer=moderator, message=f"Runde {n}")
        proposal.refresh_from_db()
        proposal.status = Status.OPEN  # add to the timeline; the state itself does not matter here
        proposal.save()
    assert _queries(client, url) == one
    assert _queries(client, url + "?gegen=aktuell&ansicht=nebeneinander") == one


# --- The review page ---------------------------------------------------------------------

def test_the_review_page_lists_each_passage_to_take_or_leave(client, proposal, moderator):
    client.force_login(moderator)
    page = client.get(reverse("proposal_review", args=[proposal.pk])).content.decode()
    assert page.count('name="aenderung"') == 3
    assert "übernehmen" in page and "Dokumentenmanagementsystem" in page
    assert '<del class="diff-del">die Poststelle</del>' in page
    assert "Alles übernehmen" in page and "Nur die ausgewählten Stellen übernehmen" in page
    assert reverse("proposal_review_edit", args=[proposal.pk]) in page


def test_the_diff_against_the_current_text_shows_what_acceptance_would_change(
    client, proposal, recipe, editor, moderator
):
    recipe = Recipe.objects.get(pk=recipe.pk)
    recipe.body = BODY.replace("Archiv", "digitalen Archiv")
    recipe_save(recipe=recipe, user=editor, comment="Archiv")
    client.force_login(moderator)
    url = reverse("proposal_review", args=[proposal.pk])
    base_page = client.get(url).content.decode()
    assert "seit der Vorschlag eingereicht wurde" in base_page
    assert "?gegen=aktuell" in base_page
    current_page = client.get(url, {"gegen": "aktuell"}).content.decode()
    assert "digitalen Archiv" in current_page  # the newer change is kept, not shown as removed
    assert '<del class="diff-del">digitalen' not in current_page
    assert "Dokumentenmanagementsystem" in current_page
    side = client.get(url, {"gegen": "aktuell", "ansicht": "nebeneinander"}).content.decode()
    assert "diff-columns" in side


def test_accepting_selected_passages_on_the_page(client, proposal, recipe, moderator):
    client.force_login(moderator)
    response = client.post(reverse("proposal_review", args=[proposal.pk]),
                           {"aktion": "auswahl", "aenderung": ["1", "3"], "nachricht": "Teil 2 passt nicht."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.PARTLY_ACCEPTED
    body = Recipe.objects.get(pk=recipe.pk).body
    assert "jeden Morgen digital" in body and "die Poststelle" in body and "drei Tagen" in body
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Teilweise übernommen" in page and "Moritz Moderation" in page and "Teil 2 passt nicht." in page


def test_rejecting_on_the_page_needs_a_reason(client, proposal, moderator):
    client.force_login(moderator)
    url = reverse("proposal_review", args=[proposal.pk])
    response = client.post(url, {"aktion": "ablehnen", "nachricht": ""})
    assert response.status_code == 400 and "Bitte begründen Sie die Ablehnung." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.OPEN
    client.post(url, {"aktion": "ablehnen", "nachricht": "Gehört in Kapitel 8."})
    client.force_login(proposal.author)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Abgelehnt" in page and "Gehört in Kapitel 8." in page and "Moritz Moderation" in page


def test_requesting_changes_on_the_page(client, proposal, moderator):
    client.force_login(moderator)
    client.post(reverse("proposal_review", args=[proposal.pk]),
                {"aktion": "rueckfrage", "nachricht": "Bitte Quelle angeben."})
    proposal.refresh_from_db()
    assert proposal.status == Status.CHANGES_REQUESTED


def test_editing_before_accepting(client, proposal, recipe, moderator):
    client.force_login(moderator)
    url = reverse("proposal_review_edit", args=[proposal.pk])
    page = client.get(url).content.decode()
    assert "Dokumentenmanagementsystem" in page  # prefilled with the proposal
    edited = PROPOSED.replace("Dokumentenmanagementsystem", "E-Akte")
    preview = client.post(url, {"title": recipe.title, "body": edited, "preview": "1"})
    assert "E-Akte" in preview.content.decode() and proposal.status == Status.OPEN
    response = client.post(url, {"title": recipe.title, "body": edited, "message": "Kürzer."})
    assert response.status_code == 302
    assert Recipe.objects.get(pk=recipe.pk).body == edited
    proposal.refresh_from_db()
    assert proposal.status == Status.PARTLY_ACCEPTED
    assert "Vor der Übernahme bearbeitet" in client.get(proposal.get_absolute_url()).content.decode()


def test_a_conflict_is_shown_and_resolved_on_the_review_page(client, proposal, recipe, editor, moderator):
    recipe = Recipe.objects.get(pk=recipe.pk)
    recipe.body = BODY.replace("die Poststelle", "die Zentrale")
    recipe_save(recipe=recipe, user=editor, comment="Zentrale")
    client.force_login(moderator)
    url = reverse("proposal_review", args=[proposal.pk])
    response = client.post(url, {"aktion": "auswahl", "aenderung": ["2", "3"]})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Überschneidende Änderungen" in page and "die Zentrale" in page and "Dokumentenmanagementsystem" in page
    assert "Aktuelle Fassung" in page
    assert Recipe.objects.get(pk=recipe.pk).body == recipe.body  # nothing applied half
    [name] = set(re.findall(r'name="(konflikt-body-\d+)"', page))
    current = re.search(r'name="current_version" value="(\d+)"', page).group(1)
    assert set(re.findall(r'type="hidden" name="aenderung" value="(\d+)"', page)) == {"2", "3"}
    response = client.post(url, {"aktion": "auswahl", "aenderung": ["2", "3"], "resolve": "1",
                                 name: "proposed", "current_version": current})
    assert response.status_code == 302
    body = Recipe.objects.get(pk=recipe.pk).body
    assert "Dokumentenmanagementsystem" in body and "drei Tagen" in body and "morgens" in body
    proposal.refresh_from_db()
    assert proposal.status == Status.PARTLY_ACCEPTED
    newest = history(recipe)[0]
    assert newest.author == proposal.author and newest.info.approved_by == moderator


def test_a_decided_proposal_offers_no_more_decisions(client, proposal, moderator):
    proposal_reject(proposal=proposal, reviewer=moderator, reason="Nein")
    client.force_login(moderator)
    url = reverse("proposal_review", args=[proposal.pk])
    assert 'value="alle"' not in client.get(url).content.decode()
    assert client.post(url, {"aktion": "alle"}).status_code == 400
    assert client.get(reverse("proposal_review_edit", args=[proposal.pk])).status_code == 302


# --- New recipes ---------------------------------------------------------------------------

def test_proposing_and_accepting_a_new_recipe(client, small_book, contributor, moderator):
    client.force_login(contributor)
    url = reverse("proposal_create_recipe", args=[small_book.slug])
    assert 'value="7.2"' in client.get(url).content.decode()  # the next free number
    response = client.post(url, {"number": "7.2", "title": "Zustellung", "summary": "Fehlt.",
                                 "body": "Bescheide werden **elektronisch** zugestellt."})
    proposal = EditProposal.objects.get()
    assert response.status_code == 302 and proposal.is_new_recipe
    client.force_login(moderator)
    page = client.get(reverse("proposal_review", args=[proposal.pk])).content.decode()
    assert "<strong>elektronisch</strong>" in page and "Neues Rezept übernehmen" in page
    client.post(reverse("proposal_review", args=[proposal.pk]), {"aktion": "alle"})
    recipe = Recipe.objects.get(number="7.2")
    assert recipe.title == "Zustellung" and history(recipe)[0].author == contributor


def test_the_chapter_chooser_leads_to_the_new_recipe_form(client, small_book, contributor):
    client.force_login(contributor)
    response = client.get(reverse("proposal_new_recipe"), {"kapitel": small_book.slug})
    assert response.url == reverse("proposal_create_recipe", args=[small_book.slug])

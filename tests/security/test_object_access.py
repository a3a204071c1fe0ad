"""No object can be reached or changed by changing an id (issue 7).

Every view that takes an id, in its URL or in a form, is called with the id of something the
person may not touch: someone else's comment or proposal, a held or hidden comment, a version
of another recipe, an import of the Redaktion. The answer must be a refusal (403/404 or a
redirect with a message), and the object must be unchanged afterwards.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from comments.models import Comment, CommentRevision, ModerationEvent, Report
from comments.services import comment_create, comment_hide
from editions.models import ImportJob
from proposals.models import EditProposal, ProposalEvent
from proposals.services import proposal_create
from recipes.models import Watch
from recipes.versions import latest_version_id
from tests.factories import PASSWORD, make_comment
from tests.security.access import (
    ANONYM,
    MITWIRKEND,
    MODERATOR,
    PROPOSED_BODY,
    REDAKTEURIN,
    WrittenTables,
    build_world,
    client_for,
)

pytestmark = pytest.mark.django_db

COMMENT_URLS = ("comment_detail", "comment_reply", "comment_edit", "comment_delete",
                "comment_report", "comment_history")
MODERATION_URLS = ("comment_hide", "comment_restore", "comment_approve", "thread_resolve",
                   "thread_reopen")


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def mia(world):
    """The Mitwirkende, signed in."""
    return client_for(world.users[MITWIRKEND])


def page_text(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    return response.content.decode()


def comment_state(comment):
    return Comment.objects.filter(pk=comment.pk).values(
        "body", "status", "hidden_reason", "resolved_at", "edited_at", "deleted_at").get()


# --- Comments --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["comment_edit", "comment_delete"])
def test_nobody_edits_or_deletes_another_persons_comment(world, name):
    target = world.others_comment
    before = comment_state(target)
    for role in (MITWIRKEND, MODERATOR, REDAKTEURIN):  # moderators hide, they do not rewrite
        client = client_for(world.users[role])
        url = reverse(name, args=[target.pk])
        assert client.get(url).status_code == 403
        with WrittenTables() as written:
            assert client.post(url, {"body": "Übernommen!"}).status_code == 403
        assert not written.tables
    assert comment_state(target) == before
    assert not CommentRevision.objects.filter(comment=target).exists()


@pytest.mark.parametrize("name", COMMENT_URLS)
def test_someone_elses_held_comment_is_not_found_under_any_address(world, mia, name):
    url = reverse(name, args=[world.held_comment.pk])
    assert mia.get(url).status_code == 404
    with WrittenTables() as written:
        assert mia.post(url, {"body": "Antwort", "reason": "Werbung"}).status_code == 404
    assert not written.tables
    assert client_for(None).get(url).status_code in (302, 404)  # anonymous: sign in, or not found


def test_a_held_comment_is_shown_to_its_author_and_moderators_only(world):
    recipe_url = world.recipe.get_absolute_url()
    for role in (ANONYM, MITWIRKEND):
        client = client_for(world.users[role])
        for url in (recipe_url, reverse("comments_recent"), reverse("comments_feed"),
                    reverse("search") + "?q=freigegeben&bereich=kommentare"):
            assert "WARTENDER" not in page_text(client, url), (role, url)
    assert "WARTENDER" in page_text(client_for(world.other), recipe_url)
    assert "WARTENDER" in page_text(client_for(world.users[MODERATOR]), recipe_url)


def test_hidden_comment_text_reaches_moderators_only(world):
    hidden = world.hidden_comment
    readable = [world.recipe.get_absolute_url(), reverse("comments_recent"), reverse("comments_feed"),
                reverse("search") + "?q=ausgeblendeter&bereich=kommentare",
                reverse("comment_detail", args=[hidden.pk])]
    for role in (ANONYM, MITWIRKEND):
        client = client_for(world.users[role])
        for url in readable:
            page = page_text(client, url)
            assert "GEHEIMER" not in page and "ausgeblendeter Text" not in page, (role, url)
        assert client.get(reverse("comment_history", args=[hidden.pk])).status_code == 404
    mia = client_for(world.users[MITWIRKEND])
    assert "GEHEIMER" not in page_text(mia, reverse("comment_report", args=[hidden.pk]))
    # Its own author does not get it back either (only the reason is shown to everyone).
    assert client_for(world.other).get(reverse("comment_history", args=[hidden.pk])).status_code == 404
    # The search does find comments (so finding nothing above means something):
    assert f"#kommentar-{world.others_comment.pk}" in page_text(
        client_for(None), reverse("search") + "?q=sichtbarer&bereich=kommentare")
    moderator = client_for(world.users[MODERATOR])
    assert "GEHEIMER" in page_text(moderator, world.recipe.get_absolute_url())
    assert "GEHEIMER" in page_text(moderator, reverse("comment_history", args=[hidden.pk]))


def test_a_hidden_comment_with_the_words_of_a_visible_one_stays_hidden(world):
    """Rendered bodies are shared by text on a page; the hidden one must not borrow one."""
    make_comment(world.recipe, world.other, "Genau derselbe Wortlaut.")
    twin = make_comment(world.recipe, world.other, "Genau derselbe Wortlaut.")
    comment_hide(comment=twin, moderator=world.users[MODERATOR], reason="Doppelt")
    page = page_text(client_for(world.users[MITWIRKEND]), world.recipe.get_absolute_url())
    assert "Ausgeblendeten Text anzeigen" not in page
    assert page.count("Genau derselbe Wortlaut.") == 1


@pytest.mark.parametrize("parent", ["hidden_comment", "held_comment"])
def test_nobody_replies_to_a_hidden_or_held_comment_of_someone_else(world, mia, parent):
    count = Comment.objects.count()
    response = mia.post(reverse("comment_reply", args=[getattr(world, parent).pk]), {"body": "Antwort"})
    assert response.status_code in (302, 404)
    assert Comment.objects.count() == count


def test_a_parent_id_in_the_form_does_not_move_a_comment_into_another_thread(world, mia):
    elsewhere = make_comment(world.other_recipe, world.other, "Ein Faden auf einem anderen Rezept.")
    response = mia.post(reverse("comment_create_recipe", args=[world.recipe.pk]),
                        {"body": "Neuer Kommentar", "parent": elsewhere.pk})
    assert response.status_code == 302
    created = Comment.objects.get(body="Neuer Kommentar")
    assert created.parent_id is None and created.recipe_id == world.recipe.pk


def test_the_service_refuses_a_parent_on_another_recipe(world):
    elsewhere = make_comment(world.other_recipe, world.other, "Ein Faden auf einem anderen Rezept.")
    with pytest.raises(ValidationError):
        comment_create(author=world.users[MITWIRKEND], body="Antwort", recipe=world.recipe,
                       parent=elsewhere)


@pytest.mark.parametrize("comment", ["own_comment", "others_comment", "hidden_comment",
                                     "held_comment", "resolved_thread"])
def test_contributors_cannot_moderate_any_comment_not_even_their_own(world, mia, comment):
    target = getattr(world, comment)
    before = comment_state(target)
    events = ModerationEvent.objects.count()
    for name in MODERATION_URLS:
        url = reverse(name, args=[target.pk])
        assert mia.get(url).status_code == 403
        assert mia.post(url, {"reason": "Weg damit"}).status_code == 403
    assert comment_state(target) == before and ModerationEvent.objects.count() == events


def test_contributors_cannot_dismiss_reports(world, mia):
    report = world.report
    assert mia.post(reverse("report_dismiss", args=[report.pk]), {"reason": "egal"}).status_code == 403
    assert Report.objects.get(pk=report.pk).status == Report.Status.OPEN


def test_reporting_ones_own_or_an_invisible_comment_is_refused(world, mia):
    for comment in (world.own_comment, world.hidden_comment):
        response = mia.post(reverse("comment_report", args=[comment.pk]), {"reason": "Werbung"})
        assert response.status_code == 400
    assert not Report.objects.filter(comment__in=[world.own_comment, world.hidden_comment]).exists()


def test_moderation_redirects_stay_on_the_site(world):
    moderator = client_for(world.users[MODERATOR])
    response = moderator.post(reverse("report_dismiss", args=[world.report.pk]),
                              {"next": "https://boese.example/falle"})
    assert response.status_code == 302 and response["Location"] == reverse("moderation_queue")


# --- Proposals -------------------------------------------------------------------------------

def proposal_state(proposal):
    return (EditProposal.objects.filter(pk=proposal.pk).values("status", "title", "body", "summary").get(),
            ProposalEvent.objects.filter(proposal=proposal).count())


def test_a_contributor_cannot_read_revise_or_withdraw_someone_elses_proposal(world, mia):
    theirs = world.others_proposal
    before = proposal_state(theirs)
    assert mia.get(reverse("proposal_detail", args=[theirs.pk])).status_code == 404
    assert mia.get(reverse("proposal_revise", args=[theirs.pk])).status_code == 404
    assert mia.post(reverse("proposal_revise", args=[theirs.pk]), {
        "title": "Gekapert", "body": "Gekapert", "summary": "Gekapert", "message": "",
    }).status_code == 404
    assert mia.post(reverse("proposal_withdraw", args=[theirs.pk])).status_code == 404
    assert proposal_state(theirs) == before


def test_my_proposals_lists_only_ones_own(world, mia):
    page = page_text(mia, reverse("proposal_mine"))
    assert reverse("proposal_detail", args=[world.own_proposal.pk]) in page
    assert reverse("proposal_detail", args=[world.others_proposal.pk]) not in page


def test_a_proposal_cannot_rest_on_a_version_of_another_recipe(world, mia):
    response = mia.post(reverse("proposal_create", args=[world.other_recipe.slug]), {
        "title": "Sachbearbeitung", "body": "Ganz neu.", "summary": "Neu.",
        "base_version": latest_version_id(world.recipe),
    })
    assert response.status_code == 200  # the form again; the error sits on the hidden field
    assert EditProposal.objects.filter(author=world.users[MITWIRKEND]).count() == 1


@pytest.mark.parametrize("comment", ["others_comment", "hidden_comment", "held_comment",
                                     "resolved_thread", "chapter_comment"])
def test_a_proposal_cannot_be_made_from_a_comment_elsewhere_or_out_of_sight(world, mia, comment):
    """The world's comments are on 7.1.3 or the chapter; the proposal is for 7.1.4."""
    count = EditProposal.objects.count()
    url = (reverse("proposal_create", args=[world.other_recipe.slug])
           + f"?kommentar={getattr(world, comment).pk}")
    assert mia.get(url).status_code == 404
    assert mia.post(url, {"title": "Sachbearbeitung", "body": "Ganz neu.", "summary": "Neu.",
                          "base_version": latest_version_id(world.other_recipe)}).status_code == 404
    assert EditProposal.objects.count() == count


def test_a_hidden_or_held_thread_on_the_same_recipe_cannot_be_used_either(world, mia):
    recipe = world.recipe
    for comment in (world.hidden_comment, world.held_comment, world.resolved_thread):
        url = reverse("proposal_create", args=[recipe.slug]) + f"?kommentar={comment.pk}"
        assert mia.get(url).status_code == 404
    assert not EditProposal.objects.filter(recipe=recipe).exists()


def test_contributors_cannot_decide_on_any_proposal(world, mia):
    for proposal in (world.own_proposal, world.others_proposal):
        before = proposal_state(proposal)
        for action in ("alle", "ablehnen", "rueckfrage"):
            response = mia.post(reverse("proposal_review", args=[proposal.pk]),
                                {"aktion": action, "nachricht": "Passt."})
            assert response.status_code == 403
        assert mia.post(reverse("proposal_review_edit", args=[proposal.pk]), {
            "title": "X", "body": "X", "message": "", "current_version": "",
        }).status_code == 403
        assert proposal_state(proposal) == before


def test_a_moderator_cannot_accept_their_own_proposal(world):
    moderator = world.users[MODERATOR]
    own = proposal_create(recipe=world.other_recipe, author=moderator, title=world.other_recipe.title,
                          body=PROPOSED_BODY + " Moritz.", summary="Selbst.",
                          base_version_id=latest_version_id(world.other_recipe))
    client = client_for(moderator)
    before = proposal_state(own)
    assert client.post(reverse("proposal_review", args=[own.pk]), {"aktion": "alle"}).status_code == 403
    assert client.post(reverse("proposal_review_edit", args=[own.pk]), {
        "title": own.title, "body": own.body, "message": "", "current_version": "",
    }).status_code == 403
    assert proposal_state(own) == before


# --- Recipes and their versions --------------------------------------------------------------

def test_a_version_id_of_another_recipe_or_chapter_is_not_found(world):
    client = client_for(None)
    foreign = latest_version_id(world.other_recipe)
    assert client.get(reverse("recipe_version", args=[world.recipe.slug, foreign])).status_code == 404
    assert client.get(reverse("chapter_version", args=[world.chapter.slug, foreign])).status_code == 404


def test_compare_ignores_version_ids_of_other_recipes(world):
    foreign = latest_version_id(world.other_recipe)
    page = page_text(client_for(None), reverse("recipe_compare", args=[world.recipe.slug])
                     + f"?von={foreign}&zu={foreign}")
    assert "Die Sachbearbeitung folgt" not in page and "Posteingang" in page


def test_neither_revert_nor_edit_takes_a_version_of_another_recipe(world):
    moderator = client_for(world.users[MODERATOR])
    foreign = latest_version_id(world.other_recipe)
    before = (world.recipe.title, world.recipe.body, latest_version_id(world.recipe))
    url = reverse("recipe_revert", args=[world.recipe.slug, foreign])
    assert moderator.post(url).status_code == 404
    response = moderator.post(reverse("recipe_edit", args=[world.recipe.slug]), {
        "title": "Überschrieben", "body": "Überschrieben", "comment": "x", "base_version": foreign,
    })
    assert response.status_code == 404
    world.recipe.refresh_from_db()
    assert (world.recipe.title, world.recipe.body, latest_version_id(world.recipe)) == before


def test_watching_changes_only_ones_own_watch(world, mia):
    theirs = Watch.objects.create(user=world.other, recipe=world.recipe)
    mia.post(reverse("recipe_watch", args=[world.recipe.slug]))
    mia.post(reverse("recipe_watch", args=[world.recipe.slug]))  # on and off again
    assert list(Watch.objects.all()) == [theirs]


# --- Imports and editions --------------------------------------------------------------------

@pytest.mark.parametrize("role", [MITWIRKEND, MODERATOR])
def test_import_jobs_of_the_redaktion_are_out_of_reach(world, role):
    job = world.import_job
    client = client_for(world.users[role])
    assert client.get(reverse("import_detail", args=[job.pk])).status_code == 403
    assert client.post(reverse("import_confirm", args=[job.pk])).status_code == 403
    assert client.post(reverse("import_confirm", args=[job.pk]), {"discard": "1"}).status_code == 403
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.PREVIEW
    assert "ausgabe.pdf" not in client.get(reverse("import_start")).content.decode()


def test_an_edition_file_is_only_found_under_its_own_name(world):
    assert client_for(None).get(reverse("edition_zip", args=[world.edition.slug, "2016"])).status_code == 404


# --- People ----------------------------------------------------------------------------------

def test_a_profile_shows_only_what_its_person_chose_to_share(world, mia):
    other = world.other
    other.funktion, other.institution, other.show_institution = "Amtsleiter", "Kreis Geheim", False
    other.save()
    page = page_text(mia, reverse("profile", args=[other.pk]))
    assert "Amtsleiter" in page and "Kreis Geheim" not in page and other.email not in page
    assert reverse("account_data") not in page  # the own-account links are for the owner only


def test_a_deleted_account_has_no_profile_page(world):
    other = world.other
    client = client_for(other)
    client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert client_for(None).get(reverse("profile", args=[other.pk])).status_code == 404


def test_the_data_export_holds_only_ones_own_data_whatever_the_address_says(world, mia):
    response = mia.get(reverse("account_data") + f"?pk={world.other.pk}&user={world.other.pk}")
    data = json.loads(response.content)
    assert [address["adresse"] for address in data["email_adressen"]] == [world.users[MITWIRKEND].email]
    assert [comment["text"] for comment in data["kommentare"]] == ["Mias eigener Kommentar."]
    assert [proposal["text"] for proposal in data["vorschlaege"]] == [PROPOSED_BODY]
    assert world.other.email not in response.content.decode()


def test_the_profile_form_changes_nothing_but_the_profile(world, mia):
    user = world.users[MITWIRKEND]
    mia.post(reverse("profile_edit"), {
        "display_name": "Mia M.", "is_staff": "on", "is_superuser": "on", "email": "x@boese.example",
        "username": world.other.username, "groups": "1", "id": world.other.pk, "pk": world.other.pk,
    })
    user.refresh_from_db()
    world.other.refresh_from_db()
    assert user.display_name == "Mia M." and world.other.display_name == "Omar"
    assert (user.is_staff, user.is_superuser, user.email) == (False, False, "mia@kommune.example")
    assert sorted(user.groups.values_list("name", flat=True)) == ["Mitwirkende"]


def test_a_refusal_says_why_in_german(world, mia):
    response = mia.get(reverse("proposal_queue"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Keine Berechtigung" in page and "Vorschläge prüfen kann nur die Moderation." in page

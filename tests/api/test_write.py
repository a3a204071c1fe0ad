"""Writing through the API with personal tokens: the same services, rules and limits as the
web forms; errors as German JSON; nothing changes on a refused request (issue 15)."""

import json

import pytest

from api.models import ApiToken
from comments.models import Comment
from proposals.models import EditProposal
from recipes.models import Recipe
from recipes.services import recipe_save
from recipes.versions import latest_version_id
from tests.api.conftest import bearer
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipe(small_book):
    return Recipe.objects.get(number="7.1.3")


def post(api, url, data, secret=None, **extra):
    body = data if isinstance(data, (str, bytes)) else json.dumps(data)
    headers = bearer(secret) if secret else {}
    return api.post(url, body, content_type="application/json", **headers, **extra)


def test_a_comment_through_the_api_is_a_comment_like_any_other(api, recipe, contributor, token_for):
    response = post(api, f"/api/v1/recipes/{recipe.slug}/comments/", {"body": "Per **API**."},
                    token_for(contributor, "comment"))
    assert response.status_code == 201
    comment = Comment.objects.get(pk=response.json()["id"])
    assert (comment.author, comment.body, comment.recipe, comment.status) == (contributor, "Per **API**.", recipe,
                                                                              "visible")
    assert comment.version_id == latest_version_id(recipe)
    assert response.json()["body_html"] == "<p>Per <strong>API</strong>.</p>"
    # and readers see it at once (the page cache was invalidated)
    assert api.get(f"/api/v1/recipes/{recipe.slug}/comments/").json()["results"][0]["id"] == comment.pk


def test_a_reply_and_a_chapter_comment(api, recipe, contributor, other_contributor, token_for):
    secret = token_for(contributor, "comment")
    question = make_comment(recipe, other_contributor, "Frage?")
    reply = post(api, f"/api/v1/recipes/{recipe.slug}/comments/", {"body": "Antwort.", "parent": question.pk}, secret)
    assert reply.status_code == 201 and Comment.objects.get(pk=reply.json()["id"]).parent == question
    other = make_comment(Recipe.objects.get(number="7.1.4"), other_contributor, "Woanders.")
    wrong = post(api, f"/api/v1/recipes/{recipe.slug}/comments/", {"body": "Antwort.", "parent": other.pk}, secret)
    assert wrong.status_code == 404
    chapter = post(api, f"/api/v1/chapters/{recipe.chapter.slug}/comments/", {"body": "Zum Kapitel."}, secret)
    assert chapter.status_code == 201 and Comment.objects.get(pk=chapter.json()["id"]).chapter == recipe.chapter


def test_new_accounts_first_comments_wait_for_moderation_as_on_the_site(api, recipe, contributor, token_for,
                                                                        settings):
    settings.COMMENTS_HOLD_FIRST = 1
    response = post(api, f"/api/v1/recipes/{recipe.slug}/comments/", {"body": "Erster."}, token_for(contributor))
    assert response.status_code == 201 and response.json()["status"] == "held"
    assert api.get(f"/api/v1/recipes/{recipe.slug}/comments/").json()["results"] == []


def test_without_a_token_401_with_a_wrong_or_revoked_token_401(api, recipe, contributor, token_for):
    url = f"/api/v1/recipes/{recipe.slug}/comments/"
    response = post(api, url, {"body": "Hallo"})
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert "API-Schlüssel" in response.json()["error"]["message"]
    assert post(api, url, {"body": "Hallo"}, "kb_falsch").status_code == 401
    secret = token_for(contributor, "comment")
    token = ApiToken.objects.get(user=contributor)
    from api.services import token_revoke

    token_revoke(token=token, user=contributor)
    response = post(api, url, {"body": "Hallo"}, secret)
    assert response.status_code == 401 and "widerrufen" in response.json()["error"]["message"]
    assert not Comment.objects.exists()


def test_a_token_without_the_scope_gets_403(api, recipe, contributor, token_for):
    secret = token_for(contributor, "propose")
    response = post(api, f"/api/v1/recipes/{recipe.slug}/comments/", {"body": "Hallo"}, secret)
    assert response.status_code == 403 and "Kommentieren" in response.json()["error"]["message"]
    secret = token_for(contributor, "comment")
    response = post(api, f"/api/v1/recipes/{recipe.slug}/proposals/",
                    {"base_version": latest_version_id(recipe), "title": "T", "body": "B", "summary": "S"}, secret)
    assert response.status_code == 403
    assert not Comment.objects.exists() and not EditProposal.objects.exists()


def test_an_unconfirmed_account_is_refused_by_the_service_as_on_the_site(api, recipe, unverified, token_for):
    response = post(api, f"/api/v1/recipes/{recipe.slug}/comments/", {"body": "Hallo"}, token_for(unverified))
    assert response.status_code == 403 and "bestätigter E-Mail-Adresse" in response.json()["error"]["message"]
    assert not Comment.objects.exists()


def test_the_comment_rate_limit_answers_429(api, recipe, contributor, token_for, settings):
    settings.COMMENTS_RATE_LIMIT = "2/5m"
    secret = token_for(contributor, "comment")
    url = f"/api/v1/recipes/{recipe.slug}/comments/"
    assert [post(api, url, {"body": f"Nr. {n}"}, secret).status_code for n in range(3)] == [201, 201, 429]
    assert "warten" in post(api, url, {"body": "noch einer"}, secret).json()["error"]["message"]
    assert Comment.objects.count() == 2


@pytest.mark.parametrize("body, message", [
    ("{kaputt", "kein gültiges JSON"),
    ("[1, 2]", "JSON-Objekt"),
    ('{"body": NaN}', "kein gültiges JSON"),
    ('{"body": 42}', None),
    ('{"body": ["a"]}', None),
    ('{"body": "x", "parent": "eins"}', None),
    ('{}', None),
    ('{"body": "x", "parent": 100000000000000000000000000}', None),
    ('{"body": "x", "parent": true}', None),
])
def test_invalid_json_and_wrong_types_get_a_clear_400_and_change_nothing(api, recipe, contributor, token_for,
                                                                         body, message):
    response = post(api, f"/api/v1/recipes/{recipe.slug}/comments/", body, token_for(contributor, "comment"))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] in ("parse_error", "invalid") and error["message"]
    if message:
        assert message in error["message"]
    assert not Comment.objects.exists()


def test_an_oversized_body_gets_413_and_changes_nothing(api, recipe, contributor, token_for, settings):
    settings.API_MAX_BODY_BYTES = 1000
    response = post(api, f"/api/v1/recipes/{recipe.slug}/comments/", {"body": "x" * 2000},
                    token_for(contributor, "comment"))
    assert response.status_code == 413 and "zu groß" in response.json()["error"]["message"]
    assert not Comment.objects.exists()


def test_a_too_long_comment_gets_the_services_german_message(api, recipe, contributor, token_for, settings):
    settings.COMMENTS_MAX_LENGTH = 10
    response = post(api, f"/api/v1/recipes/{recipe.slug}/comments/", {"body": "x" * 11},
                    token_for(contributor, "comment"))
    assert response.status_code == 400
    assert "höchstens 10 Zeichen" in response.json()["error"]["fields"]["body"][0]


def test_a_proposal_through_the_api_waits_for_moderation(api, recipe, contributor, token_for):
    response = post(api, f"/api/v1/recipes/{recipe.slug}/proposals/", {
        "base_version": latest_version_id(recipe), "title": recipe.title,
        "body": recipe.body + "\n\nNeu per API.", "summary": "Ergänzung aus Musterstadt",
    }, token_for(contributor, "propose"))
    assert response.status_code == 201
    proposal = EditProposal.objects.get(pk=response.json()["id"])
    assert (proposal.author, proposal.status, proposal.recipe) == (contributor, "open", recipe)
    assert "Neu per API" in proposal.body
    assert "Neu per API" not in Recipe.objects.get(pk=recipe.pk).body  # readers still see the old text


def test_a_proposal_on_an_old_version_that_overlaps_gets_409_with_both_texts(api, recipe, contributor,
                                                                            moderator, token_for):
    base = latest_version_id(recipe)
    recipe.body = recipe.body.replace("wird gescannt", "wird sofort gescannt")
    recipe_save(recipe=recipe, user=moderator, comment="sofort")
    mine = recipe.body.replace("wird sofort gescannt", "wird am selben Tag gescannt").replace("sofort ", "")
    mine = "## Posteingang\n\nDer Posteingang wird am selben Tag gescannt.\n\n## Verteilung\n\nDann verteilt."
    response = post(api, f"/api/v1/recipes/{recipe.slug}/proposals/", {
        "base_version": base, "title": recipe.title, "body": mine, "summary": "genauer"},
        token_for(contributor, "propose"))
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["current"]["version"] == latest_version_id(recipe) and "sofort" in error["current"]["body"]
    assert error["yours"] == {"base_version": base, "title": recipe.title, "body": mine}
    assert not EditProposal.objects.exists()


def test_a_proposal_on_an_old_version_that_merges_cleanly_is_taken(api, recipe, contributor, moderator, token_for):
    base = latest_version_id(recipe)
    old_body = recipe.body
    recipe.body = recipe.body.replace("Dann verteilt.", "Dann verteilt, am selben Tag.")
    recipe_save(recipe=recipe, user=moderator, comment="Tag")
    response = post(api, f"/api/v1/recipes/{recipe.slug}/proposals/", {
        "base_version": base, "title": recipe.title,
        "body": old_body.replace("wird gescannt", "wird sofort gescannt"), "summary": "sofort"},
        token_for(contributor, "propose"))
    assert response.status_code == 201 and response.json()["base_version"] == base


def test_a_proposal_needs_a_version_of_this_recipe_and_a_change(api, recipe, contributor, token_for):
    secret = token_for(contributor, "propose")
    other = latest_version_id(Recipe.objects.get(number="6.1"))
    response = post(api, f"/api/v1/recipes/{recipe.slug}/proposals/",
                    {"base_version": other, "title": "T", "body": "B", "summary": "S"}, secret)
    assert response.status_code == 400 and "gehört nicht zu diesem Rezept" in response.json()["error"]["message"]
    response = post(api, f"/api/v1/recipes/{recipe.slug}/proposals/", {
        "base_version": latest_version_id(recipe), "title": recipe.title, "body": recipe.body, "summary": "S"}, secret)
    assert response.status_code == 400
    assert not EditProposal.objects.exists()


def test_the_proposal_rate_limit_answers_429(api, recipe, contributor, token_for, settings):
    settings.PROPOSALS_RATE_LIMIT = "1/h"
    secret = token_for(contributor, "propose")
    data = {"base_version": latest_version_id(recipe), "title": recipe.title, "summary": "S"}
    assert post(api, f"/api/v1/recipes/{recipe.slug}/proposals/", {**data, "body": "Eins."}, secret).status_code == 201
    assert post(api, f"/api/v1/recipes/{recipe.slug}/proposals/", {**data, "body": "Zwei."}, secret).status_code == 429


def test_a_read_with_a_bad_token_is_refused_too(api, recipe):
    """A read with a wrong token is refused too: a script learns at once that its key is bad."""
    url = f"/api/v1/recipes/{recipe.slug}/"
    assert api.get(url).status_code == 200  # now in the page cache
    assert api.get(url, HTTP_AUTHORIZATION="Bearer kb_falsch").status_code == 401


def test_proposals_cannot_be_read_or_decided_through_the_api(api, recipe):
    assert api.get(f"/api/v1/recipes/{recipe.slug}/proposals/").status_code == 405


def test_a_post_to_an_old_slug_is_sent_on_with_308(api, recipe, contributor, moderator, token_for):
    old = recipe.slug
    recipe.slug = "eingang-neu"
    recipe_save(recipe=recipe, user=moderator, comment="Umbenannt")
    response = post(api, f"/api/v1/recipes/{old}/comments/", {"body": "Hallo"}, token_for(contributor))
    assert response.status_code == 308 and response["Location"] == "/api/v1/recipes/eingang-neu/comments/"
    assert not Comment.objects.exists()


def test_the_tokens_of_a_deleted_account_stop_working(api, recipe, contributor, token_for):
    from accounts.privacy import account_delete

    secret = token_for(contributor, "comment")
    account_delete(user=contributor)
    response = post(api, f"/api/v1/recipes/{recipe.slug}/comments/", {"body": "Hallo"}, secret)
    assert response.status_code == 401
    assert not Comment.objects.exists()


def test_control_characters_are_dropped_as_in_the_web_forms(api, recipe, contributor, token_for):
    response = post(api, f"/api/v1/recipes/{recipe.slug}/comments/", {"body": "Hal\u0000lo\u0007!"},
                    token_for(contributor, "comment"))
    assert response.status_code == 201
    assert Comment.objects.get(pk=response.json()["id"]).body == "Hallo!"


def test_a_moderators_token_works_only_with_the_second_factor(api, recipe, moderator, token_for):
    from allauth.mfa.models import Authenticator

    secret = token_for(moderator, "comment")
    url = f"/api/v1/recipes/{recipe.slug}/comments/"
    assert post(api, url, {"body": "Mit zweitem Faktor."}, secret).status_code == 201
    Authenticator.objects.filter(user=moderator).delete()
    response = post(api, url, {"body": "Ohne."}, secret)
    assert response.status_code == 401 and "Zwei-Faktor" in response.json()["error"]["message"]
    assert Comment.objects.count() == 1

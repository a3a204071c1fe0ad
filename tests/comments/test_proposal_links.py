"""What a thread shows about the edit proposals made from it, and what that costs in queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from comments.models import Comment
from proposals.services import proposal_create, proposal_withdraw
from recipes.models import Recipe
from recipes.versions import latest_version_id
from tests.factories import make_comment

pytestmark = pytest.mark.django_db
PROPOSE = "Als Änderungsvorschlag übernehmen"


def html(response):
    return response.content.decode()


def propose_from(comment, author, number=1):
    recipe = comment.recipe
    return proposal_create(
        recipe=recipe, author=author, base_version_id=latest_version_id(recipe), title=recipe.title,
        body=f"{recipe.body}\n\nErgänzung {number}.", summary="Aus dem Kommentar.",
        source_comment=comment, rate_limited=False,
    )


@pytest.fixture
def proposed(recipe, other_contributor, contributor):
    """A thread by Omar on 7.1.3 and Mia's proposal made from it."""
    thread = make_comment(recipe, other_contributor, "Hier fehlt der Scanner-Typ.")
    return thread, propose_from(thread, contributor)


@pytest.mark.parametrize("who,linked", [
    ("anonymous", False), ("other_contributor", False), ("contributor", True), ("moderator", True),
])
def test_the_thread_names_its_proposal_and_links_it_for_those_who_may_open_it(
    client, recipe, proposed, request, who, linked
):
    thread, proposal = proposed
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    page = html(client.get(recipe.get_absolute_url()))
    label = f"Änderungsvorschlag #{proposal.pk} eingereicht"
    assert label in page
    assert (f'<a href="{proposal.get_absolute_url()}">{label}</a>' in page) == linked
    opened = client.get(proposal.get_absolute_url())
    assert (opened.status_code == 200) == linked  # no link where the page would refuse


def test_a_withdrawn_proposal_is_no_longer_named_in_the_thread(client, recipe, proposed, contributor):
    thread, proposal = proposed
    proposal_withdraw(proposal=proposal, author=contributor)
    page = html(client.get(recipe.get_absolute_url()))
    assert f"Änderungsvorschlag #{proposal.pk}" not in page


def test_a_new_proposal_from_a_thread_shows_on_the_cached_anonymous_page_at_once(
    client, recipe, other_contributor, contributor
):
    thread = make_comment(recipe, other_contributor, "Bitte ergänzen.")
    assert "Änderungsvorschlag #" not in html(client.get(recipe.get_absolute_url()))  # now cached
    proposal = propose_from(thread, contributor)
    assert f"Änderungsvorschlag #{proposal.pk} eingereicht" in html(client.get(recipe.get_absolute_url()))


def test_replies_and_chapter_threads_offer_no_proposal(client, recipe, contributor, other_contributor):
    thread = make_comment(recipe, other_contributor, "Ein Faden")
    reply = make_comment(recipe, other_contributor, "Eine Antwort", parent=thread)
    on_chapter = make_comment(recipe.chapter, other_contributor, "Zum Kapitel")
    client.force_login(contributor)
    page = html(client.get(recipe.get_absolute_url()))
    assert page.count(PROPOSE) == 1 and f"?kommentar={thread.pk}" in page and f"?kommentar={reply.pk}" not in page
    chapter_page = html(client.get(recipe.chapter.get_absolute_url()))
    assert "Zum Kapitel" in chapter_page and PROPOSE not in chapter_page
    assert f"?kommentar={on_chapter.pk}" not in chapter_page


def _threads_with_replies(recipe, authors, threads, total):
    """``threads`` top-level comments and replies up to ``total``, written with bulk_create."""
    version = Version.objects.get_for_object(recipe).first()
    tops = Comment.objects.bulk_create([
        Comment(recipe=recipe, author=authors[index % 2], body=f"Faden {index}", version=version)
        for index in range(threads)
    ])
    replies = Comment.objects.bulk_create([
        Comment(recipe=recipe, author=authors[index % 2], parent=tops[index % threads],
                body=f"Antwort {index}", version=version)
        for index in range(total - threads)
    ])
    return tops, replies


@pytest.mark.parametrize("who", ["anonymous", "contributor", "moderator"])
def test_proposal_links_cost_one_query_per_page_whatever_the_number_of_threads(
    client, small_book, contributor, other_contributor, moderator, request, who
):
    few = Recipe.objects.get(number="7.1.4")
    many = Recipe.objects.get(number="7.1.3")
    propose_from(make_comment(few, other_contributor, "Der einzige"), contributor)
    tops, _replies = _threads_with_replies(many, [contributor, other_contributor], 60, 250)
    proposals = [propose_from(thread, contributor, number) for number, thread in enumerate(tops[:30])]
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    client.get(few.get_absolute_url())  # warm caches (link index, rendering)
    client.get(many.get_absolute_url())
    with CaptureQueriesContext(connection) as one:
        client.get(few.get_absolute_url() + "?gemessen=1")
    with CaptureQueriesContext(connection) as lots:
        page = html(client.get(many.get_absolute_url() + "?gemessen=1"))
    assert page.count('class="comment-item') == 250
    assert page.count('<p class="comment__proposals">') == 30
    assert all(f"Änderungsvorschlag #{proposal.pk} eingereicht" in page for proposal in proposals)
    assert page.count(PROPOSE) == (0 if who == "anonymous" else 60)
    assert len(lots) == len(one), [query["sql"][:120] for query in lots.captured_queries]
    proposal_queries = [q for q in lots.captured_queries if 'FROM "proposals_editproposal"' in q["sql"]
                        and '"source_comment_id"' in q["sql"]]
    assert len(proposal_queries) == 1

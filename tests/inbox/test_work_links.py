"""Moderation's and Redaktion's tools in the header, with what waits in each (issue 16)."""

import datetime

import pytest
from django.urls import reverse

from comments.services import comment_report
from kommunen.models import Kommune
from practice.services import report_create, report_flag
from proposals.services import proposal_create
from recipes.models import Recipe
from recipes.versions import latest_version_id
from reviews.services import review_record
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def _header(client, user):
    client.force_login(user)
    page = client.get(reverse("book")).content.decode()
    return page[page.index('<nav class="site-nav"'):page.index("</nav>", page.index('<nav class="site-nav"'))]


def test_each_role_sees_its_tools_with_the_open_counts(client, small_book, contributor, other_contributor,
                                                       moderator, editor, django_capture_on_commit_callbacks):
    recipe = Recipe.objects.get(number="7.1.3")
    with django_capture_on_commit_callbacks(execute=True):
        proposal_create(recipe=recipe, author=contributor, base_version_id=latest_version_id(recipe),
                        title=recipe.title, body=recipe.body + "\n\nNeu.", summary="Ergänzung")
        comment = make_comment(recipe, other_contributor, "Unsinn.")
        comment_report(comment=comment, reporter=contributor, reason="Unsachlich")
        review = review_record(recipe=recipe, reviewer=editor, next_due=datetime.date(2030, 1, 1))
        type(review).objects.filter(pk=review.pk).update(next_due=datetime.date(2020, 1, 1))  # time went by
    from inbox.work import work_changed

    work_changed()  # as the day's turn would, within the cache time

    moderation = _header(client, moderator)
    assert 'Vorschläge <span class="badge">1' in moderation
    assert 'Meldungen <span class="badge">1' in moderation
    assert 'Prüfungen <span class="badge">1' in moderation
    assert reverse("import_start") not in moderation  # importing is the Redaktion's
    redaktion = _header(client, editor)
    assert f'href="{reverse("import_start")}"' in redaktion and "Import</a>" in redaktion
    contributor_header = _header(client, contributor)
    assert f'href="{reverse("proposal_queue")}"' not in contributor_header and "Meldungen" not in contributor_header


def test_a_decision_shows_in_the_counts_on_the_next_request(client, small_book, contributor, moderator,
                                                             django_capture_on_commit_callbacks):
    recipe = Recipe.objects.get(number="7.1.3")
    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_create(recipe=recipe, author=contributor, base_version_id=latest_version_id(recipe),
                                   title=recipe.title, body=recipe.body + "\n\nNeu.", summary="Ergänzung")
    assert 'Vorschläge <span class="badge">1' in _header(client, moderator)
    from proposals.services import proposal_reject
    with django_capture_on_commit_callbacks(execute=True):
        proposal_reject(proposal=proposal, reviewer=moderator, reason="Passt nicht.")
    assert 'Vorschläge <span class="badge">' not in _header(client, moderator)


def test_flagged_erfahrungsberichte_wait_in_their_own_queue(client, small_book, contributor, other_contributor,
                                                           moderator, django_capture_on_commit_callbacks):
    contributor.kommune = Kommune.objects.get(name="Düren", is_model=True)
    contributor.save()
    assert f'href="{reverse("practice_moderation")}"' in _header(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_create(author=contributor, recipe=Recipe.objects.get(number="7.1.3"), status="geplant")
        report_flag(report=report, reporter=other_contributor, reason="Falsche Kommune")
    assert 'Berichte <span class="badge">1' in _header(client, moderator)
    assert "Berichte" not in _header(client, contributor)

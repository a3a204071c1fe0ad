"""The comment services: every write, its permission check and what it leaves in the database."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from reversion.models import Version

from comments import services
from comments.anchoring import Anchor
from comments.models import Comment, CommentRevision, ModerationEvent, Report
from recipes.models import Recipe, Watch
from recipes.services import recipe_save
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db


def test_a_comment_records_its_author_text_and_the_version_it_was_written_on(recipe, contributor):
    comment = make_comment(recipe, contributor, "  Bei uns klappt das so.  ")
    assert comment.author == contributor and comment.body == "Bei uns klappt das so."
    assert comment.is_visible and comment.recipe == recipe and comment.chapter is None
    assert comment.version == Version.objects.get_for_object(recipe).first()


def test_a_chapter_can_be_commented_on_as_well(small_book, contributor):
    comment = make_comment(small_book, contributor, "Zum ganzen Kapitel.")
    assert comment.chapter == small_book and comment.recipe is None
    assert comment.version == Version.objects.get_for_object(small_book).first()


def test_replies_nest_to_any_depth(recipe, contributor, other_contributor):
    parent = make_comment(recipe, contributor, "Frage")
    for level in range(6):
        parent = make_comment(recipe, contributor if level % 2 else other_contributor, f"Ebene {level}",
                              parent=parent)
    depth, node = 0, parent
    while node.parent_id:
        node, depth = node.parent, depth + 1
    assert depth == 6


def test_a_reply_must_belong_to_the_same_text(recipe, small_book, contributor):
    other = Recipe.objects.get(number="7.1.4")
    parent = make_comment(other, contributor)
    with pytest.raises(ValidationError, match="gehört nicht zu diesem Text"):
        make_comment(recipe, contributor, parent=parent)


def test_nobody_can_reply_to_a_deleted_comment(recipe, contributor, other_contributor):
    parent = make_comment(recipe, contributor)
    services.comment_delete(comment=parent, user=contributor)
    parent.refresh_from_db()
    with pytest.raises(ValidationError, match="niemand mehr antworten"):
        make_comment(recipe, other_contributor, parent=parent)


def test_a_passage_is_stored_on_the_thread_and_a_reply_inherits_it(recipe, contributor):
    anchor = Anchor(quote="wird gescannt", prefix="Der Posteingang ", suffix=".", block="absatz-1")
    comment = make_comment(recipe, contributor, anchor=anchor)
    assert (comment.anchor_quote, comment.anchor_prefix, comment.anchor_suffix, comment.anchor_block) == (
        "wird gescannt", "Der Posteingang ", ".", "absatz-1")
    reply = make_comment(recipe, contributor, parent=comment, anchor=anchor)
    assert reply.anchor_quote == ""


def test_editing_keeps_the_earlier_text(recipe, contributor):
    comment = make_comment(recipe, contributor, "Erste Fassung")
    services.comment_edit(comment=comment, user=contributor, body="Zweite Fassung")
    services.comment_edit(comment=comment, user=contributor, body="Zweite Fassung")  # no change
    comment.refresh_from_db()
    assert comment.body == "Zweite Fassung" and comment.edited_at is not None
    assert list(comment.revisions.values_list("body", flat=True)) == ["Erste Fassung"]


def test_only_the_author_can_edit_or_delete_a_comment(recipe, contributor, other_contributor, moderator):
    comment = make_comment(recipe, contributor)
    for user in (other_contributor, moderator):
        with pytest.raises(PermissionDenied):
            services.comment_edit(comment=comment, user=user, body="Übernommen")
        with pytest.raises(PermissionDenied):
            services.comment_delete(comment=comment, user=user)
    with pytest.raises(PermissionDenied):
        services.comment_delete(comment=comment, user=AnonymousUser())


def test_a_hidden_comment_cannot_be_edited_by_its_author(recipe, contributor, moderator):
    comment = make_comment(recipe, contributor)
    services.comment_hide(comment=comment, moderator=moderator, reason="Beleidigend")
    with pytest.raises(ValidationError):
        services.comment_edit(comment=comment, user=contributor, body="Jetzt harmlos")


def test_deleting_removes_the_text_and_its_earlier_versions_but_keeps_the_place(recipe, contributor,
                                                                                 other_contributor):
    comment = make_comment(recipe, contributor, "Alt")
    services.comment_edit(comment=comment, user=contributor, body="Neu")
    reply = make_comment(recipe, other_contributor, "Antwort", parent=comment)
    services.comment_report(comment=comment, reporter=other_contributor, reason="Falsch")
    services.comment_delete(comment=comment, user=contributor)
    comment.refresh_from_db()
    assert comment.is_deleted and comment.body == "" and comment.deleted_at
    assert not CommentRevision.objects.filter(comment=comment).exists()
    assert not Report.objects.open().filter(comment=comment).exists()
    reply.refresh_from_db()
    assert reply.parent_id == comment.pk and reply.is_visible
    with pytest.raises(ValidationError):
        services.comment_delete(comment=comment, user=contributor)


@pytest.mark.parametrize("who", ["anonymous", "unverified"])
def test_people_without_the_comment_right_cannot_comment(recipe, unverified, who):
    user = AnonymousUser() if who == "anonymous" else unverified
    with pytest.raises(PermissionDenied):
        services.comment_create(author=user, body="Hallo", recipe=recipe)
    assert not Comment.objects.exists()


def test_an_empty_or_too_long_comment_is_refused(recipe, contributor, settings):
    settings.COMMENTS_MAX_LENGTH = 20
    with pytest.raises(ValidationError, match="Bitte schreiben Sie einen Text"):
        make_comment(recipe, contributor, "   ")
    with pytest.raises(ValidationError, match="höchstens 20 Zeichen") as error:
        make_comment(recipe, contributor, "x" * 21)
    assert "body" in error.value.message_dict
    assert make_comment(recipe, contributor, "x" * 20).body == "x" * 20


def test_a_burst_of_comments_is_refused_with_a_clear_message_but_moderators_are_not_limited(
    recipe, contributor, moderator, settings
):
    settings.COMMENTS_RATE_LIMIT = "2/5m"
    make_comment(recipe, contributor, "eins")
    make_comment(recipe, contributor, "zwei")
    with pytest.raises(ValidationError, match="einige Minuten") as error:
        make_comment(recipe, contributor, "drei")
    assert error.value.code == "rate_limited"
    assert Comment.objects.filter(author=contributor).count() == 2
    for number in range(4):
        make_comment(recipe, moderator, f"Hinweis {number}")


def test_a_new_accounts_first_comments_wait_for_approval_and_then_notify(recipe, contributor, other_contributor,
                                                                          moderator, settings, mails):
    settings.COMMENTS_HOLD_FIRST = 1
    Watch.objects.create(user=other_contributor, recipe=recipe)
    first = make_comment(recipe, contributor, "Mein erster Kommentar")
    assert first.is_held and mails == []
    assert make_comment(recipe, moderator, "Moderation wird nie zurückgehalten").is_visible
    mails.clear()
    services.comment_approve(comment=first, moderator=moderator)
    first.refresh_from_db()
    assert first.is_visible
    assert [mail.to for mail in mails] == [[other_contributor.email]]
    assert ModerationEvent.objects.get(comment=first).action == ModerationEvent.Action.APPROVE
    assert make_comment(recipe, contributor, "Der zweite erscheint sofort").is_visible
    with pytest.raises(ValidationError):
        services.comment_approve(comment=first, moderator=moderator)


def test_a_reply_notifies_the_author_of_the_comment_replied_to(recipe, contributor, other_contributor, mails):
    comment = make_comment(recipe, contributor, "Frage")
    make_comment(recipe, other_contributor, "Antwort", parent=comment)
    assert len(mails) == 1
    assert mails[0].to == [contributor.email]
    assert "Antwort auf Ihren Kommentar" in mails[0].subject
    assert "Omar Ortmann hat auf Ihren Kommentar" in mails[0].body and "Antwort" in mails[0].body
    assert f"/rezepte/{recipe.slug}/#kommentar-" in mails[0].body


def test_watchers_of_the_recipe_or_its_chapter_hear_of_new_comments_once_and_never_about_their_own(
    recipe, small_book, contributor, other_contributor, editor, mails
):
    Watch.objects.create(user=other_contributor, recipe=recipe)
    Watch.objects.create(user=editor, chapter=small_book)
    Watch.objects.create(user=contributor, recipe=recipe)
    comment = make_comment(recipe, contributor, "Neu hier")
    assert sorted(mail.to[0] for mail in mails) == sorted([other_contributor.email, editor.email])
    assert all("Neuer Kommentar zu 7.1.3" in mail.subject for mail in mails)
    mails.clear()
    make_comment(recipe, other_contributor, "Antwort", parent=comment)
    # contributor gets the reply notice only (not a second, watcher mail); the replier nothing
    assert sorted((mail.to[0], "Antwort auf" in mail.subject) for mail in mails) == sorted(
        [(contributor.email, True), (editor.email, False)])
    mails.clear()
    make_comment(recipe, contributor, "Selbstgespräch", parent=comment)
    assert sorted(mail.to[0] for mail in mails) == sorted([other_contributor.email, editor.email])


def test_a_chapter_comment_notifies_the_chapters_watchers(small_book, contributor, editor, mails):
    Watch.objects.create(user=editor, chapter=small_book)
    make_comment(small_book, contributor, "Zum Kapitel")
    assert [mail.to for mail in mails] == [[editor.email]]


def test_a_report_needs_a_reason_and_is_taken_once_per_person(recipe, contributor, other_contributor):
    comment = make_comment(recipe, contributor)
    with pytest.raises(ValidationError):
        services.comment_report(comment=comment, reporter=other_contributor, reason="  ")
    report = services.comment_report(comment=comment, reporter=other_contributor, reason="Werbung")
    assert report.status == Report.Status.OPEN and report.reporter == other_contributor
    with pytest.raises(ValidationError, match="bereits gemeldet"):
        services.comment_report(comment=comment, reporter=other_contributor, reason="Nochmal")
    with pytest.raises(ValidationError, match="eigenen Kommentar"):
        services.comment_report(comment=comment, reporter=contributor, reason="Ich")


def test_people_without_the_comment_right_cannot_report(recipe, contributor, unverified):
    comment = make_comment(recipe, contributor)
    with pytest.raises(PermissionDenied):
        services.comment_report(comment=comment, reporter=unverified, reason="Spam")


def test_hiding_needs_a_moderator_and_a_reason_closes_reports_logs_and_tells_the_author(
    recipe, contributor, other_contributor, moderator, mails
):
    comment = make_comment(recipe, contributor)
    report = services.comment_report(comment=comment, reporter=other_contributor, reason="Beleidigend")
    with pytest.raises(PermissionDenied):
        services.comment_hide(comment=comment, moderator=other_contributor, reason="Weg damit")
    with pytest.raises(ValidationError):
        services.comment_hide(comment=comment, moderator=moderator, reason="")
    services.comment_hide(comment=comment, moderator=moderator, reason="Verstößt gegen die Regeln")
    comment.refresh_from_db()
    report.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Verstößt gegen die Regeln"
    assert report.status == Report.Status.ACTIONED and report.closed_by == moderator
    event = ModerationEvent.objects.get(comment=comment)
    assert (event.actor, event.action, event.reason) == (moderator, "hide", "Verstößt gegen die Regeln")
    assert [mail.to for mail in mails] == [[contributor.email]]
    assert "Verstößt gegen die Regeln" in mails[0].body


def test_restoring_shows_a_hidden_comment_again_and_is_logged(recipe, contributor, moderator):
    comment = make_comment(recipe, contributor)
    with pytest.raises(ValidationError):
        services.comment_restore(comment=comment, moderator=moderator)
    services.comment_hide(comment=comment, moderator=moderator, reason="Irrtum?")
    services.comment_restore(comment=comment, moderator=moderator, reason="War doch in Ordnung")
    comment.refresh_from_db()
    assert comment.is_visible and comment.hidden_reason == ""
    assert list(ModerationEvent.objects.filter(comment=comment).values_list("action", "reason")) == [
        ("restore", "War doch in Ordnung"), ("hide", "Irrtum?")]


def test_dismissing_a_report_leaves_the_comment_and_is_logged(recipe, contributor, other_contributor, moderator):
    comment = make_comment(recipe, contributor)
    report = services.comment_report(comment=comment, reporter=other_contributor, reason="Unsinn")
    with pytest.raises(PermissionDenied):
        services.report_dismiss(report=report, moderator=contributor)
    services.report_dismiss(report=report, moderator=moderator, reason="Sachliche Kritik")
    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED and report.closed_by == moderator
    assert Comment.objects.get(pk=comment.pk).is_visible
    event = ModerationEvent.objects.get(comment=comment)
    assert (event.action, event.report, event.reason) == ("dismiss", report, "Sachliche Kritik")
    with pytest.raises(ValidationError):
        services.report_dismiss(report=report, moderator=moderator)


def test_a_thread_is_resolved_and_reopened_by_moderators_only(recipe, contributor, moderator):
    thread = make_comment(recipe, contributor, "Tippfehler im zweiten Satz")
    reply = make_comment(recipe, contributor, "Noch einer", parent=thread)
    with pytest.raises(PermissionDenied):
        services.thread_resolve(comment=thread, user=contributor)
    with pytest.raises(ValidationError, match="ganzer Gesprächsfaden"):
        services.thread_resolve(comment=reply, user=moderator)
    services.thread_resolve(comment=thread, user=moderator, reason="Korrigiert")
    thread.refresh_from_db()
    assert thread.is_resolved and thread.resolved_by == moderator
    with pytest.raises(ValidationError):
        services.thread_resolve(comment=thread, user=moderator)
    services.thread_reopen(comment=thread, user=moderator, reason="Doch nicht")
    thread.refresh_from_db()
    assert not thread.is_resolved
    assert list(ModerationEvent.objects.filter(comment=thread).values_list("action", flat=True)) == [
        "reopen", "resolve"]


def test_an_accepted_edit_proposal_can_resolve_the_thread_with_the_version_it_produced(
    recipe, contributor, moderator
):
    thread = make_comment(recipe, contributor, "Hier fehlt das Servicekonto.")
    recipe.body += "\n\nMit Servicekonto."
    recipe_save(recipe=recipe, user=moderator, comment="Vorschlag übernommen")
    version = Version.objects.get_for_object(recipe).first()
    services.thread_resolve(comment=thread, user=moderator, version=version)
    thread.refresh_from_db()
    assert thread.resolved_version == version
    assert thread.resolved_version_url() == f"/rezepte/{recipe.slug}/versionen/{version.pk}/"
    assert ModerationEvent.objects.get(comment=thread).version == version


def test_a_deleted_account_leaves_its_comments_as_gelöschtes_konto(recipe):
    person = make_user("weg@kommune.example", role="Mitwirkende")
    comment = make_comment(recipe, person, "Bleibt stehen")
    person.delete()
    comment.refresh_from_db()
    assert comment.author is None and comment.author_name == "gelöschtes Konto"

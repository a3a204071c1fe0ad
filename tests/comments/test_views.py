"""Comments through the test client: what readers see and what each role may do."""

import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from comments import services
from comments.discussion import with_comment_counts
from comments.models import Comment, Report
from comments.passages import blocks_of
from recipes.models import Recipe
from recipes.rendering import render_markdown
from recipes.services import recipe_save
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def create_url(target):
    name = "comment_create_recipe" if isinstance(target, Recipe) else "comment_create_chapter"
    return reverse(name, args=[target.pk])


def paragraph_ids(recipe):
    return [block.id for block in blocks_of(render_markdown(recipe.body).html)]


def test_the_recipe_page_shows_threads_with_author_details_time_and_nested_replies(
    client, recipe, contributor, other_contributor
):
    thread = make_comment(recipe, contributor, "Bei uns wird **alles** gescannt.")
    make_comment(recipe, other_contributor, "Bei uns nur die Hälfte.", parent=thread)
    page = html(client.get(recipe.get_absolute_url()))
    assert "2 Kommentare" in page
    assert "Mia Muster" in page and "Stadt Musterstadt · Nordrhein-Westfalen" in page
    assert "Omar Ortmann" in page and "Amtsleiter · Bayern" in page
    assert "Kreis Beispiel" not in page  # Omar chose not to show his Kommune
    assert "<strong>alles</strong>" in page and "<time datetime=" in page
    first, reply = page.index("Bei uns wird"), page.index("Bei uns nur")
    assert first < page.index('<ol class="comment-replies">') < reply


def test_anonymous_readers_see_the_discussion_and_a_sign_in_link_instead_of_a_form(client, recipe, contributor):
    make_comment(recipe, contributor, "Sichtbar für alle")
    page = html(client.get(recipe.get_absolute_url()))
    assert "Sichtbar für alle" in page
    assert 'name="body"' not in page
    assert "/konto/login/?next=" in page and "Melden Sie sich an" in page
    assert "Antworten" not in page and "Melden</a>" not in page


def test_people_without_a_confirmed_address_are_told_why_they_cannot_comment(client, recipe, unverified):
    client.force_login(unverified)
    page = html(client.get(recipe.get_absolute_url()))
    assert 'name="body"' not in page and "bestätigter E-Mail-Adresse" in page


def test_a_contributor_comments_and_lands_on_the_published_comment(client, recipe, contributor):
    client.force_login(contributor)
    page = html(client.get(recipe.get_absolute_url()))
    assert f'action="{create_url(recipe)}"' in page and "csrfmiddlewaretoken" in page
    response = client.post(create_url(recipe), {"body": "Unser Posteingang ist digital."})
    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{recipe.get_absolute_url()}#kommentar-{comment.pk}"
    page = html(client.get(response["Location"]))
    assert "Ihr Kommentar ist veröffentlicht." in page and "Unser Posteingang ist digital." in page


def test_the_comment_form_has_labels_and_help_linked_to_the_field(client, recipe, contributor):
    client.force_login(contributor)
    page = html(client.get(recipe.get_absolute_url()))
    assert '<label for="id_body">' in page
    assert re.search(r'<textarea[^>]*aria-describedby="id_body_helptext"', page)


def _write_urls(comment, target):
    return {
        "create": create_url(target),
        "reply": reverse("comment_reply", args=[comment.pk]),
        "edit": reverse("comment_edit", args=[comment.pk]),
        "delete": reverse("comment_delete", args=[comment.pk]),
        "report": reverse("comment_report", args=[comment.pk]),
    }


@pytest.mark.parametrize("action", ["create", "reply", "edit", "delete", "report"])
def test_anonymous_visitors_are_sent_to_sign_in_for_every_writing_action(client, recipe, contributor, action):
    url = _write_urls(make_comment(recipe, contributor), recipe)[action]
    for response in (client.get(url), client.post(url, {"body": "x", "reason": "x"})):
        assert response.status_code == 302 and response["Location"].startswith("/konto/login/?next=")
    assert Comment.objects.count() == 1 and not Report.objects.exists()


@pytest.mark.parametrize("action", ["create", "reply", "edit", "delete", "report"])
def test_people_without_a_confirmed_address_get_403_for_every_writing_action(client, recipe, contributor,
                                                                              unverified, action):
    url = _write_urls(make_comment(recipe, contributor), recipe)[action]
    client.force_login(unverified)
    assert client.post(url, {"body": "x", "reason": "x"}).status_code == 403
    if action != "create":
        assert client.get(url).status_code == 403
    assert Comment.objects.get().body == "Ein Kommentar." and not Report.objects.exists()


@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize("who", ["other_contributor", "moderator", "editor"])
def test_nobody_but_the_author_edits_or_deletes_a_comment(client, recipe, contributor, request, action, who):
    comment = make_comment(recipe, contributor, "Meins")
    client.force_login(request.getfixturevalue(who))
    url = reverse(f"comment_{action}", args=[comment.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"body": "Übernommen"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Meins" and comment.is_visible


def test_the_author_edits_and_readers_see_bearbeitet_with_the_earlier_text_in_the_history(
    client, recipe, contributor
):
    comment = make_comment(recipe, contributor, "Erste Fassung")
    client.force_login(contributor)
    form_page = html(client.get(reverse("comment_edit", args=[comment.pk])))
    assert "Erste Fassung</textarea>" in form_page
    response = client.post(reverse("comment_edit", args=[comment.pk]), {"body": "Zweite Fassung"})
    assert response.status_code == 302
    client.logout()
    page = html(client.get(recipe.get_absolute_url()))
    history_url = reverse("comment_history", args=[comment.pk])
    assert "Zweite Fassung" in page and f'href="{history_url}">bearbeitet</a>' in page
    history = html(client.get(history_url))
    assert "Erste Fassung" in history and "Zweite Fassung" in history


def test_a_deleted_comment_with_replies_leaves_a_placeholder_and_one_without_disappears(
    client, recipe, contributor, other_contributor
):
    with_reply = make_comment(recipe, contributor, "Wird gelöscht, hat Antwort")
    make_comment(recipe, other_contributor, "Die Antwort bleibt", parent=with_reply)
    alone = make_comment(recipe, contributor, "Wird gelöscht, allein")
    client.force_login(contributor)
    assert "Endgültig löschen" in html(client.get(reverse("comment_delete", args=[alone.pk])))
    for comment in (with_reply, alone):
        assert client.post(reverse("comment_delete", args=[comment.pk])).status_code == 302
    page = html(client.get(recipe.get_absolute_url()))
    assert "Wird gelöscht" not in page
    assert "Die Antwort bleibt" in page and "Kommentar gelöscht" in page
    assert f'id="kommentar-{alone.pk}"' not in page
    assert "1 Kommentar" in page


def test_without_javascript_a_paragraph_is_commented_through_its_link(client, recipe, contributor):
    scanned = paragraph_ids(recipe)[0]
    page = html(client.get(recipe.get_absolute_url()))
    assert f'href="?absatz={scanned}#kommentar-form"' in page and f'id="{scanned}"' in page
    client.force_login(contributor)
    page = html(client.get(f"{recipe.get_absolute_url()}?absatz={scanned}"))
    assert "Zu dieser Stelle im Text:" in page and "„Der Posteingang wird gescannt.“" in page
    assert f'name="absatz" value="{scanned}"' in page
    client.post(create_url(recipe), {"body": "Und die Umschläge?", "absatz": scanned})
    comment = Comment.objects.get()
    assert comment.anchor_quote == "Der Posteingang wird gescannt." and comment.anchor_block == scanned
    page = html(client.get(recipe.get_absolute_url()))
    assert f'<a href="#{scanned}" title="Zur Stelle im Text">„Der Posteingang wird gescannt.“</a>' in page
    assert f'<a class="absatz-tools__count" href="#kommentar-{comment.pk}">1 Kommentar</a>' in page


def test_a_selected_passage_is_stored_with_context_from_the_text_and_marked_for_the_script(
    client, recipe, contributor
):
    scanned = paragraph_ids(recipe)[0]
    client.force_login(contributor)
    client.post(create_url(recipe), {"body": "Womit?", "absatz": scanned, "zitat": "wird  gescannt",
                                     "davor": "Posteingang ", "danach": "."})
    comment = Comment.objects.get()
    assert (comment.anchor_prefix, comment.anchor_quote, comment.anchor_suffix) == (
        "Der Posteingang ", "wird gescannt", ".")
    page = html(client.get(recipe.get_absolute_url()))
    assert (f'data-passage-block="{scanned}" data-passage-quote="wird gescannt" data-passage-start="16"'
            in page)


def test_a_passage_that_is_not_in_the_text_is_refused_and_the_typed_text_is_kept(client, recipe, contributor):
    scanned = paragraph_ids(recipe)[0]
    client.force_login(contributor)
    response = client.post(create_url(recipe), {"body": "Mein langer Gedanke", "absatz": scanned,
                                                "zitat": "Das steht nirgends"})
    page = html(response)
    assert response.status_code == 400 and not Comment.objects.exists()
    assert "steht so nicht (mehr) im Text" in page and "Mein langer Gedanke</textarea>" in page
    assert 'name="absatz" value=""' in page or 'name="absatz" type="hidden"' not in page
    response = client.post(create_url(recipe), {"body": "Mein langer Gedanke", "absatz": ""})
    assert response.status_code == 302 and Comment.objects.get().anchor_quote == ""


def test_a_comment_on_a_passage_follows_it_when_it_moves_and_says_when_it_is_gone(
    client, recipe, contributor, moderator
):
    blocks = blocks_of(render_markdown(recipe.body).html)
    client.force_login(contributor)
    client.post(create_url(recipe), {"body": "Zur Verteilung", "absatz": blocks[1].id, "zitat": "verteilt"})
    written_on = Version.objects.get_for_object(recipe).first()
    recipe.body = "## Verteilung\n\nNeu vorweg.\n\nDann verteilt.\n\n## Posteingang\n\nDer Posteingang wird gescannt."
    recipe_save(recipe=recipe, user=moderator, comment="Umgestellt")
    page = html(client.get(recipe.get_absolute_url()))
    assert 'data-passage-quote="verteilt"' in page and "ältere Fassung" not in page

    recipe.body = "## Posteingang\n\nDer Posteingang wird gescannt."
    recipe_save(recipe=recipe, user=moderator, comment="Verteilung gestrichen")
    page = html(client.get(recipe.get_absolute_url()))
    version_url = reverse("recipe_version", args=[recipe.slug, written_on.pk])
    assert "bezieht sich auf eine ältere Fassung" in page
    assert f'href="{version_url}"' in page and "„verteilt“" in page
    assert "data-passage-quote" not in page
    assert client.get(version_url).status_code == 200


def test_a_too_long_comment_is_shown_again_with_the_text_and_an_error_linked_to_the_field(
    client, recipe, contributor, settings
):
    settings.COMMENTS_MAX_LENGTH = 30
    client.force_login(contributor)
    text = "Ein sehr langer Kommentar, der nicht passt."
    response = client.post(create_url(recipe), {"body": text})
    page = html(response)
    assert response.status_code == 400 and not Comment.objects.exists()
    assert f"{text}</textarea>" in page and "höchstens 30 Zeichen" in page
    assert re.search(r'<textarea[^>]*aria-describedby="id_body_helptext id_body_error"[^>]*aria-invalid="true"',
                     page)
    assert 'id="id_body_error"' in page


def test_a_burst_of_comments_is_refused_with_429_and_nothing_typed_is_lost(client, recipe, contributor, settings):
    settings.COMMENTS_RATE_LIMIT = "2/10m"
    client.force_login(contributor)
    for number in range(2):
        assert client.post(create_url(recipe), {"body": f"Kommentar {number}"}).status_code == 302
    response = client.post(create_url(recipe), {"body": "Der dritte, sorgfältig formuliert."})
    page = html(response)
    assert response.status_code == 429
    assert "Der dritte, sorgfältig formuliert.</textarea>" in page
    assert "einige Minuten" in page and 'role="alert"' in page
    assert Comment.objects.count() == 2


def test_a_held_comment_is_seen_by_its_author_and_moderators_only(
    client, recipe, contributor, other_contributor, moderator, settings
):
    settings.COMMENTS_HOLD_FIRST = 1
    client.force_login(contributor)
    response = client.post(create_url(recipe), {"body": "Mein erster Beitrag"}, follow=True)
    assert "sobald die Moderation ihn freigegeben hat" in html(response)
    comment = Comment.objects.get()
    assert "wartet auf Freigabe" in html(client.get(recipe.get_absolute_url()))
    client.force_login(other_contributor)
    assert "Mein erster Beitrag" not in html(client.get(recipe.get_absolute_url()))
    assert client.get(reverse("comment_detail", args=[comment.pk])).status_code == 404
    client.logout()
    assert "Mein erster Beitrag" not in html(client.get(recipe.get_absolute_url()))
    assert "Mein erster Beitrag" not in html(client.get(reverse("comments_recent")))
    client.force_login(moderator)
    page = html(client.get(recipe.get_absolute_url()))
    assert "Mein erster Beitrag" in page and reverse("comment_approve", args=[comment.pk]) in page


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    '<img src="/x.png" onerror="alert(1)">',
    "[klick](javascript:alert(1))",
    '<a href="javascript:alert(1)">klick</a>',
    '<div onmouseover="alert(1)">x</div>',
    '<svg onload="alert(1)"></svg>',
    "[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://evil.example"></iframe>',
    '"><script>alert(1)</script>',
])
def test_hostile_comment_text_never_reaches_the_page_as_markup(client, recipe, contributor, hostile):
    client.force_login(contributor)
    client.post(create_url(recipe), {"body": f"Vorher {hostile} nachher"})
    comment = Comment.objects.get()
    assert hostile in comment.body  # stored raw …
    for url in (recipe.get_absolute_url(), reverse("comments_recent"), reverse("comments_feed"),
                reverse("comment_history", args=[comment.pk])):
        page = html(client.get(url)).lower()
        assert "vorher" in page and "nachher" in page, url
        for start in [index for index in range(len(page)) if page.startswith("vorher", index)]:
            comment_output = page[start:page.index("nachher", start)]
            for forbidden in ("<script", "onerror=", "onload=", "onmouseover=", 'href="javascript:',
                              "data:text/html", "<iframe", "<svg"):
                assert forbidden not in comment_output, (url, forbidden)


def test_a_reply_page_works_without_javascript_and_notifies_the_author(
    client, recipe, contributor, other_contributor, mails
):
    thread = make_comment(recipe, contributor, "Wie macht ihr das?")
    client.force_login(other_contributor)
    url = reverse("comment_reply", args=[thread.pk])
    page = html(client.get(url))
    assert "Antworten an Mia Muster" in page and "Wie macht ihr das?" in page
    response = client.post(url, {"body": "Mit einem Scanner."})
    reply = Comment.objects.get(parent=thread)
    assert response["Location"].endswith(f"#kommentar-{reply.pk}")
    assert [mail.to for mail in mails] == [[contributor.email]]


def test_a_signed_in_reader_reports_a_comment_with_a_reason(client, recipe, contributor, other_contributor):
    comment = make_comment(recipe, contributor, "Fragwürdig")
    client.force_login(other_contributor)
    url = reverse("comment_report", args=[comment.pk])
    assert "Was ist an diesem Kommentar nicht in Ordnung?" in html(client.get(url))
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Werbung für eine Firma"}).status_code == 302
    assert Report.objects.get().reason == "Werbung für eine Firma"
    response = client.post(url, {"reason": "Noch einmal"})
    assert response.status_code == 400 and "bereits gemeldet" in html(response)
    client.force_login(contributor)
    assert "Melden</a>" not in html(client.get(recipe.get_absolute_url()))


def test_the_recent_comments_page_lists_visible_comments_newest_first(client, recipe, small_book, contributor,
                                                                      moderator):
    make_comment(recipe, contributor, "Älterer Kommentar")
    hidden = make_comment(recipe, contributor, "Wird ausgeblendet")
    services.comment_hide(comment=hidden, moderator=moderator, reason="Spam")
    make_comment(small_book, contributor, "Neuer Kommentar zum Kapitel")
    page = html(client.get(reverse("comments_recent")))
    assert page.index("Neuer Kommentar zum Kapitel") < page.index("Älterer Kommentar")
    assert "Wird ausgeblendet" not in page
    assert "7.1.3</span> Eingangsbearbeitung" in page and "Kapitel 7 · Kapitel 7" in page
    assert f'href="{reverse("comments_feed")}"' in page


def test_the_atom_feed_carries_the_newest_comments(client, recipe, contributor):
    comment = make_comment(recipe, contributor, "Im *Feed*")
    response = client.get(reverse("comments_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = html(response)
    assert "<feed" in feed and "Mia Muster zu 7.1.3 Eingangsbearbeitung" in feed
    assert f"#kommentar-{comment.pk}" in feed and "&lt;em&gt;Feed&lt;/em&gt;" in feed


def test_comment_counts_appear_next_to_recipes_in_the_table_of_contents_and_chapter_lists(
    client, small_book, contributor, moderator
):
    section = Recipe.objects.get(number="7.1")
    subsection = Recipe.objects.get(number="7.1.3")
    make_comment(section, contributor, "Eins")
    make_comment(section, contributor, "Zwei")
    hidden = make_comment(section, contributor, "Ausgeblendet")
    services.comment_hide(comment=hidden, moderator=moderator, reason="Spam")
    make_comment(subsection, contributor, "Drei")
    book = html(client.get(reverse("book")))
    assert f'href="{section.get_absolute_url()}#kommentare"' in book and "2 Kommentare" in book
    chapter = html(client.get(small_book.get_absolute_url()))
    assert "2 Kommentare" in chapter and "1 Kommentar<" in chapter
    assert with_comment_counts(Recipe.objects.filter(pk=section.pk)).get().comment_count == 2


def test_a_chapter_has_its_own_discussion(client, small_book, contributor):
    client.force_login(contributor)
    response = client.post(create_url(small_book), {"body": "Zum Kapitel insgesamt"})
    comment = Comment.objects.get()
    assert response["Location"] == f"{small_book.get_absolute_url()}#kommentar-{comment.pk}"
    assert "Zum Kapitel insgesamt" in html(client.get(small_book.get_absolute_url()))


def test_a_comments_permanent_link_leads_to_its_place_on_the_page(client, recipe, contributor):
    comment = make_comment(recipe, contributor)
    response = client.get(comment.get_absolute_url())
    assert response["Location"] == f"{recipe.get_absolute_url()}#kommentar-{comment.pk}"


def _bulk_threads(recipe, authors, total, seed=4):
    """``total`` comments in deep threads, written with bulk_create (fast, no services)."""
    rng = random.Random(seed)
    version = Version.objects.get_for_object(recipe).first()
    made = Comment.objects.bulk_create([
        Comment(recipe=recipe, author=rng.choice(authors), body=f"Faden {index}: **wichtig**", version=version)
        for index in range(10)
    ])
    chain = made[-1]
    while len(made) < total:
        batch = []
        for index in range(min(50, total - len(made))):
            if index == 0:
                parent = chain  # one long chain that goes deeper with every batch
            else:
                parent = rng.choice(made)
            batch.append(Comment(recipe=recipe, author=rng.choice(authors), parent=parent, version=version,
                                 body=rng.choice(["Danke!", "Sehe ich auch so.", f"Antwort {len(made)}"])))
        made += Comment.objects.bulk_create(batch)
        chain = made[-50] if len(made) >= 50 else made[-1]
    return made


@pytest.mark.parametrize("who", ["anonymous", "contributor", "moderator"])
def test_a_recipe_page_needs_the_same_queries_for_one_comment_and_for_250(
    client, small_book, contributor, other_contributor, moderator, request, who
):
    few = Recipe.objects.get(number="7.1.4")
    many = Recipe.objects.get(number="7.1.3")
    make_comment(few, contributor, "Der einzige")
    comments = _bulk_threads(many, [contributor, other_contributor], 250)
    services.comment_report(comment=comments[3], reporter=moderator, reason="Prüfen")
    services.comment_hide(comment=comments[5], moderator=moderator, reason="Spam")
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    client.get(few.get_absolute_url())  # warm caches (link index, rendering)
    client.get(many.get_absolute_url())
    # a fresh query string each time: the anonymous page cache must not answer for the view
    with CaptureQueriesContext(connection) as one:
        client.get(few.get_absolute_url() + "?gemessen=1")
    with CaptureQueriesContext(connection) as lots:
        page = html(client.get(many.get_absolute_url() + "?gemessen=1"))
    assert page.count('class="comment-item') == 250
    assert len(lots) == len(one), [query["sql"][:120] for query in lots.captured_queries]
    comment_queries = [query for query in lots.captured_queries if query["sql"].startswith('SELECT "comments_')]
    assert len(comment_queries) == (3 if who == "moderator" else 1)  # + open reports, moderation log
    if who == "anonymous":
        assert len(one) <= 6

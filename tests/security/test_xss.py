"""Issue 7, XSS: every hostile input of ``xss_corpus.txt`` goes through every form that takes
text, and no page that shows it may carry executable markup.

Forms are posted as a user would (test client, the real views); pages are checked with
``html_safety`` (html5lib parses like a browser). Plain-text fields must also appear on the
page literally, as text: then they were escaped, not interpreted. To stay fast, Markdown fields
get the payloads in batches and short plain-text fields in packs (several payloads per value);
each entry point still sees every payload, and each payload is also rendered on its own.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from accounts.roles import MITWIRKENDE
from comments.models import Comment
from comments.passages import blocks_of
from editions.models import Edition
from kochbuch.forms import without_control_characters
from proposals.diffs import shown_diff
from proposals.models import EditProposal
from recipes.models import Chapter, Recipe
from recipes.rendering import render_markdown, sanitise_html
from recipes.services import recipe_save
from recipes.versions import latest_version_id
from tests.factories import add_second_factor, make_chapter, make_comment, make_recipe, make_user
from tests.security.html_safety import atom_findings, executable_markup
from tests.security.xss_corpus import as_markdown, batches, load_corpus, packs
from tests.security.xss_pages import PageCheck, signed_in

# The corpus drives the same views hundreds of times: coverage's tracer (60 % slower on Python
# 3.11) would add minutes to `make test` for 0.1 % of the figure (lines other tests leave out).
pytestmark = [pytest.mark.django_db, pytest.mark.no_cover]

CORPUS = load_corpus()
BATCH = 25  # payloads per Markdown text: one save per batch
# Profile values of the people who write in these tests: their names are shown everywhere.
HOSTILE_PROFILE = {
    "display_name": '"><img src=x onerror=kbXss(0)>', "funktion": "</title><script>kbXss(0)</script>",
    "institution": "' onmouseover='kbXss(0)", "bundesland": "", "show_funktion": "on",
    "show_institution": "on", "show_bundesland": "on",
}
# Known executable markup: the checker must see every one (else its silence means nothing).
KNOWN_BAD = [
    "<script>kbXss(1)</script>", '<img src=x onerror="kbXss(1)">', '<a href="jav&#x09;ascript:kbXss(1)">x</a>',
    '<a href=" JAVASCRIPT:kbXss(1)">x</a>', '<svg><a xlink:href="javascript:kbXss(1)">x</a></svg>',
    '<iframe src="/"></iframe>', "<object data=x></object>", "<embed src=x>", '<base href="/x/">',
    '<meta http-equiv="refresh" content="0;url=/">', '<form action="javascript:kbXss(1)"></form>',
    '<button formaction="data:text/html,x">x</button>', "<style>p{}</style>",
    '<div style="width:expr/**/ession(kbXss(1))">x</div>', '<p style="background:url(javascript:kbXss(1))">x</p>',
    '<img src="//evil.example/x.png">', '<img src="/&#9;/evil.example/x.png">', "<svg><script>kbXss(1)</script></svg>",
    '<math><a href="#">x</a></math>', '<iframe srcdoc="&lt;b&gt;">', '<a href="vbscript:x">x</a>',
    '<svg><a href="//evil.example/">x</a></svg>', '<svg><a href="/ok/" onfocus="kbXss(1)">x</a></svg>',
]


@pytest.fixture
def unthrottled(settings):
    """Hundreds of comments, reports and proposals in seconds: lift the per-person limits."""
    settings.COMMENTS_RATE_LIMIT = settings.COMMENTS_REPORT_RATE_LIMIT = "100000/h"
    settings.PROPOSALS_RATE_LIMIT = "100000/h"


def become_hostile(client, profile=HOSTILE_PROFILE):
    """Give the signed-in person a hostile profile through the profile form."""
    response = client.post(reverse("profile_edit"), profile)
    assert response.status_code == 302, "das Profilformular hat die Angaben nicht angenommen"


def lead(step):
    """A first line for every Markdown batch: a search word and wiki links, whose labels are
    the (hostile) titles of other recipes."""
    return f"Posteingang Schritt {step}: [[7.1.3]] [[7.1.4]] [[7.2]]\n\n"


def test_the_corpus_holds_over_200_distinct_hostile_inputs():
    texts = [payload.text for payload in CORPUS]
    assert len(texts) >= 200 and len(set(texts)) == len(texts)
    assert sum("\n" in text for text in texts) >= 20  # multi-line Markdown
    assert sum(f"kbXss({payload.number})" in payload.text for payload in CORPUS) >= 200
    # Put into a page unsanitised, most of them are executable: the corpus is hostile and the
    # checker sees it (the rest are Markdown, attribute breakouts and template syntax).
    assert sum(bool(executable_markup(text, fragment=True)) for text in texts) >= 200


def test_the_checker_finds_executable_markup_but_not_in_the_sites_own_pages(client, small_book):
    missed = [html for html in KNOWN_BAD if not executable_markup(html, fragment=True)]
    assert not missed
    checks = PageCheck()
    for url in (reverse("book"), small_book.get_absolute_url(),
                Recipe.objects.get(number="7.1.3").get_absolute_url(), reverse("search") + "?q=Posteingang"):
        checks.get(client, url)
    checks.assert_clean(at_least=4)


def test_every_payload_on_its_own_renders_without_executable_markup(small_book):
    """The central path: Markdown + bleach in both profiles, the sanitiser alone (diffs) and the
    word diff of titles and texts as proposals and the history show them."""
    problems = []
    for payload in CORPUS:
        outputs = {
            "recipe": render_markdown(payload.text).html,
            "comment": render_markdown(payload.text, profile="comment").html,
            "sanitise_html": sanitise_html(payload.text).html,
        }
        diff = shown_diff({"title": "Alter Titel", "body": "Alter Text."},
                          {"title": payload.text, "body": payload.text})
        outputs["title diff"], outputs["text diff"] = diff.title.html, diff.inline.html
        for where, html in outputs.items():
            problems += [f"{payload} [{where}]: {finding}" for finding in executable_markup(html, fragment=True)]
    assert not problems, "\n".join(problems)


def test_external_images_stay_out_even_when_the_browser_would_clean_the_address(small_book):
    """Regression: "/\\host", "/&#9;/host" and "/&#10;/host" passed the own-site image rule, and
    browsers read them as "//host" (tracking pixels on another server)."""
    for source in ("![x](/\\evil.example/p.png)", '<img src="/&#9;/evil.example/p.png">',
                   '<img src="/&#10;/evil.example/p.png">', "![x](/&#13;/evil.example/p.png)"):
        html = render_markdown(source).html
        assert "evil.example" not in html, html
    assert '<img alt="Logo" src="/static/logo.png">' in render_markdown("![Logo](/static/logo.png)").html


def test_the_changes_feed_gives_feed_readers_notes_and_names_as_text(small_book, editor):
    """Regression: the Atom summary (type="html") carried the edit note and the author's name
    unescaped, so a feed reader rendered them as HTML. The note of an accepted proposal is its
    summary, so any contributor could place markup there."""
    writer = signed_in(editor)
    become_hostile(writer)
    recipe = Recipe.objects.get(number="7.1.4")
    response = writer.post(reverse("recipe_edit", args=[recipe.slug]), {
        "title": recipe.title, "body": recipe.body + " Neu.", "comment": '<img src=x onerror="kbXss(0)">',
        "base_version": latest_version_id(recipe)})
    assert response.status_code == 302
    feed = Client().get(reverse("recent_changes_feed")).content
    assert not atom_findings(feed)
    assert b"&amp;lt;img src=x onerror=" in feed  # the note, escaped once for HTML, once for XML


def test_a_control_character_in_a_title_note_or_name_does_not_take_the_feeds_down(client, small_book, editor,
                                                                                   contributor):
    """Regression: XML 1.0 cannot carry a form feed; Django's feed writer raised on it (500),
    so one pasted control character broke the feed for every reader."""
    writer = signed_in(editor)
    become_hostile(writer, {**HOSTILE_PROFILE, "display_name": "Rita\x0cRedaktion"})
    recipe = Recipe.objects.get(number="7.1.4")
    response = writer.post(reverse("recipe_edit", args=[recipe.slug]), {
        "title": "Sach\x0bbearbeitung", "body": recipe.body, "comment": "Notiz\x0cmit Seitenvorschub",
        "base_version": latest_version_id(recipe)})
    assert response.status_code == 302
    make_comment(recipe, contributor, "Kommentar\x0c mit Seitenvorschub")
    for url in (reverse("recent_changes_feed"), reverse("chapter_changes_feed", args=[small_book.slug]),
                reverse("comments_feed")):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Sachbearbeitung" in client.get(reverse("recent_changes_feed")).content.decode()


def test_direct_edits_of_title_text_and_note_show_up_harmless(small_book, editor):
    """An editor edits recipes directly: title, Markdown text and the note for the history.

    The texts go to three recipes; the remaining titles to short recipes, whose pages are cheap.
    """
    for number in ("7.2", "7.3", "7.4", "7.5", "7.6", "7.7"):
        make_recipe(number, f"Rezept {number}", "Posteingang: ein kurzer Text.")
    recipes = list(Recipe.objects.filter(chapter__number=7).order_by("sort_key"))
    with_texts, short = recipes[:3], recipes[3:]
    client, checks = signed_in(editor), PageCheck()
    become_hostile(client)
    titles, notes = packs(CORPUS, 200), packs(CORPUS, 300)
    bodies = [lead(step) + as_markdown(batch) for step, batch in enumerate(batches(CORPUS, BATCH))]
    for step, title in enumerate(titles):
        recipe = with_texts[step % 3] if step < len(bodies) else short[step % len(short)]
        recipe.refresh_from_db()
        url = reverse("recipe_edit", args=[recipe.slug])
        data = {"title": title, "body": bodies[step] if step < len(bodies) else recipe.body,
                "comment": notes[step] if step < len(notes) else "Titel geändert",
                "base_version": latest_version_id(recipe)}
        if step < len(bodies):  # the preview shows the text rendered, and again in the form
            checks.post(client, url, {**data, "preview": "1"}, expect=200)
        checks.post(client, url, data)
        checks.get(client, recipe.get_absolute_url(),
                    shows=[title, f"Posteingang Schritt {step}:"] if step < len(bodies) else [title])
        if step < len(bodies):
            checks.get(client, reverse("recipe_compare", args=[recipe.slug]))
        if step % len(short) == 0 or step == len(titles) - 1:  # pages that list every title
            checks.get(client, small_book.get_absolute_url())
            checks.get(client, reverse("book"))
            checks.get(client, reverse("search") + "?q=Posteingang")
        if step % 30 == 29 or step == len(titles) - 1:  # the feeds hold the newest 30 versions
            checks.get(client, reverse("recent_changes"))
            checks.feed(client, reverse("recent_changes_feed"))
            checks.feed(client, reverse("chapter_changes_feed", args=[small_book.slug]))
    for recipe in recipes:
        checks.get(client, reverse("recipe_history", args=[recipe.slug]))
    for recipe in with_texts:
        checks.get(client, reverse("recipe_compare", args=[recipe.slug]) + "?ansicht=nebeneinander")
    checks.assert_clean(at_least=len(titles) * 2)


def test_chapter_title_subtitle_teaser_and_intro_from_the_admin_show_up_harmless(client, small_book):
    """The Redaktion edits chapters in the admin; the site shows them on the book and chapter pages."""
    admin = make_user("admin@kommune.example", is_staff=True, is_superuser=True)
    add_second_factor(admin)
    for number in range(1, 6):
        make_chapter(number)
    chapters = list(Chapter.objects.in_order())
    staff, checks = signed_in(admin), PageCheck()
    titles, teasers = packs(CORPUS, 200), packs(CORPUS, 400)
    intros = [lead(step) + as_markdown(batch) for step, batch in enumerate(batches(CORPUS, BATCH))]
    for step, title in enumerate(titles):
        chapter = chapters[step % len(chapters)]
        chapter.refresh_from_db()
        checks.post(staff, reverse("admin:recipes_chapter_change", args=[chapter.pk]), {
            "number": chapter.number, "slug": chapter.slug, "title": title, "subtitle": titles[-1 - step],
            "teaser": teasers[step % len(teasers)], "intro": intros[step] if step < len(intros) else chapter.intro,
            "order": chapter.order, "page_start": "", "page_end": "", "_save": "1",
        })
        if step < len(intros):
            checks.get(client, chapter.get_absolute_url(), shows=[title, f"Posteingang Schritt {step}:"])
            checks.get(client, reverse("chapter_compare", args=[chapter.slug]))
        if step % len(chapters) == len(chapters) - 1 or step == len(titles) - 1:
            shown = [text for c in Chapter.objects.all() for text in (c.title, c.subtitle, c.teaser)]
            checks.get(client, reverse("book"), shows=shown)
    for chapter in chapters:
        checks.get(client, reverse("chapter_history", args=[chapter.slug]))
    checks.get(client, reverse("recent_changes"))
    checks.feed(client, reverse("recent_changes_feed"))
    checks.assert_clean(at_least=len(titles) // 3)


def test_editions_show_their_names_notes_frozen_texts_and_comparisons_harmless(small_book, editor):
    """The Redaktion publishes editions (name, Markdown note) of hostile texts; the edition pages
    show the frozen texts and compare editions with each other and with the current state."""
    client, checks = signed_in(editor), PageCheck()
    recipe = Recipe.objects.get(number="7.1.3")
    groups = batches(batches(CORPUS, BATCH), 3)  # five editions, three batches each
    editions = []
    for number, group in enumerate(groups):
        recipe.refresh_from_db()
        recipe.title, recipe.body = packs(group[0], 200)[0], lead(number) + as_markdown(group[1])
        recipe_save(recipe=recipe, user=editor, comment=packs(group[2], 300)[0])
        name = f"Ausgabe {2030 + number} {packs(group[0], 60)[0]}"[:80]
        checks.post(client, reverse("edition_publish"), {
            "name": name, "date": f"{2030 + number}-01-01", "note": "\n\n".join(as_markdown(b) for b in group)})
        editions.append(Edition.objects.latest("pk"))
    checks.get(client, reverse("edition_list"))
    for old, new in zip(editions, editions[1:] + [None]):
        checks.get(client, old.get_absolute_url())
        checks.get(client, reverse("edition_recipe", args=[old.slug, recipe.slug]),
                   shows=[f"Posteingang Schritt {editions.index(old)}:"])
        checks.get(client, reverse("edition_compare", args=[old.slug, new.slug if new else "aktuell"]))
    checks.assert_clean(at_least=3 * len(editions))


def _propose(checks, author, recipe, *, title, body, summary):
    checks.post(author, reverse("proposal_create", args=[recipe.slug]), {
        "title": title, "body": body, "summary": summary, "base_version": latest_version_id(recipe)})
    return EditProposal.objects.filter(recipe=recipe).latest("pk")


def test_proposals_and_their_review_show_title_text_reasons_and_messages_harmless(
    small_book, contributor, moderator, unthrottled
):
    """Proposals (title, text, reason), revisions with a note, requests for changes, rejections,
    acceptance with a message: all shown on the proposal, review, queue and history pages."""
    author, reviewer, checks = signed_in(contributor), signed_in(moderator), PageCheck()
    become_hostile(author)
    become_hostile(reviewer)
    recipes = list(Recipe.objects.order_by("sort_key"))
    titles, summaries, messages = packs(CORPUS, 200), packs(CORPUS, 1000), packs(CORPUS, 2000)
    bodies = [lead(step) + as_markdown(batch) for step, batch in enumerate(batches(CORPUS, BATCH))]
    proposals = []
    for step, title in enumerate(titles):
        summary = summaries[step % len(summaries)]
        if len(proposals) < len(messages) + 2:  # one for each rejection, two to accept
            proposals.append(_propose(checks, author, recipes[step % len(recipes)], title=title,
                                      body=bodies[step % len(bodies)], summary=summary))
            continue
        proposal = proposals[step % len(proposals)]
        proposal.refresh_from_db()
        body = bodies[step] if step < len(bodies) else proposal.body  # later revisions: the title
        checks.post(author, reverse("proposal_revise", args=[proposal.pk]), {
            "title": title, "body": body, "summary": summary, "message": messages[step % len(messages)]})
        if step % len(proposals) == 0:  # the moderation asks for changes; the author reads it
            message = messages[(step // len(proposals)) % len(messages)]
            checks.post(reviewer, reverse("proposal_review", args=[proposal.pk]),
                        {"aktion": "rueckfrage", "nachricht": message})
            checks.get(author, reverse("proposal_revise", args=[proposal.pk]), shows=[message])
    new_recipe = checks.post(author, reverse("proposal_create_recipe", args=[small_book.slug]), {
        "number": "7.9", "title": titles[0], "body": bodies[1], "summary": summaries[1]})
    assert new_recipe.status_code == 302
    checks.get(reviewer, reverse("proposal_queue") + "?status=alle")
    checks.get(author, reverse("proposal_mine"))
    for proposal in EditProposal.objects.all():
        checks.get(author, proposal.get_absolute_url(), shows=["Posteingang Schritt"])
        checks.get(reviewer, reverse("proposal_review", args=[proposal.pk]))
    for proposal in proposals[:2]:  # side by side and against the current text
        checks.get(reviewer, reverse("proposal_review", args=[proposal.pk]) + "?gegen=aktuell&ansicht=nebeneinander")
    first, second, *rejected = proposals
    checks.post(reviewer, reverse("proposal_review", args=[first.pk]), {"aktion": "alle", "nachricht": messages[0]})
    checks.post(reviewer, reverse("proposal_review_edit", args=[second.pk]), {
        "title": titles[1], "body": bodies[2], "message": messages[1]})
    for index, proposal in enumerate(rejected):
        checks.post(reviewer, reverse("proposal_review", args=[proposal.pk]),
                    {"aktion": "ablehnen", "nachricht": messages[index % len(messages)]})
        checks.get(author, proposal.get_absolute_url(), shows=[messages[index % len(messages)]])
    for proposal in (first, second):
        checks.get(author, proposal.get_absolute_url())
        checks.get(reviewer, reverse("recipe_history", args=[proposal.recipe.slug]))
    checks.get(reviewer, reverse("recent_changes"))
    checks.feed(reviewer, reverse("recent_changes_feed"))
    checks.assert_clean(at_least=3 * len(proposals))


def _quote_recipe():
    """A recipe whose code blocks are the payloads: their text is what readers quote.

    A short paragraph between two code blocks keeps Markdown from joining them into one.
    """
    parts = []
    for number, batch in enumerate(batches(CORPUS, 15)):
        code = "\n".join(payload.text for payload in batch)
        parts += [f"Absatz {number}.", "\n".join("    " + line for line in code.split("\n"))]
    return make_recipe("7.8", "Zitate", "\n\n".join(parts))


def test_comments_quotes_reports_and_moderation_show_up_harmless(small_book, contributor, other_contributor,
                                                                    moderator, unthrottled):
    """Comments and replies (Markdown), comments on quoted passages, edits, report reasons and
    the reasons for hiding: on the page's threads, the queue, the feeds and the histories."""
    author, reporter, mod = signed_in(contributor), signed_in(other_contributor), signed_in(moderator)
    anonymous, checks = Client(), PageCheck()
    for client in (author, reporter, mod):
        become_hostile(client)
    recipe = Recipe.objects.get(number="7.1.3")
    bodies = [f"Kommentar Nummer {index}.\n\n{as_markdown(batch)}"
              for index, batch in enumerate(batches(CORPUS, 20))]
    for index, body in enumerate(bodies):
        if index % 3 == 2:  # a reply to the comment before, after reading the reply page
            parent = Comment.objects.latest("pk")
            checks.get(author, reverse("comment_reply", args=[parent.pk]))
            checks.post(author, reverse("comment_reply", args=[parent.pk]), {"body": body})
        elif index % 5 == 4:  # on the chapter
            checks.post(author, reverse("comment_create_chapter", args=[small_book.pk]), {"body": body})
        else:
            checks.post(author, reverse("comment_create_recipe", args=[recipe.pk]), {"body": body})
    quoted = _quote_recipe()
    blocks = [block for block in blocks_of(render_markdown(quoted.body).html) if "kbXss" in block.text]
    for block in blocks:  # "Kommentieren" under a paragraph: the form quotes it
        checks.get(author, quoted.get_absolute_url() + "?" + urlencode({"absatz": block.id}),
                   shows=[block.text[:300]])
    for block in blocks:  # the whole paragraph, and a selection inside it with its context
        checks.post(author, reverse("comment_create_recipe", args=[quoted.pk]),
                    {"body": "Zu dieser Stelle.", "absatz": block.id, "zitat": block.text})
        third = len(block.text) // 3
        checks.post(author, reverse("comment_create_recipe", args=[quoted.pk]), {
            "body": "Zu diesem Teil.", "absatz": block.id, "zitat": block.text[third:2 * third],
            "davor": block.text[:third], "danach": block.text[2 * third:]})
    assert Comment.objects.exclude(anchor_quote="").count() >= 2 * (len(CORPUS) // 15)
    for comment in Comment.objects.filter(author=contributor).order_by("-pk")[:3]:
        checks.post(author, reverse("comment_edit", args=[comment.pk]), {"body": bodies[-1]})
        checks.get(anonymous, reverse("comment_history", args=[comment.pk]))
    comments = list(Comment.objects.order_by("pk"))
    reasons = packs(CORPUS, 1000)
    assert len(comments) >= 2 * len(reasons)
    for comment, reason in zip(comments, reasons):
        checks.get(reporter, reverse("comment_report", args=[comment.pk]))
        checks.post(reporter, reverse("comment_report", args=[comment.pk]), {"reason": reason})
    checks.get(mod, reverse("moderation_queue"), shows=reasons[:3])
    for comment, reason in zip(comments[len(reasons):], reasons):
        checks.get(mod, reverse("comment_hide", args=[comment.pk]))
        checks.post(mod, reverse("comment_hide", args=[comment.pk]), {"reason": reason})
    checks.get(mod, reverse("moderation_queue"))
    open_threads = Comment.objects.open_threads()
    threads = [*open_threads.filter(recipe=quoted)[:4], *open_threads.filter(recipe=recipe)[:2]]
    assert len(threads) == 6
    for thread in threads:  # "Als Änderungsvorschlag übernehmen": the form quotes comment and passage
        checks.get(author, reverse("proposal_create", args=[thread.recipe.slug]) + f"?kommentar={thread.pk}")
    for client in (anonymous, author, mod):
        checks.get(client, recipe.get_absolute_url(), shows=["Kommentar Nummer 0.", "Kommentar Nummer 1."])
        checks.get(client, small_book.get_absolute_url(), shows=["Kommentar Nummer 4."])
        checks.get(client, quoted.get_absolute_url(),
                   shows=["Zu dieser Stelle.", "Zu diesem Teil.", blocks[0].text[:250], blocks[-1].text[:250]])
    for page in range(1, 3):
        checks.get(anonymous, reverse("comments_recent") + f"?seite={page}")
    checks.feed(anonymous, reverse("comments_feed"))
    checks.get(anonymous, reverse("search") + "?" + urlencode({"q": "kbXss Stelle", "bereich": "kommentare"}))
    checks.assert_clean(at_least=len(bodies) + len(reasons) * 3)


def test_profile_fields_show_up_harmless_wherever_people_are_named(small_book, unthrottled):
    """Anzeigename, Funktion and Institution: on the profile page and next to every comment."""
    recipe = Recipe.objects.get(number="7.1.4")
    names, functions, institutions = packs(CORPUS, 80), packs(CORPUS, 120), packs(CORPUS, 160)
    checks, previous = PageCheck(), None
    for index, name in enumerate(names):
        person = make_user(f"person{index}@kommune.example", role=MITWIRKENDE)
        client = signed_in(person)
        shown = {"display_name": name, "funktion": functions[index % len(functions)],
                 "institution": institutions[index % len(institutions)]}
        response = client.post(reverse("profile_edit"), {**shown, "bundesland": "BY", "show_funktion": "on",
                                                         "show_institution": "on", "show_bundesland": "on"},
                               follow=True)
        checks.html(f"Profil {index}", response.content.decode(), shows=shown.values())
        previous = make_comment(recipe, person, "Danke für den Hinweis.",
                                parent=previous if index % 2 else None)
    anonymous = Client()
    checks.get(anonymous, recipe.get_absolute_url(), shows=names)  # every name, literally, in the threads
    checks.get(signed_in(get_user_model().objects.get(email="person0@kommune.example")), recipe.get_absolute_url())
    for page in range(1, len(names) // 30 + 2):
        checks.get(anonymous, reverse("comments_recent") + f"?seite={page}")
    checks.feed(anonymous, reverse("comments_feed"))
    checks.assert_clean(at_least=len(names))


def test_search_shows_hostile_queries_titles_and_texts_harmless(client, small_book):
    """The query comes back in the search box and the results; hits show titles and snippets."""
    for step, batch in enumerate(batches(CORPUS, BATCH)):
        make_recipe(f"6.{step + 2}", packs(batch, 200)[0], lead(step) + as_markdown(batch))
    checks = PageCheck()
    for query in packs(CORPUS, 300):
        # Control characters in an address get a 400 before any view (kochbuch.middleware).
        query = without_control_characters(query)
        checks.get(client, reverse("search") + "?" + urlencode({"q": query}))
    for query in ("Posteingang", "kbXss", "script onerror", "javascript"):
        checks.get(client, reverse("search") + "?" + urlencode({"q": query}))
        checks.get(client, reverse("search") + "?" + urlencode({"q": query, "bereich": "kommentare"}))
    checks.assert_clean(at_least=len(CORPUS) // 10)


def test_imported_editions_name_their_source_harmless_in_history_queue_and_preview(
        small_book, editor, moderator, contributor, settings, tmp_path):
    """The edition's name (typed at upload) becomes the author of imported text: history, recent
    changes, feeds, the proposal queue and pages, the import's preview and a bulk decision's
    reason show it; every payload goes through as an edition name or a reason."""
    from editions.models import ImportJob
    from editions.services import import_apply
    from recipes.bookfiles import RecipeEntry

    settings.MEDIA_ROOT = tmp_path
    client, checks = signed_in(editor), PageCheck()
    recipe = Recipe.objects.get(number="7.1.4")
    names = packs(CORPUS, 80)
    for number, name in enumerate(names):
        recipe.refresh_from_db()
        recipe.body = f"Eigener Text der Kommune, Fassung {number}.\n"
        recipe_save(recipe=recipe, user=contributor, comment="eigener Text")
        import_apply(chapters=[], recipes=[RecipeEntry(number="7.1.4", title="Sachbearbeitung",
                                                       body=f"Text der Ausgabe {number}.\n")],
                     edition_name=name, user=editor, import_job_id=number + 1)
    proposal = EditProposal.objects.latest("pk")
    checks.get(client, reverse("recipe_history", args=[recipe.slug]))
    checks.get(client, reverse("recent_changes"))
    checks.feed(client, reverse("recent_changes_feed"))
    checks.get(client, reverse("proposal_queue") + "?herkunft=import", shows=[names[0]])
    checks.get(client, proposal.get_absolute_url(), shows=[proposal.source_edition])
    reasons = packs(CORPUS, 1000)
    proposals = list(EditProposal.objects.waiting().order_by("pk"))
    for reason, chunk in zip(reasons, batches(proposals, max(1, len(proposals) // len(reasons) + 1))):
        checks.post(signed_in(moderator), reverse("proposal_bulk"),
                    {"aktion": "ablehnen", "auswahl": [p.pk for p in chunk], "nachricht": reason})
    checks.get(client, proposal.get_absolute_url())
    job = ImportJob.objects.create(
        upload="x.pdf", original_name=names[0], edition_name=names[1], created_by=editor,
        status=ImportJob.Status.PREVIEW, preview={"pages": 1, "warnings": [names[2]], "headings": [
            {"level": 2, "number": "7.1.4", "title": names[3], "page": 1, "page_end": 1,
             "markdown": as_markdown(CORPUS[:BATCH])}]})
    checks.get(client, job.get_absolute_url(), shows=[names[2], names[3]])
    checks.assert_clean(at_least=7)


def test_erfahrungsberichte_show_texts_contacts_reasons_and_kommune_searches_harmless(
        small_book, contributor, other_contributor, moderator, unthrottled, settings):
    """Nachgekocht: the four Markdown fields, the shown contact, report and hide reasons, on the
    report page, the recipe page, the map with its table, the Kommune page and the queue."""
    from kommunen.models import Kommune
    from practice.models import PracticeReport

    settings.PRACTICE_RATE_LIMIT = "100000/h"
    author, reporter, mod = signed_in(contributor), signed_in(other_contributor), signed_in(moderator)
    anonymous, checks = Client(), PageCheck()
    for client in (author, reporter, mod):
        become_hostile(client)
    dueren = Kommune.objects.get(name="Düren", is_model=True)
    assert author.post(reverse("profile_kommune"), {"kommune": dueren.pk}).status_code == 302
    recipe = Recipe.objects.get(number="7.1.3")
    texts = [as_markdown(batch) for batch in batches(CORPUS, 6)]
    contacts = packs(CORPUS, 200)
    fields = ["adaptations", "results", "figures", "lessons"]
    url = reverse("practice_report_create", args=[recipe.slug])
    checks.get(author, url)
    for start in range(0, len(texts), len(fields)):
        data = {"status": "umgesetzt", "since": "2025-01-01", "show_contact": "on",
                "contact": contacts[(start // 4) % len(contacts)],
                "links": "https://x.example/?q=%22%3E%3Cscript%3EkbXss(0)%3C/script%3E"}
        data.update({field: text for field, text in zip(fields, texts[start:start + len(fields)])})
        checks.post(author, url, data)
    reports = list(PracticeReport.objects.order_by("pk"))
    assert len(reports) * len(fields) >= len(texts)
    for report in reports:
        checks.get(anonymous, report.get_absolute_url(), shows=[report.contact])
        checks.get(author, reverse("practice_report_edit", args=[report.pk]))
    for contact in contacts[len(reports):]:  # the rest of the contacts through the edit form
        checks.post(author, reverse("practice_report_edit", args=[reports[0].pk]), {
            "status": "geplant", "contact": contact, "show_contact": "on"})
        checks.get(anonymous, reports[0].get_absolute_url(), shows=[contact])
    checks.get(anonymous, recipe.get_absolute_url())
    checks.get(anonymous, reverse("practice_overview"))
    checks.get(anonymous, reverse("kommune_detail", args=[dueren.pk]))
    checks.feed(anonymous, reverse("practice_feed"))
    reasons = packs(CORPUS, 1000)
    for report, reason in zip(reports * len(reasons), reasons):
        PracticeReport.objects.filter(pk=report.pk).update(moderation="visible")
        report.flags.update(status="dismissed")
        checks.post(reporter, reverse("practice_report_flag", args=[report.pk]), {"reason": reason})
        checks.get(mod, reverse("practice_moderation"), shows=[reason])
        checks.post(mod, reverse("practice_report_moderate", args=[report.pk, "ausblenden"]), {"reason": reason})
        checks.get(author, report.get_absolute_url(), shows=[reason])
    checks.get(mod, reverse("practice_moderation"))
    for query in packs(CORPUS, 100)[:40]:
        checks.get(anonymous, reverse("kommune_search") + "?" + urlencode({"q": query}))
        checks.get(author, reverse("profile_kommune") + "?" + urlencode({"q": query}))
    checks.assert_clean(at_least=80)

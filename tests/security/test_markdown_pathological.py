"""Issue 11, item 1: no Markdown input stalls a worker.

Every shape of ``markdown_corpus`` (the CommonMark implementations' pathological suites and what
broke Python-Markdown here), at every Markdown field's maximum length, is either refused by the
form with a German message saying what to change, or renders in at most 200 ms of CPU time.
The largest variant of each shape that the forms still accept renders within the same bound,
and texts stored before the forms checked anything render bounded too (as plain text).
"""

import sys
import time
from datetime import date

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from comments.models import Comment
from editions.models import Edition
from editions.services import edition_publish
from proposals.models import EditProposal
from proposals.services import proposal_create
from recipes import rendering
from recipes.markdown_guard import (
    MAX_DEPTH,
    NOTE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    markdown_problems,
    validate_markdown,
)
from recipes.models import Chapter, Recipe
from recipes.rendering import plain_text_html, render_markdown
from recipes.services import chapter_save, recipe_save
from recipes.versions import latest_version_id
from tests.factories import make_comment
from tests.security.html_safety import executable_markup
from tests.security.markdown_corpus import PROSE, SHAPES, padded, pathological
from tests.security.xss_corpus import load_corpus

pytestmark = pytest.mark.django_db

BOUND = 0.2  # seconds of CPU time for one rendering, on a quiet machine without coverage
# Under coverage tracing and beside other test processes every rendering is slower, ordinary prose
# too. The bound is therefore also relative: at most HEADROOM times what the same length of plain
# prose costs at that moment. A shape the guard misses costs seconds to minutes (issue 11: 1,000
# "[" took 3 s), far above either; a guarded one costs about what prose does.
HEADROOM = 4
# (profile, maximum length) of every Markdown field: recipe texts, proposals and chapter
# introductions; comments; edition notes.
FIELDS = {
    "text": ("recipe", TEXT_MAX_LENGTH),
    "comment": ("comment", settings.COMMENTS_MAX_LENGTH),
    "note": ("recipe", NOTE_MAX_LENGTH),
}
BRACKETS = "[" * 20000  # the proposal of issue 11 that killed a worker on every visit


def _best_cpu_seconds(text, profile, enough):
    """CPU seconds of an uncached rendering: the best of up to three runs, so that another
    process on the machine does not fail the test, while a slow renderer still does.

    The renderer is measured, not coverage's line tracer: `make test` traces every line, which
    doubles the cost of a Markdown parse, so the tracer is off while the clock runs (the same code
    is covered by the other tests)."""
    best, rendered = None, None
    tracer = sys.gettrace()
    for _attempt in range(3):
        cache.clear()
        sys.settrace(None)
        try:
            start = time.process_time()
            rendered = render_markdown(text, profile=profile)
            elapsed = time.process_time() - start
        finally:
            sys.settrace(tracer)
        best = elapsed if best is None else min(best, elapsed)
        if best <= enough:
            break
    return best, rendered


def bound_for(text, profile="recipe"):
    """BOUND, or HEADROOM times the cost of as much ordinary prose right now, whichever is more."""
    prose_seconds, _rendered = _best_cpu_seconds(padded("", len(text)), profile, BOUND / HEADROOM)
    return max(BOUND, HEADROOM * prose_seconds)


def render_seconds(text, profile):
    """The CPU seconds of rendering ``text`` and the rendering, and the bound that applies."""
    elapsed, rendered = _best_cpu_seconds(text, profile, BOUND)
    if elapsed > BOUND:  # measured under load or coverage: compare with prose measured the same way
        return elapsed, rendered, bound_for(text, profile)
    return elapsed, rendered, BOUND


def refusal(text):
    """The German messages a form shows for ``text``, or [] when it is accepted."""
    try:
        validate_markdown(text)
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_at_the_fields_maximum_is_refused_or_renders_in_time(shape, field):
    profile, length = FIELDS[field]
    text = pathological(shape, length)
    assert len(text) == length
    messages = refusal(text)
    for message in messages:
        assert "Bitte" in message, message  # says what to change, in German
    elapsed, rendered, bound = render_seconds(text, profile)
    # Refused texts still render bounded: texts stored before the check are plain text.
    assert elapsed <= bound, f"{shape} ({field}, {length} Zeichen): {elapsed:.3f} s > {bound:.3f} s"
    if messages:
        assert rendered.html == plain_text_html(text, anchors=profile == "recipe")


def _largest_accepted(build, length, upper=None):
    """``build(k)`` padded to ``length`` for the largest ``k`` (by bisection) that passes."""
    low, high = 0, length if upper is None else upper
    while high - low > max(1, low // 40):
        middle = (low + high) // 2
        if markdown_problems(padded(build(middle), length)):
            high = middle
        else:
            low = middle
    return padded(build(low), length)


PARAGRAPH = 300


def _paragraphs(shape):
    """``k`` paragraphs of the shape (Markdown scans each paragraph on its own)."""
    return lambda k: "\n\n".join([pathological(shape, PARAGRAPH)] * k)


@pytest.mark.parametrize("arrangement", ["ein Absatz", "viele Absätze"])
@pytest.mark.parametrize("shape", SHAPES)
def test_the_largest_accepted_variant_of_each_shape_renders_in_time(shape, arrangement):
    """The limits are real: the worst text the forms still take stays within the bound."""
    if arrangement == "ein Absatz":
        text = _largest_accepted(lambda k: pathological(shape, k), TEXT_MAX_LENGTH)
    else:
        text = _largest_accepted(_paragraphs(shape), TEXT_MAX_LENGTH, TEXT_MAX_LENGTH // PARAGRAPH)
    assert not markdown_problems(text)
    elapsed, rendered, bound = render_seconds(text, "recipe")
    assert elapsed <= bound, f"{shape} ({arrangement}): {elapsed:.3f} s > {bound:.3f} s"
    assert not rendered.transient


def test_a_mixture_of_every_shape_just_within_the_limits_renders_in_time():
    def mixture(k):
        return "\n\n".join(pathological(shape, k) for shape in SHAPES)

    text = _largest_accepted(mixture, TEXT_MAX_LENGTH)
    assert not markdown_problems(text)
    for profile in ("recipe", "comment"):
        elapsed, _rendered, bound = render_seconds(text, profile)
        assert elapsed <= bound, f"{profile}: {elapsed:.3f} s"


def test_the_books_texts_and_a_long_real_text_are_accepted_and_render_in_time(small_book):
    from pathlib import Path

    texts = [path.read_text(encoding="utf-8")
             for path in Path(settings.BASE_DIR, "fixtures", "demo-book").glob("*/*.md")]
    assert len(texts) > 80
    assert [text[:60] for text in texts if markdown_problems(text)] == []
    long_text = ("\n\n".join(texts) * 2)[:TEXT_MAX_LENGTH]
    assert not markdown_problems(long_text)
    elapsed, rendered, bound = render_seconds(long_text, "recipe")
    assert elapsed <= bound and rendered.toc and not rendered.transient


@pytest.mark.parametrize(("text", "code", "words"), [
    ("> " * (MAX_DEPTH + 1) + "Zitat", "depth", "zu tief verschachtelt"),
    ("- " * (MAX_DEPTH + 1) + "Punkt", "depth", "zu tief verschachtelt"),
    (PROSE + "[" * 600, "brackets", "als „\\[“"),
    ("[a](b " * 400, "parens", "mit „)“"),
    ("".join("e" + "`" * n for n in range(1, 200)), "backticks", "Backticks"),
    ("<a " * 1000, "tags", "„&lt;“"),
    ("*" * 1600, "markup", "Leerzeilen"),
    ("- Punkt\n" * 1600, "nesting", "Listenpunkte"),
    ("".join(f"Text[^{n}]\n\n[^{n}]: Fußnote\n\n" for n in range(120)), "footnotes", "Fußnoten"),
    ("a" * 200_001, "length", "kürzen"),
], ids=lambda value: value if isinstance(value, str) and len(value) < 20 else "")
def test_each_refusal_says_in_german_what_to_change(text, code, words):
    problems = markdown_problems(text)
    assert code in [problem.code for problem in problems]
    message = next(problem.message for problem in problems if problem.code == code)
    assert words in message and "Bitte" in message


def test_several_shapes_each_under_its_own_limit_are_refused_together():
    text = "\n\n".join([PROSE + "[" * 330, "[a](b " * 200, "<a " * 330, "*" * 1000])
    assert [problem.code for problem in markdown_problems(text)] == ["combined"]


def test_ordinary_markdown_is_untouched():
    text = ("## Posteingang\n\n> Zitat mit **fett** und [Link](https://example.org/a_b_c).\n\n"
            "- eins\n    - zwei\n        - drei\n\n`code` und [[7.1.3]] und <sup>2</sup>.\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Fußnote")
    assert markdown_problems(text) == []
    html = render_markdown(text).html
    assert "<blockquote" in html and "<table>" in html and 'class="footnote"' in html


# --- the render path's own guard --------------------------------------------------------------

def test_text_stored_before_the_check_is_shown_as_escaped_plain_text():
    text = "<script>alert(1)</script>\n" + BRACKETS + "\n\nZweiter Absatz & mehr"
    elapsed, rendered, bound = render_seconds(text, "recipe")
    assert elapsed <= bound
    assert rendered.html.startswith('<p id="absatz-')
    assert '"">&lt;script&gt;alert(1)&lt;/script&gt;<br>\n[[[' in rendered.html
    assert rendered.html.endswith('data-absatz="">Zweiter Absatz &amp; mehr</p>')
    assert render_markdown(text, profile="comment").html.startswith("<p>&lt;script&gt;")


def test_a_rendering_that_runs_out_of_time_becomes_plain_text_and_is_tried_again_later(monkeypatch):
    """The last line of defence, for shapes the guard does not know: a CPU budget."""
    monkeypatch.setattr(rendering, "markdown_problems", lambda text: [])
    monkeypatch.setattr(rendering, "RENDER_BUDGET_SECONDS", 0.3)
    cache.clear()
    start = time.process_time()
    rendered = render_markdown(BRACKETS)  # minutes without the budget
    assert time.process_time() - start < 1.0
    assert rendered.transient and rendered.html == plain_text_html(BRACKETS, anchors=True)
    recursion = render_markdown("- " * 25000 + "a", profile="comment")  # RecursionError
    assert recursion.transient and recursion.html.startswith("<p>- - - ")


def test_the_search_index_takes_such_a_text_as_it_is_without_markdown():
    from search.indexing import plain_text

    start = time.process_time()
    assert plain_text(BRACKETS + "\n\n  Posteingang") == BRACKETS + " Posteingang"
    assert time.process_time() - start <= BOUND
    assert plain_text("## Posteingang\n\nDer **Posteingang** [[7.1.3|hier]].") == (
        "Posteingang – Der Posteingang hier.")


PATHOLOGICAL_PAYLOADS = [
    "[" * 30 + "<script>kbXss(1)</script>", "[a](<b " * 30 + "<img src=x onerror=kbXss(1)>",
    "<a " * 30 + '<a href="javascript:kbXss(1)">x</a>', "> " * 20 + "<script>kbXss(1)</script>",
    "- " * 20 + "<img src=x onerror=kbXss(1)>", "*a **a " * 30 + "<svg onload=kbXss(1)>" + " a** a*" * 30,
    "``\\" * 30 + "<script>kbXss(1)</script>", "</" + "<!--" * 30 + "<script>kbXss(1)</script>",
    "![[]()" * 30 + "<img src=x onerror=kbXss(1)>", "[^1]: <script>kbXss(1)</script>\n" * 120,
]


def test_pathological_shapes_carrying_hostile_markup_render_harmless():
    problems = []
    for payload in PATHOLOGICAL_PAYLOADS:
        for profile in ("recipe", "comment"):
            for text in (payload, payload * 50):  # accepted, and refused (plain text)
                html = render_markdown(text, profile=profile).html
                problems += [f"{payload[:40]!r}: {finding}" for finding in executable_markup(html, fragment=True)]
    assert not problems, "\n".join(problems)


def test_the_plain_text_form_of_every_hostile_input_is_harmless():
    problems = []
    for payload in load_corpus():
        for html in (plain_text_html(payload.text), render_markdown("[" * 1000 + payload.text).html):
            problems += [f"{payload}: {finding}" for finding in executable_markup(html, fragment=True)]
    assert not problems, "\n".join(problems)


# --- through the site -------------------------------------------------------------------------

@pytest.fixture
def recipe(small_book):
    return Recipe.objects.get(number="7.1.3")


def _proposal_form(recipe, body, **extra):
    return {"title": recipe.title, "body": body, "summary": "Klammern.",
            "base_version": latest_version_id(recipe), **extra}


def _timed(call):
    start = time.process_time()
    response = call()
    return response, time.process_time() - start


@pytest.mark.parametrize("preview", [False, True])
def test_a_proposal_or_its_preview_with_a_pathological_text_gets_the_german_error(
        client, recipe, contributor, preview):
    client.force_login(contributor)
    extra = {"preview": "1"} if preview else {}
    response, elapsed = _timed(lambda: client.post(reverse("proposal_create", args=[recipe.slug]),
                                                   _proposal_form(recipe, BRACKETS, **extra)))
    page = response.content.decode()
    assert response.status_code == 200 and elapsed < 1.0
    assert "eckige Klammern" in page and "Bitte schließen Sie jede" in page
    assert not EditProposal.objects.exists()


def test_a_proposal_longer_than_the_limit_is_refused(client, recipe, contributor):
    client.force_login(contributor)
    response = client.post(reverse("proposal_create", args=[recipe.slug]),
                           _proposal_form(recipe, PROSE * (TEXT_MAX_LENGTH // len(PROSE) + 1)))
    assert response.status_code == 200 and "höchstens 30000 Zeichen" in response.content.decode()
    assert not EditProposal.objects.exists()


def test_the_largest_accepted_bracket_text_is_stored_and_shown_in_time(client, recipe, contributor):
    text = _largest_accepted(lambda k: pathological("open brackets [", k), TEXT_MAX_LENGTH)
    client.force_login(contributor)
    response = client.post(reverse("proposal_create", args=[recipe.slug]), _proposal_form(recipe, text))
    assert response.status_code == 302
    cache.clear()
    page, elapsed = _timed(lambda: client.get(response.url))
    assert page.status_code == 200 and elapsed < 1.0


def test_a_comment_of_brackets_gets_the_german_error_not_a_500(client, recipe, contributor):
    client.force_login(contributor)
    response, elapsed = _timed(lambda: client.post(
        reverse("comment_create_recipe", args=[recipe.pk]), {"body": "[" * settings.COMMENTS_MAX_LENGTH}))
    assert response.status_code == 400 and elapsed < 1.0
    assert "eckige Klammern" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_direct_edit_and_an_edition_note_with_pathological_text_are_refused(client, recipe, editor):
    client.force_login(editor)
    versions = latest_version_id(recipe)
    response = client.post(reverse("recipe_edit", args=[recipe.slug]), {
        "title": recipe.title, "body": "> " * 40 + "a", "comment": "Tief", "base_version": versions})
    assert response.status_code == 200 and "zu tief verschachtelt" in response.content.decode()
    assert latest_version_id(recipe) == versions
    response = client.post(reverse("edition_publish"), {
        "name": "Ausgabe 2027", "date": "2027-01-01", "note": "<a " * 3000})
    assert response.status_code == 200 and "ohne schließendes" in response.content.decode()
    assert not Edition.objects.exists()


def test_pathological_texts_already_stored_render_bounded_on_every_page(
        client, recipe, contributor, moderator, editor):
    """Stored before the forms checked them (services do not re-check): every page that
    shows them answers 200 in bounded time, with the text escaped."""
    recipe.body = BRACKETS
    recipe_save(recipe=recipe, user=editor, comment="alt")
    chapter = Chapter.objects.get(pk=recipe.chapter_id)
    chapter.intro = "[[" * 10000
    chapter_save(chapter=chapter, user=editor, comment="alt")
    other = Recipe.objects.get(number="7.1.4")
    proposal = proposal_create(recipe=other, author=contributor, base_version_id=latest_version_id(other),
                               title=other.title, body="[a](b" * 4000, summary="alt")
    comment = make_comment(recipe, contributor, body="[" * settings.COMMENTS_MAX_LENGTH)
    edition = edition_publish(name="Ausgabe 2027", date=date(2027, 1, 1), note="<a " * 3000, user=editor)
    pages = [
        (client, recipe.get_absolute_url()), (client, chapter.get_absolute_url()),
        (client, reverse("comments_recent")),
        (client, edition.get_absolute_url()),
        (client, reverse("edition_recipe", args=[edition.slug, recipe.slug])),
    ]
    for user in (contributor, moderator):
        signed = type(client)()
        signed.force_login(user)
        pages += [(signed, proposal.get_absolute_url()), (signed, reverse("comment_reply", args=[comment.pk]))]
    signed = type(client)()
    signed.force_login(moderator)
    pages += [(signed, reverse("proposal_review", args=[proposal.pk])),
              (signed, reverse("proposal_review_edit", args=[proposal.pk]))]
    for browser, url in pages:
        cache.clear()
        response, elapsed = _timed(lambda browser=browser, url=url: browser.get(url))
        assert response.status_code == 200, url
        assert elapsed < 2.0, f"{url}: {elapsed:.2f} s"
    page = client.get(recipe.get_absolute_url()).content.decode()
    assert "[[[[[[" in page

"""Every hot page costs a fixed number of SQL queries, at most 10, whatever the book's size.

Each page is measured on a small book and again after the book has grown: more versions of the
recipe, more comments in deeper threads by more authors, more chapter comments, more open
proposals, more search hits. The expected number is the same for both sizes, so a query per
comment, version, author or proposal fails the test.

Every reader is measured with the page rendered (the page cache's generation bumped, as after
any save). Served from the cache, anonymous pages cost no query at all, and signed-in reading
pages (shared by everyone with the same rights, kochbuch/fragments.py) only what is personal:
``CACHED``. Signed in, the counts include one query for the session, which production keeps in
Redis (cached_db); the reader's row comes from the cache (accounts.backends).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import MITWIRKENDE
from comments.anchoring import Anchor
from comments.services import comment_create, comment_hide, comment_report, thread_resolve
from kochbuch import fragments
from kochbuch.pagecache import content_changed
from proposals.services import proposal_create
from recipes.models import Recipe
from recipes.services import recipe_save
from recipes.versions import history, latest_version_id
from tests.factories import make_user

pytestmark = pytest.mark.django_db

LIMIT = 10
SEARCH = 6  # (PostgreSQL's planner setting travels with the hits' query: search.backends)

# page → {reader: queries}. Signed in: + the session (the reader's row, rights, watches and
# waiting proposals come from the cache, accounts.backends); moderators: + open reports and the
# moderation log of the comments.
EXPECTED = {
    "start": {"anonymous": 2, "contributor": 3, "moderator": 3},
    "chapter": {"anonymous": 3, "contributor": 4, "moderator": 6},
    "recipe": {"anonymous": 4, "contributor": 5, "moderator": 7},
    "history": {"anonymous": 2, "contributor": 3, "moderator": 3},
    "version": {"anonymous": 4, "contributor": 5, "moderator": 5},
    "diff": {"anonymous": 2, "contributor": 3, "moderator": 3},
    "diff_first_to_newest": {"anonymous": 2, "contributor": 3, "moderator": 3},
    "search": {"anonymous": SEARCH, "contributor": SEARCH + 1, "moderator": SEARCH + 1},
    "search_comments": {"anonymous": SEARCH, "contributor": SEARCH + 1, "moderator": SEARCH + 1},
    "recent_changes": {"anonymous": 1, "contributor": 2, "moderator": 2},
    "proposal_queue": {"moderator": 4},  # reviewers only
}
# Signed in, served from the role's shared page: the session only (production keeps it in Redis,
# so no SQL at all); the reader's row and what is personal come from the cache (accounts.backends;
# watches, waiting proposals, unread count). The same for Mitwirkende and Moderation,
# whatever the number of comments, versions and authors.
CACHED = {"start": 1, "chapter": 1, "recipe": 1, "history": 1, "version": 1, "diff": 1,
          "diff_first_to_newest": 1, "recent_changes": 1, "search": 1, "search_comments": 1}
# The proposal queue is shared by the moderators the same way (proposals.review_views).
CACHED_FOR = {"contributor": CACHED, "moderator": {**CACHED, "proposal_queue": 1}}
# Pages that show more after the book has grown (the measurement is not of an empty page).
GROWS = {"chapter", "recipe", "history", "search", "search_comments", "recent_changes",
         "proposal_queue"}


def _recipe():
    return Recipe.objects.select_related("chapter").get(number="7.1.3")


def _url(page):
    recipe = _recipe()
    versions = history(recipe)
    return {
        "start": lambda: reverse("book"),
        "chapter": lambda: recipe.chapter.get_absolute_url(),
        "recipe": lambda: recipe.get_absolute_url(),
        "history": lambda: reverse("recipe_history", args=[recipe.slug]),
        "version": lambda: reverse("recipe_version", args=[recipe.slug, versions[-1].id]),
        "diff": lambda: reverse("recipe_compare", args=[recipe.slug]),
        "diff_first_to_newest": lambda: (f"{reverse('recipe_compare', args=[recipe.slug])}"
                                         f"?von={versions[-1].id}&zu={versions[0].id}"),
        "search": lambda: f"{reverse('search')}?q=Posteingang",
        "search_comments": lambda: f"{reverse('search')}?q=Posteingang&bereich=kommentare",
        "recent_changes": lambda: reverse("recent_changes"),
        "proposal_queue": lambda: reverse("proposal_queue"),
    }[page]()


class Book:
    """The small book, grown in rounds through the services, as the site would grow it."""

    def __init__(self, moderator):
        self.moderator = moderator
        self.round = 0
        self.threads = []

    def grow(self, count):
        self.round += 1
        recipe = _recipe()
        people = [make_user(f"person{self.round}-{index}@kommune.example", role=MITWIRKENDE,
                            display_name=f"Person {self.round}-{index}", institution=f"Stadt {index}",
                            bundesland="NW") for index in range(count)]
        for index, person in enumerate(people):
            recipe.body += f"\n\nRunde {self.round}, Ergänzung {index}: Der Posteingang wird verteilt."
            recipe_save(recipe=recipe, user=person, comment=f"Ergänzung {self.round}.{index}")
        for index, person in enumerate(people):
            anchor = Anchor(quote="Posteingang", prefix="Der ", suffix=" wird gescannt") \
                if index % 3 == 0 else None
            thread = comment_create(author=person, recipe=recipe, anchor=anchor,
                                    body=f"Zum **Posteingang** in Runde {self.round}: siehe [[7.1.4]].")
            self.threads.append(thread)
            parent = thread
            for depth in range(2):  # replies, each to the one before
                parent = comment_create(author=people[(index + depth + 1) % count], recipe=recipe,
                                        parent=parent, body=f"Antwort {depth} von {index}.")
            comment_create(author=person, chapter=recipe.chapter, body=f"Kapitelkommentar {index}.")
            proposal_create(recipe=recipe, author=person, base_version_id=latest_version_id(recipe),
                            title=recipe.title, body=recipe.body + f"\n\nVorschlag {index}.",
                            summary="Ergänzung", rate_limited=False)
        # What moderators see besides: a report, a hidden comment, a resolved thread.
        comment_report(comment=self.threads[-1], reporter=people[0], reason="Bitte prüfen")
        comment_hide(comment=self.threads[-2], moderator=self.moderator, reason="Werbung")
        thread_resolve(comment=self.threads[-3], user=self.moderator)


@pytest.fixture
def book(small_book, moderator, settings):
    settings.COMMENTS_RATE_LIMIT = "1000/1m"  # the book grows faster than anyone writes
    book = Book(moderator)
    book.grow(3)
    return book


def _measure(client, page, reader, *, cached=False):
    url = _url(page)
    client.get(url)  # warm what every later request finds cached: link index, Markdown, rights
    if not cached:
        content_changed()  # the page caches miss, as for the first reader after a save
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (page, reader, response.status_code)
    return [query["sql"] for query in queries.captured_queries], len(response.content)


def _measure_all(client, pages, reader, *, cached=False):
    """page → (queries, page size) for every page, measured one after the other."""
    return {page: _measure(client, page, reader, cached=cached) for page in pages}


def _compare(pages, small, grown, expected):
    """Every page's mismatches, so one run reports all of them (not just the first page's)."""
    problems = []
    for page in pages:
        (small_queries, small_size), (grown_queries, grown_size) = small[page], grown[page]
        for size, queries in (("klein", small_queries), ("gewachsen", grown_queries)):
            if len(queries) != expected[page]:
                problems.append(f"{page} ({size}): {len(queries)} statt {expected[page]} Abfragen:\n  "
                                + "\n  ".join(queries))
        if page in GROWS and not grown_size > small_size:
            problems.append(f"{page}: die Seite ist mit dem Buch nicht gewachsen")
    return problems


# One test per reader: every page measured on the small book, the book grown once, every page
# measured again (growing the book is what costs; once per page took a minute per database run).
READERS = ["anonymous", "contributor", "moderator"]


@pytest.mark.parametrize("reader", READERS)
def test_every_hot_page_costs_the_same_few_queries_for_a_small_and_a_grown_book(client, book, request, reader):
    pages = [page for page, readers in EXPECTED.items() if reader in readers]
    expected = {page: EXPECTED[page][reader] for page in pages}
    assert max(expected.values()) <= LIMIT
    if reader != "anonymous":
        client.force_login(request.getfixturevalue(reader))
    small = _measure_all(client, pages, reader)
    book.grow(8)
    grown = _measure_all(client, pages, reader)
    problems = _compare(pages, small, grown, expected)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("reader", ["contributor", "moderator"])
def test_signed_in_readers_get_the_grown_pages_from_their_roles_shared_page_in_a_few_queries(
    client, book, request, reader, monkeypatch
):
    monkeypatch.setattr(fragments.time, "time", lambda: 1_000_000.0)  # the queue's minute does not turn
    client.force_login(request.getfixturevalue(reader))
    cached = CACHED_FOR[reader]
    small = _measure_all(client, cached, reader, cached=True)
    book.grow(8)
    grown = _measure_all(client, cached, reader, cached=True)
    problems = _compare(cached, small, grown, cached)
    assert not problems, "\n".join(problems)


def test_anonymous_readers_get_the_grown_pages_from_the_cache_without_a_query(client, book):
    book.grow(8)
    queried = {}
    for page in ["start", "chapter", "recipe", "history", "version", "diff", "recent_changes", "search",
                 "search_comments"]:
        url = _url(page)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        if queries.captured_queries:
            queried[page] = [query["sql"] for query in queries.captured_queries]
    assert not queried, queried


@pytest.mark.parametrize("kind", ["recipe", "chapter"])
def test_the_watch_button_shows_the_readers_own_state_without_a_query_of_its_own(
    client, small_book, contributor, other_contributor, kind
):
    recipe = _recipe()
    target = recipe if kind == "recipe" else recipe.chapter
    client.force_login(contributor)
    client.post(reverse(f"{kind}_watch", args=[target.slug]))
    assert "Nicht mehr beobachten" in client.get(target.get_absolute_url()).content.decode()
    client.force_login(other_contributor)
    page = client.get(target.get_absolute_url()).content.decode()
    assert "Nicht mehr beobachten" not in page and "Beobachten" in page

"""The anonymous page cache's two layers (shared cache, this process) and what invalidates it."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.privacy import account_delete
from kochbuch import pagecache
from recipes.models import Recipe
from recipes.services import recipe_save
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipe(small_book):
    return Recipe.objects.get(number="7.1.3")


def test_every_reader_gets_a_response_of_their_own(client, recipe):
    url = recipe.get_absolute_url()
    client.get(url)
    first = client.get(url)
    first["X-Nur-Fuer-Diesen-Leser"] = "1"  # as a middleware would
    assert "X-Nur-Fuer-Diesen-Leser" not in client.get(url)
    assert first.content == client.get(url).content


def test_a_page_served_once_stays_out_of_the_processs_store(client, recipe):
    """A long tail of pages asked for once (searches, rare query strings) must not push the
    hot pages out of the process, nor churn its heap: only a second request admits a page."""
    client.get(recipe.get_absolute_url())
    assert not pagecache._local.pages
    client.get(recipe.get_absolute_url())
    assert len(pagecache._local.pages) == 1


def test_a_page_asked_for_again_needs_no_further_read_of_the_page_from_redis(
    client, recipe, django_assert_num_queries, monkeypatch
):
    url = recipe.get_absolute_url()
    client.get(url)
    client.get(url)  # from Redis, and now kept in the process
    shared_reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args: shared_reads.append(key) or real_get(key, *args))
    with django_assert_num_queries(0):
        assert "Posteingang" in client.get(url).content.decode()
    assert shared_reads == [pagecache.GENERATION_KEY]  # the generation only


def test_a_lost_generation_counter_never_brings_back_old_pages(client, recipe):
    url = recipe.get_absolute_url()
    client.get(url)
    # Redis restarted or evicted the counter, and the text changed meanwhile (a save whose
    # bump went to the old counter): the pages cached before must not be served.
    cache.delete(pagecache.GENERATION_KEY)
    Recipe.objects.filter(pk=recipe.pk).update(title="Eingangsbearbeitung, neu gefasst")
    assert "Eingangsbearbeitung, neu gefasst" in client.get(url).content.decode()


def test_history_comparison_and_recent_changes_show_a_new_version_at_once(client, recipe, moderator):
    urls = [reverse("recipe_history", args=[recipe.slug]), reverse("recipe_compare", args=[recipe.slug]),
            reverse("recent_changes")]
    for url in urls:
        assert "Frisch ergänzt" not in client.get(url).content.decode()
    recipe.body += "\n\nNeu: Frisch ergänzt."
    recipe_save(recipe=recipe, user=moderator, comment="Frisch ergänzt")
    for url in urls:
        assert "Frisch ergänzt" in client.get(url).content.decode(), url


def test_renaming_oneself_reaches_cached_pages_at_once(client, recipe, contributor):
    make_comment(recipe, contributor, "Bei uns klappt das gut.")
    url = recipe.get_absolute_url()
    assert "Mia Muster" in client.get(url).content.decode()
    client.force_login(contributor)
    client.post(reverse("profile_edit"), {"display_name": "Mia Neuname", "bundesland": "NW"})
    client.logout()
    page = client.get(url).content.decode()
    assert "Mia Neuname" in page and "Mia Muster" not in page


def test_a_deleted_account_disappears_from_cached_pages_at_once(client, recipe, contributor):
    make_comment(recipe, contributor, "Bei uns klappt das gut.")
    url = recipe.get_absolute_url()
    assert "Mia Muster" in client.get(url).content.decode()
    account_delete(user=contributor)
    page = client.get(url).content.decode()
    assert "Mia Muster" not in page and "gelöschtes Konto" in page


# --- This process's copies -----------------------------------------------------------------

def _page(size):
    return 200, [("Content-Type", "text/html")], b"x" * size


def test_local_copies_stay_within_their_memory_budget_least_recently_used_out():
    pages = pagecache._LocalPages(max_bytes=1000)
    for name in "abcd":
        pages.put(1, name, _page(200))
    assert pages.get(1, "a") is not None  # used: stays
    pages.put(1, "e", _page(200))
    pages.put(1, "f", _page(200))
    assert pages.get(1, "b") is None and pages.get(1, "a") is not None
    assert pages.size <= 1000


def test_local_copies_of_an_older_generation_are_never_served():
    pages = pagecache._LocalPages(max_bytes=10_000)
    pages.put(1, "a", _page(10))
    assert pages.get(2, "a") is None
    pages.put(2, "b", _page(10))
    pages.put(1, "a", _page(10))  # a slow request of the old generation does not bring it back
    assert pages.get(1, "a") is None and pages.get(2, "b") is not None


def test_local_copies_expire(monkeypatch):
    pages = pagecache._LocalPages(max_bytes=10_000)
    now = [1000.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: now[0])
    pages.put(1, "a", _page(10))
    now[0] += pagecache.LOCAL_TTL + 1
    assert pages.get(1, "a") is None


def test_a_page_too_big_for_a_quarter_of_the_budget_is_not_kept_locally():
    pages = pagecache._LocalPages(max_bytes=1000)
    pages.put(1, "big", _page(300))
    assert pages.get(1, "big") is None

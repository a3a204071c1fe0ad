import pytest
from django.urls import reverse
from reversion.models import Version

from recipes.models import Recipe, RevisionInfo
from recipes.services import recipe_save
from recipes.versions import history

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(small_book, moderator):
    recipe = Recipe.objects.get(number="7.1.3")
    recipe.body = recipe.body.replace("wird gescannt", "wird am ersten Tag gescannt")
    recipe_save(recipe=recipe, user=moderator, comment="Zeitpunkt ergänzt")
    return recipe


def test_history_lists_every_version_with_date_author_kommune_and_comment(client, edited, contributor):
    page = client.get(reverse("recipe_history", args=[edited.slug])).content.decode()
    assert "Fassung 2" in page and "Fassung 1" in page
    assert "Zeitpunkt ergänzt" in page and "Moritz Moderation" in page
    assert page.index("Fassung 2") < page.index("Fassung 1")


def test_an_old_version_has_a_stable_url_showing_the_text_as_it_was(client, edited):
    first = history(edited)[-1]
    response = client.get(reverse("recipe_version", args=[edited.slug, first.id]))
    page = response.content.decode()
    assert "Der Posteingang wird gescannt." in page
    assert "am ersten Tag" not in page
    assert "Sie lesen eine frühere Fassung" in page


def test_a_version_of_another_recipe_is_not_found_under_this_one(client, edited):
    other = Recipe.objects.get(number="7.1.4")
    foreign = Version.objects.get_for_object(other).first()
    assert client.get(reverse("recipe_version", args=[edited.slug, foreign.pk])).status_code == 404


def test_compare_shows_a_word_diff_inline_and_side_by_side(client, edited):
    url = reverse("recipe_compare", args=[edited.slug])
    inline = client.get(url).content.decode()
    assert '<ins class="diff-ins">am ersten Tag' in inline.replace("</ins> <ins class=\"diff-ins\">", " ")
    side = client.get(url + "?ansicht=nebeneinander").content.decode()
    assert side.count('class="prose diff"') == 2 and "diff-ins" in side


def test_compare_links_to_the_current_version_when_comparing_old_ones(client, edited, moderator):
    edited.body += "\n\nNoch ein Satz."
    recipe_save(recipe=edited, user=moderator, comment="Dritte")
    entries = history(edited)
    page = client.get(reverse("recipe_compare", args=[edited.slug]),
                      {"von": entries[2].id, "zu": entries[1].id}).content.decode()
    assert f"zu={entries[0].id}" in page and "mit der aktuellen Fassung vergleichen" in page


def test_compare_handles_a_5000_word_recipe(client, small_book, moderator):
    words = " ".join(f"Wort{index % 97}" for index in range(5000))
    recipe = Recipe.objects.get(number="7.1.4")
    recipe.body = words
    recipe_save(recipe=recipe, user=moderator, comment="lang")
    recipe.body = words.replace("Wort13 ", "Verwaltung ", 20)
    recipe_save(recipe=recipe, user=moderator, comment="lang geändert")
    response = client.get(reverse("recipe_compare", args=[recipe.slug]))
    assert response.status_code == 200 and "diff-ins" in response.content.decode()


def test_moderator_reverts_to_an_old_version_as_a_new_version(client, edited, moderator):
    first = history(edited)[-1]
    client.force_login(moderator)
    response = client.post(reverse("recipe_revert", args=[edited.slug, first.id]))
    assert response.status_code == 302
    edited.refresh_from_db()
    assert edited.body.startswith("## Posteingang\n\nDer Posteingang wird gescannt.")
    entries = history(edited)
    assert len(entries) == 3
    assert entries[0].info.kind == RevisionInfo.Kind.REVERT
    assert "Fassung 1 vom" in entries[0].revision.comment


@pytest.mark.parametrize("who, status", [("anonymous", 403), ("contributor", 403), ("editor", 302)])
def test_only_moderation_and_redaktion_may_revert(client, edited, contributor, editor, who, status):
    if who != "anonymous":
        client.force_login({"contributor": contributor, "editor": editor}[who])
    first = history(edited)[-1]
    assert client.post(reverse("recipe_revert", args=[edited.slug, first.id])).status_code == status
    assert client.get(reverse("recipe_revert", args=[edited.slug, first.id])).status_code == 405


def test_chapter_intro_has_history_version_and_compare_pages(client, small_book, moderator):
    from recipes.services import chapter_save

    small_book.intro = "Neue Einleitung zum Kapitel."
    chapter_save(chapter=small_book, user=moderator, comment="Einleitung geschrieben")
    page = client.get(reverse("chapter_history", args=[small_book.slug])).content.decode()
    assert "Einleitung geschrieben" in page
    compare = client.get(reverse("chapter_compare", args=[small_book.slug])).content.decode()
    assert "Neue Einleitung" in compare and "diff-ins" in compare


def _query_count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the rendering cache
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_history_compare_and_version_pages_run_a_fixed_number_of_queries(client, edited, moderator):
    def counts():
        second = history(edited)[-2].id
        return [_query_count(client, reverse(name, args=args)) for name, args in (
            ("recipe_history", [edited.slug]), ("recipe_compare", [edited.slug]),
            ("recipe_version", [edited.slug, second]),
        )]

    with_two_versions = counts()
    for index in range(30):
        edited.body += f"\n\nSatz {index}."
        recipe_save(recipe=edited, user=moderator, comment=f"Änderung {index}")
    assert counts() == with_two_versions
    assert max(with_two_versions) <= 5

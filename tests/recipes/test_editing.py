import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from recipes.models import Recipe, Watch
from recipes.services import recipe_save
from recipes.versions import history, latest_version_id

pytestmark = pytest.mark.django_db

BODY = ("Der Posteingang wird morgens gescannt. Danach verteilt die Poststelle die Akten. "
        "Die Sachbearbeitung prüft jeden Antrag.")


@pytest.fixture
def recipe(small_book, moderator):
    recipe = Recipe.objects.get(number="7.1.4")
    recipe.body = BODY
    return recipe_save(recipe=recipe, user=moderator, comment="Ausgangstext")


def _post_edit(client, recipe, body, *, base, title=None, **extra):
    return client.post(reverse("recipe_edit", args=[recipe.slug]), {
        "title": title or recipe.title, "body": body, "comment": "Test", "base_version": base, **extra,
    })


def test_the_edit_form_carries_the_base_version(client, recipe, moderator):
    client.force_login(moderator)
    page = client.get(reverse("recipe_edit", args=[recipe.slug])).content.decode()
    assert f'name="base_version" value="{latest_version_id(recipe)}"' in page
    assert "Markdown" in page


def test_preview_renders_without_saving(client, recipe, moderator):
    client.force_login(moderator)
    response = _post_edit(client, recipe, "Neu mit **fett**", base=latest_version_id(recipe), preview="1")
    assert "<strong>fett</strong>" in response.content.decode()
    recipe.refresh_from_db()
    assert recipe.body == BODY


def test_a_plain_edit_saves_one_version_with_the_editor_and_comment(client, recipe, moderator):
    client.force_login(moderator)
    response = _post_edit(client, recipe, BODY + " Neu.", base=latest_version_id(recipe))
    assert response.status_code == 302
    newest = history(recipe)[0]
    assert newest.author == moderator and newest.revision.comment == "Test"
    assert newest.fields["body"].endswith("Neu.")


def test_edits_to_different_sentences_since_the_base_are_merged(client, recipe, moderator, editor):
    base = latest_version_id(recipe)
    recipe.body = BODY.replace("morgens", "jeden Morgen")
    recipe_save(recipe=recipe, user=editor, comment="Zwischendurch")
    client.force_login(moderator)
    response = _post_edit(client, recipe, BODY.replace("jeden Antrag", "jeden Antrag sorgfältig"), base=base)
    assert response.status_code == 302
    recipe.refresh_from_db()
    assert "jeden Morgen gescannt" in recipe.body and "jeden Antrag sorgfältig" in recipe.body


def test_overlapping_edits_show_the_conflict_and_save_nothing(client, recipe, moderator, editor):
    base = latest_version_id(recipe)
    recipe.body = BODY.replace("morgens", "mittags")
    recipe_save(recipe=recipe, user=editor, comment="Zwischendurch")
    client.force_login(moderator)
    response = _post_edit(client, recipe, BODY.replace("morgens", "abends"), base=base)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Überschneidende Änderungen" in page and "mittags" in page and "abends" in page
    recipe.refresh_from_db()
    assert "mittags" in recipe.body and "abends" not in recipe.body
    assert len(history(recipe)) == 3  # small_book, fixture, the save in between: none from the conflict


def test_resolving_the_conflict_saves_the_chosen_text(client, recipe, moderator, editor):
    base = latest_version_id(recipe)
    recipe.body = BODY.replace("morgens", "mittags")
    recipe_save(recipe=recipe, user=editor, comment="Zwischendurch")
    client.force_login(moderator)
    conflict_page = _post_edit(client, recipe, BODY.replace("morgens", "abends"), base=base).content.decode()
    choice = re.search(r'name="(konflikt-body-\d+)" value="proposed"', conflict_page).group(1)
    current = re.search(r'name="current_version" value="(\d+)"', conflict_page).group(1)
    assert int(current) == latest_version_id(recipe)
    response = _post_edit(client, recipe, BODY.replace("morgens", "abends"), base=base,
                          current_version=current, resolve="1", **{choice: "proposed"})
    assert response.status_code == 302
    recipe.refresh_from_db()
    assert "abends gescannt" in recipe.body


def test_a_resolution_made_for_an_older_state_is_not_applied(client, recipe, moderator, editor):
    base = latest_version_id(recipe)
    recipe.body = BODY.replace("morgens", "mittags")
    recipe_save(recipe=recipe, user=editor, comment="Zwischendurch")
    stale = latest_version_id(recipe)
    recipe.body = BODY.replace("morgens", "nachts")
    recipe_save(recipe=recipe, user=editor, comment="Noch einmal")
    client.force_login(moderator)
    response = _post_edit(client, recipe, BODY.replace("morgens", "abends"), base=base,
                          current_version=stale, resolve="1", **{"konflikt-body-1": "proposed"})
    assert response.status_code == 409
    recipe.refresh_from_db()
    assert "nachts" in recipe.body


@pytest.mark.parametrize("who, status", [("contributor", 403), ("unverified", 403)])
def test_contributors_cannot_edit_directly(client, recipe, contributor, unverified, who, status):
    client.force_login({"contributor": contributor, "unverified": unverified}[who])
    assert client.get(reverse("recipe_edit", args=[recipe.slug])).status_code == status
    assert _post_edit(client, recipe, "gekapert", base=latest_version_id(recipe)).status_code == status
    recipe.refresh_from_db()
    assert recipe.body == BODY


def test_anonymous_editing_redirects_to_sign_in(client, recipe):
    response = client.get(reverse("recipe_edit", args=[recipe.slug]))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_watchers_get_mail_when_the_recipe_or_its_chapter_changes(client, recipe, contributor, editor,
                                                                  moderator, django_capture_on_commit_callbacks):
    client.force_login(contributor)
    client.post(reverse("recipe_watch", args=[recipe.slug]))
    client.force_login(editor)
    client.post(reverse("chapter_watch", args=[recipe.chapter.slug]))
    assert Watch.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        recipe.body += " Ergänzt."
        recipe_save(recipe=recipe, user=moderator, comment="Ergänzung")
    assert sorted(message.to[0] for message in mail.outbox) == [contributor.email, editor.email]
    assert "Ergänzung" in mail.outbox[0].body and recipe.get_absolute_url() in mail.outbox[0].body


def test_the_author_of_a_change_is_not_mailed_about_it(client, recipe, moderator, django_capture_on_commit_callbacks):
    client.force_login(moderator)
    client.post(reverse("recipe_watch", args=[recipe.slug]))
    with django_capture_on_commit_callbacks(execute=True):
        recipe.body += " Ergänzt."
        recipe_save(recipe=recipe, user=moderator, comment="Ergänzung")
    assert mail.outbox == []


def test_watching_toggles_and_needs_a_verified_account(client, recipe, contributor, unverified):
    client.force_login(contributor)
    client.post(reverse("recipe_watch", args=[recipe.slug]))
    assert "Nicht mehr beobachten" in client.get(recipe.get_absolute_url()).content.decode()
    client.post(reverse("recipe_watch", args=[recipe.slug]))
    assert not Watch.objects.exists()
    client.force_login(unverified)
    assert client.post(reverse("recipe_watch", args=[recipe.slug])).status_code == 403


def test_browser_line_breaks_are_stored_as_plain_newlines(client, recipe, moderator):
    client.force_login(moderator)
    _post_edit(client, recipe, "Erster Absatz.\r\n\r\nZweiter Absatz.", base=latest_version_id(recipe))
    recipe.refresh_from_db()
    assert recipe.body == "Erster Absatz.\n\nZweiter Absatz."


def test_the_conflict_page_names_who_saved_in_between_and_when(client, recipe, moderator, editor):
    base = latest_version_id(recipe)
    recipe.body = BODY.replace("morgens", "mittags")
    recipe_save(recipe=recipe, user=editor, comment="Zwischendurch")
    saved_at = history(recipe)[0].created_at
    client.force_login(moderator)

    page = _post_edit(client, recipe, BODY.replace("morgens", "abends"), base=base).content.decode()

    assert "jemand anderes" not in page
    # The page shows the Berlin date, which is a day ahead of UTC's from 23:00 (22:00 in summer).
    assert f"hat Rita Redaktion am {timezone.localtime(saved_at).day}." in page
    # The marker of the conflicting place stands apart from the words around it.
    assert "<mark>[…]</mark> Danach verteilt" in page


def test_a_missing_edit_summary_is_named_at_the_top_of_the_form_and_at_the_field(client, recipe, moderator):
    client.force_login(moderator)

    response = client.post(reverse("recipe_edit", args=[recipe.slug]), {
        "title": recipe.title, "body": BODY + " Neu.", "comment": "", "base_version": latest_version_id(recipe),
    })

    page = response.content.decode()
    summary = page.index('class="error-summary"')
    assert summary < page.index('id="id_title"')
    assert '<a href="#id_comment">Kurze Beschreibung der Änderung:' in page
    assert 'id="id_comment_error"' in page

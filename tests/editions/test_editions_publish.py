"""Publishing an edition: who may, what it freezes, and that later edits never change it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from reversion.models import Version

from editions.models import Edition, EditionVersion, PrintFile
from editions.snapshot import edition_snapshot, latest_version_ids
from recipes.models import Chapter, Recipe
from recipes.services import chapter_save, recipe_save, tags_get_or_create
from tests.editions.editionhelpers import publish
from tests.factories import make_recipe

pytestmark = pytest.mark.django_db

FORM = {"name": "Ausgabe 2027", "date": "2027-03-01", "note": "Erste fortgeschriebene **Ausgabe**."}


def test_publishing_freezes_the_newest_version_of_every_chapter_and_recipe(small_book, editor):
    edition = publish(editor, note="Mit *Anmerkung*.")
    assert (edition.name, edition.slug, edition.date, edition.created_by) == (
        "Ausgabe 2027", "2027", datetime.date(2027, 3, 1), editor)
    frozen = sorted(EditionVersion.objects.filter(edition=edition).values_list("version_id", flat=True))
    assert frozen == latest_version_ids()
    assert len(frozen) == Chapter.objects.count() + Recipe.objects.count() == 2 + 4


def test_the_name_and_its_short_name_must_be_new(small_book, editor):
    publish(editor, name="Ausgabe 2027")
    for name in ("Ausgabe 2027", "ausgabe 2027", "2027"):
        with pytest.raises(ValidationError, match="Es gibt schon eine Ausgabe „Ausgabe 2027“"):
            publish(editor, name=name)
    with pytest.raises(ValidationError, match="nicht möglich"):
        publish(editor, name="Aktuell")  # /ausgaben/aktuell/ is the current state
    assert Edition.objects.count() == 1


def test_only_the_redaktion_may_publish_through_the_service(small_book, moderator):
    with pytest.raises(PermissionDenied):
        publish(moderator)
    with pytest.raises(PermissionDenied):
        publish(None)
    assert not Edition.objects.exists()


def test_an_empty_book_cannot_be_published(db, editor):
    with pytest.raises(ValidationError, match="leer"):
        publish(editor)


def test_content_without_a_version_gets_one_before_it_is_frozen(small_book, editor):
    chapter = Chapter.objects.create(number=9, slug="9-ohne-version", title="Ohne Version", order=9)
    edition = publish(editor)
    version = Version.objects.get_for_object(chapter).get()
    assert EditionVersion.objects.filter(edition=edition, version=version).exists()
    assert version.revision.user == editor


def test_after_commit_the_print_pdf_of_the_new_edition_is_queued(small_book, editor,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        edition = publish(editor)
    assert PrintFile.objects.get(edition=edition).status == PrintFile.Status.QUEUED


# --- through the site ---------------------------------------------------------------------

def test_anonymous_is_sent_to_sign_in(client, small_book):
    for method in (client.get, client.post):
        response = method(reverse("edition_publish"), FORM)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Edition.objects.exists()


@pytest.mark.parametrize("who", ["contributor", "moderator"])
def test_mitwirkende_and_moderation_may_not_publish(client, small_book, contributor, moderator, who):
    client.force_login({"contributor": contributor, "moderator": moderator}[who])
    assert client.get(reverse("edition_publish")).status_code == 403
    assert client.post(reverse("edition_publish"), FORM).status_code == 403
    assert not Edition.objects.exists()
    assert "Neue Ausgabe veröffentlichen" not in client.get(reverse("edition_list")).content.decode()


def test_the_redaktion_publishes_through_the_form(client, small_book, editor):
    client.force_login(editor)
    assert "Neue Ausgabe veröffentlichen" in client.get(reverse("edition_list")).content.decode()
    assert client.get(reverse("edition_publish")).status_code == 200
    response = client.post(reverse("edition_publish"), FORM)
    edition = Edition.objects.get()
    assert response.status_code == 302 and response["Location"] == "/ausgaben/2027/"
    assert (edition.name, edition.note, edition.created_by) == ("Ausgabe 2027", FORM["note"], editor)
    page = client.get("/ausgaben/2027/").content.decode()
    assert "ist veröffentlicht" in page and "<strong>Ausgabe</strong>" in page


def test_a_duplicate_from_the_form_shows_the_german_error(client, small_book, editor):
    publish(editor)
    client.force_login(editor)
    response = client.post(reverse("edition_publish"), {**FORM, "name": "2027"})
    assert response.status_code == 200
    assert "Es gibt schon eine Ausgabe „Ausgabe 2027“" in response.content.decode()
    assert Edition.objects.count() == 1


# --- freezing --------------------------------------------------------------------------------

def test_later_edits_renames_and_new_recipes_never_change_an_edition(client, small_book, editor, contributor):
    edition = publish(editor)
    recipe = Recipe.objects.get(number="7.1.3")
    recipe.title, recipe.slug = "Posteingang digital", "posteingang-digital"
    recipe.body = "Ganz neuer Text."
    recipe_save(recipe=recipe, user=contributor, comment="Neu gefasst",
                tags=tags_get_or_create(stichwort=["E-Akte"]))
    chapter = Chapter.objects.get(number=7)
    chapter.title, chapter.intro = "Die neuen Gerichte", "Neue Einleitung."
    chapter_save(chapter=chapter, user=editor, comment="Kapitel umbenannt")
    make_recipe("7.1.5", "Später hinzugekommen")
    Recipe.objects.get(number="7.1.4").delete()

    snapshot = edition_snapshot(edition)
    frozen = snapshot.recipe_by_slug("eingangsbearbeitung-in-der-kommunalverwaltung")
    assert frozen.title == "Eingangsbearbeitung in der Kommunalverwaltung"
    assert frozen.body.startswith("## Posteingang")
    assert [tag.name for tag in frozen.tags] == ["Prozesse", "Scannen"]
    assert [r.number for r in snapshot.recipes] == ["6.1", "7.1", "7.1.3", "7.1.4"]
    assert snapshot.chapter_by_slug(chapter.slug).title == "Kapitel 7"

    page = client.get("/ausgaben/2027/rezepte/eingangsbearbeitung-in-der-kommunalverwaltung/").content.decode()
    assert "Der Posteingang wird gescannt." in page and "Ganz neuer Text" not in page
    assert "Seitdem geändert" in page
    toc = client.get("/ausgaben/2027/").content.decode()
    assert "Kapitel 7" in toc and "Die neuen Gerichte" not in toc
    chapter_page = client.get(f"/ausgaben/2027/kapitel/{chapter.slug}/").content.decode()
    assert "Sachbearbeitung" in chapter_page and "Später hinzugekommen" not in chapter_page
    assert "Neue Einleitung" not in chapter_page


def test_a_renamed_recipe_is_found_under_its_edition_time_slug_and_its_current_one(client, small_book, editor):
    publish(editor)
    recipe = Recipe.objects.get(number="7.1.3")
    recipe.slug = "posteingang"
    recipe_save(recipe=recipe, user=editor, comment="Kurzname")
    old_url = "/ausgaben/2027/rezepte/eingangsbearbeitung-in-der-kommunalverwaltung/"
    assert client.get(old_url).status_code == 200
    response = client.get("/ausgaben/2027/rezepte/posteingang/")
    assert response.status_code == 302 and response["Location"] == old_url
    assert client.get("/ausgaben/2027/rezepte/gibt-es-nicht/").status_code == 404

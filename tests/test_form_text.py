"""Control characters typed or pasted into a form never reach the database."""

from django.urls import reverse

from kochbuch.forms import without_control_characters
from recipes.models import Recipe
from recipes.versions import latest_version_id


def test_only_control_characters_are_removed():
    assert without_control_characters("Ein\x0bTitel\x00 mit\x1b[31m Farbe\x85") == "EinTitel mit[31m Farbe"
    assert without_control_characters("Zeile 1\r\n\tZeile 2 – „Zitat“ ß") == "Zeile 1\r\n\tZeile 2 – „Zitat“ ß"


def test_a_recipe_edit_with_control_characters_is_saved_without_them(client, small_book, moderator):
    recipe = Recipe.objects.get(number="7.1.4")
    client.force_login(moderator)
    response = client.post(reverse("recipe_edit", args=[recipe.slug]), {
        "title": "Sach\x0bbearbeitung", "body": "Die Sach\x00bearbeitung\x0c folgt.\n\nZweiter Absatz.",
        "comment": "Steuer\x1bzeichen", "base_version": latest_version_id(recipe),
    })
    assert response.status_code == 302
    recipe.refresh_from_db()
    assert recipe.title == "Sachbearbeitung"
    assert recipe.body == "Die Sachbearbeitung folgt.\n\nZweiter Absatz."


def test_a_profile_name_with_control_characters_is_saved_without_them(client, contributor):
    client.force_login(contributor)
    response = client.post(reverse("profile_edit"), {
        "display_name": "Mia\x08 Muster\x7f", "funktion": "", "institution": "Stadt\x0b Musterstadt",
        "bundesland": "NW",
    })
    assert response.status_code == 302
    contributor.refresh_from_db()
    assert (contributor.display_name, contributor.institution) == ("Mia Muster", "Stadt Musterstadt")

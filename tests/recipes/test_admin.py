import pytest
from django.urls import reverse
from reversion.models import Version

from accounts.models import User
from recipes.models import Recipe
from tests.factories import add_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, small_book):
    admin = User.objects.create_superuser("admin@kommune.example", "admin@kommune.example", "x-Admin-2026!")
    add_second_factor(admin)  # superusers count as Redaktion
    client.force_login(admin)
    client.admin = admin
    return client


def test_saving_in_the_admin_creates_a_version_through_the_service(admin_client):
    recipe = Recipe.objects.get(number="7.1.4")
    response = admin_client.post(reverse("admin:recipes_recipe_change", args=[recipe.pk]), {
        "number": "7.1.4", "title": "Sachbearbeitung", "slug": "sachbearbeitung",
        "body": "Neu im Verwaltungsbereich.", "page_start": "", "page_end": "",
        "source_edition": "", "tags": [],
    })
    assert response.status_code == 302
    newest = Version.objects.get_for_object(recipe).first()
    assert newest.field_dict["body"] == "Neu im Verwaltungsbereich."
    assert newest.revision.user == admin_client.admin


def test_admin_shows_reversion_history_but_does_not_revert_around_the_services(admin_client):
    recipe = Recipe.objects.get(number="7.1.3")
    response = admin_client.get(reverse("admin:recipes_recipe_history", args=[recipe.pk]))
    assert response.status_code == 200 and "Rezept angelegt" in response.content.decode()
    version = Version.objects.get_for_object(recipe).first()
    response = admin_client.get(reverse("admin:recipes_recipe_revision", args=[recipe.pk, version.pk]))
    assert response.status_code == 403


def test_nothing_can_be_deleted_in_the_admin(admin_client):
    recipe = Recipe.objects.get(number="7.1.3")
    response = admin_client.post(reverse("admin:recipes_recipe_delete", args=[recipe.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Recipe.objects.filter(pk=recipe.pk).exists()

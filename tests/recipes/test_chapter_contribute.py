"""The chapter page invites to propose a new recipe, or says how to get there."""

from urllib.parse import quote

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
BUTTON = "Neues Rezept vorschlagen"


@pytest.mark.parametrize("role", ["contributor", "moderator", "editor"])
def test_people_who_may_propose_get_a_button_for_a_new_recipe_in_the_chapter(client, small_book, role, request):
    client.force_login(request.getfixturevalue(role))
    page = client.get(small_book.get_absolute_url()).content.decode()
    url = reverse("proposal_create_recipe", args=[small_book.slug])
    assert f'href="{url}">{BUTTON}</a>' in page
    assert "Melden Sie sich an" not in page
    form = client.get(url).content.decode()
    assert 'name="number"' in form and 'value="7.2"' in form  # the next free number


def test_signed_out_readers_are_told_how_to_contribute_with_a_sign_in_link(client, small_book):
    page = client.get(small_book.get_absolute_url()).content.decode()
    login = f'{reverse("account_login")}?next={quote(small_book.get_absolute_url())}'
    assert BUTTON not in page
    assert f'<a href="{login}">Melden Sie sich an</a>' in page
    assert f'<a href="{reverse("account_signup")}">registrieren Sie sich</a>' in page
    assert client.get(login).status_code == 200


def test_people_without_a_confirmed_address_are_told_to_confirm_it(client, small_book, unverified):
    client.force_login(unverified)
    page = client.get(small_book.get_absolute_url()).content.decode()
    assert BUTTON not in page and "Melden Sie sich an" not in page
    assert f'<a href="{reverse("account_email")}">E-Mail-Adresse bestätigt</a>' in page
    assert client.get(reverse("proposal_create_recipe", args=[small_book.slug])).status_code == 403

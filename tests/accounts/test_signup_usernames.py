import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_many_people_can_sign_up_one_after_another(client):
    """Signing in is by e-mail; the model's unique username must still be filled in for each."""
    for number in range(3):
        response = client.post(reverse("account_signup"), {
            "email": f"person{number}@kommune.example", "password1": PASSWORD, "password2": PASSWORD,
            "display_name": f"Person {number}",
        })
        assert response.status_code == 302
        client.logout()
    usernames = set(User.objects.values_list("username", flat=True))
    assert len(usernames) == 3 and "" not in usernames
    assert not any("@" in name for name in usernames)  # the address is not copied into it

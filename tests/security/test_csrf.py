"""Writes need the CSRF token (issue 7).

For representative write URLs of every role: a POST without the token is refused with 403
and writes nothing; the very same POST with the token goes through and writes, so the 403
really comes from the missing token and not from the data.
"""

import pytest
from django.urls import reverse

from recipes.versions import latest_version_id
from tests.factories import PASSWORD
from tests.security.access import (
    ANONYM,
    MITWIRKEND,
    MODERATOR,
    REDAKTEURIN,
    WrittenTables,
    build_world,
    client_for,
)

pytestmark = pytest.mark.django_db

# (role, URL name, its arguments from the world, the form data for a successful write)
CASES = {
    "Kommentar schreiben": (MITWIRKEND, "comment_create_recipe", lambda w: [w.recipe.pk],
                            lambda w: {"body": "Ein Kommentar mit Token."}),
    "Kommentar löschen": (MITWIRKEND, "comment_delete", lambda w: [w.own_comment.pk], lambda w: {}),
    "Vorschlag einreichen": (MITWIRKEND, "proposal_create", lambda w: [w.other_recipe.slug],
                             lambda w: {"title": "Sachbearbeitung", "body": "Ganz neu.", "summary": "Neu.",
                                        "base_version": latest_version_id(w.other_recipe)}),
    "API-Schlüssel widerrufen": (MITWIRKEND, "api_token_revoke", lambda w: [w.api_token.pk], lambda w: {}),
    "Beobachten": (MITWIRKEND, "recipe_watch", lambda w: [w.recipe.slug], lambda w: {}),
    "Konto löschen": (MITWIRKEND, "account_delete", lambda w: [],
                      lambda w: {"password": PASSWORD, "confirm": "on"}),
    "Kommentar ausblenden": (MODERATOR, "comment_hide", lambda w: [w.others_comment.pk],
                             lambda w: {"reason": "Werbung"}),
    "Rezept bearbeiten": (MODERATOR, "recipe_edit", lambda w: [w.recipe.slug],
                          lambda w: {"title": "Neuer Titel", "body": "Neuer Text.", "comment": "Test",
                                     "base_version": latest_version_id(w.recipe)}),
    "Ausgabe veröffentlichen": (REDAKTEURIN, "edition_publish", lambda w: [],
                                lambda w: {"name": "Ausgabe 2031", "date": "2031-01-01"}),
    "Import bestätigen": (REDAKTEURIN, "import_confirm", lambda w: [w.import_job.pk], lambda w: {}),
    "Anmelden": (ANONYM, "account_login", lambda w: [],
                 lambda w: {"login": w.users[MITWIRKEND].email, "password": PASSWORD}),
    "Registrieren": (ANONYM, "account_signup", lambda w: [],
                     lambda w: {"email": "neu@kommune.example", "password1": PASSWORD,
                                "password2": PASSWORD, "display_name": "Neu"}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_post_without_the_csrf_token_is_refused_and_writes_nothing(case):
    world = build_world()
    role, name, arguments, data = CASES[case]
    url = reverse(name, args=arguments(world))
    client = client_for(world.users[role], enforce_csrf_checks=True)
    with WrittenTables() as written:
        response = client.post(url, data(world))
    assert response.status_code == 403 and not written.tables
    assert "Das Formular ist abgelaufen" in response.content.decode()  # German, with what to do

    client.get(reverse("account_login") if role == ANONYM else reverse("profile_edit"))  # sets the cookie
    token = client.cookies["csrftoken"].value
    with WrittenTables() as written:
        response = client.post(url, {**data(world), "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and written.tables, response.content.decode()[:500]

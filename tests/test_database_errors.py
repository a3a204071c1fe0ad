"""A database that does not answer gets a German 503 page, never a 500 or Django's English text.

Every query fails here (an execute wrapper raising what psycopg2 raises when the server is
restarting); the real restart against gunicorn is tests/faults/test_postgres_restart.py.
"""

from contextlib import contextmanager

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse

from recipes.models import Recipe

pytestmark = pytest.mark.django_db


@contextmanager
def database_down(error=OperationalError):
    def refuse(execute, sql, params, many, context):
        raise error("terminating connection due to administrator command")

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def assert_german_503(response):
    assert response.status_code == 503
    page = response.content.decode()
    assert "Das Kochbuch ist kurz nicht erreichbar" in page
    assert "ganz oder gar nicht gespeichert" in page
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert '<html lang="de">' in page and "Anmelden" in page  # the site's layout, signed-out header
    assert "Server Error" not in page


def test_an_anonymous_reader_gets_the_german_503_page(client, small_book):
    url = Recipe.objects.get(number="7.1.3").get_absolute_url()
    with database_down():
        assert_german_503(client.get(url))


def test_a_signed_in_reader_gets_it_although_the_session_cannot_be_read(client, small_book, contributor):
    client.force_login(contributor)
    with database_down(InterfaceError):
        response = client.get(reverse("book"))
    assert_german_503(response)
    assert "Mia Muster" not in response.content.decode()


def test_a_form_sent_while_the_database_is_down_gets_the_503_page(client, small_book, contributor):
    client.force_login(contributor)
    recipe = Recipe.objects.get(number="7.1.3")
    client.get(recipe.get_absolute_url())
    with database_down():
        response = client.post(reverse("comment_create_recipe", args=[recipe.pk]), {"body": "Hallo"})
    assert_german_503(response)


def test_other_errors_stay_a_500(client, small_book):
    with database_down(error=RuntimeError):
        response = client.get(reverse("book"))
    assert response.status_code == 500
    assert "Das Kochbuch ist kurz nicht erreichbar" not in response.content.decode()


def test_the_api_answers_503_as_json_in_german(client, small_book):
    with database_down():
        response = client.get("/api/v1/recipes/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    error = response.json()["error"]
    assert error["code"] == "database_unavailable" and "Datenbank antwortet gerade nicht" in error["message"]

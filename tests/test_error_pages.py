import pytest
from django.test import override_settings


@pytest.mark.django_db
@override_settings(DEBUG=False)
@pytest.mark.parametrize("address", ["/rezepte/gibtsnicht/", "/abschnitt/99.9/", "/gar/nichts/hier/"])
def test_unknown_address_gets_the_german_404_with_search_and_a_way_back(client, address):
    response = client.get(address)

    assert response.status_code == 404
    page = response.content.decode()
    assert "Seite nicht gefunden" in page
    assert 'role="search"' in page and 'href="/"' in page
    assert "Not Found" not in page


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_the_404_search_box_is_filled_with_the_address_last_word(client):
    response = client.get("/rezepte/kuche-einrichten/")

    assert 'value="kuche einrichten"' in response.content.decode()


def test_the_500_page_is_german_and_renders_without_request_or_database():
    from django.template import loader

    page = loader.get_template("500.html").render()

    assert "Ein Fehler ist aufgetreten" in page
    assert 'lang="de"' in page

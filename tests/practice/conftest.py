import pytest

from kommunen.models import Kommune
from recipes.models import Recipe


@pytest.fixture
def recipe(small_book):
    return Recipe.objects.get(number="7.1.3")


@pytest.fixture
def dueren(db):
    return Kommune.objects.get(name="Düren", is_model=True)


@pytest.fixture
def reporter(contributor, dueren):
    """A Mitwirkende whose profile names Düren."""
    contributor.kommune = dueren
    contributor.save(update_fields=["kommune"])
    return contributor


@pytest.fixture
def mails(mailoutbox, monkeypatch):
    monkeypatch.setattr("kochbuch.notifications.transaction.on_commit", lambda func, *args, **kw: func())
    return mailoutbox

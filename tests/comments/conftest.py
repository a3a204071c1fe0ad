import pytest

from recipes.models import Recipe


@pytest.fixture
def recipe(small_book):
    """7.1.3 of the small book: two headings and two paragraphs."""
    return Recipe.objects.get(number="7.1.3")


@pytest.fixture
def mails(mailoutbox, monkeypatch):
    """Mail is sent after commit; the test's transaction never commits, so send at once."""
    monkeypatch.setattr("kochbuch.notifications.transaction.on_commit", lambda func, *args, **kw: func())
    return mailoutbox

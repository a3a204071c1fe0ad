import pytest

from api.services import token_create
from tests.api.openapi import ApiClient


@pytest.fixture
def api():
    return ApiClient()


@pytest.fixture
def token_for():
    """``token_for(user, "comment")`` → the secret of a new token with those scopes."""

    def make(user, *scopes):
        return token_create(user=user, name="Test", scopes=list(scopes or ["comment", "propose"]))[1]

    return make


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

"""The API's URL patterns import their views on the first request (api/urls.py); the patterns
carry what middleware reads from the real views."""

from django.urls import resolve, reverse

from api import urls
from kochbuch.lazyviews import _load


def middleware_attributes(view):
    """What decorators leave on a view for middleware to read (csrf_exempt, login_required …)."""
    return {key: value for key, value in vars(view).items() if isinstance(value, bool)}


def test_each_lazy_api_pattern_declares_the_attributes_of_its_real_view():
    lazy = [pattern for pattern in urls.urlpatterns if hasattr(pattern.callback, "lazy_view_path")]
    assert len(lazy) >= 20
    for pattern in lazy:
        real = _load(pattern.callback.lazy_view_path)
        assert middleware_attributes(pattern.callback) == middleware_attributes(real), pattern.name
        assert real.cls  # a DRF view (api_view), whose CSRF check DRF does itself


def test_a_lazy_api_view_answers_like_the_real_one(client, db):
    assert resolve(reverse("api:book")).func.lazy_view_path == "api.views.book"
    response = client.get(reverse("api:book"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"

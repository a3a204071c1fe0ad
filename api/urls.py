"""/api/v1/: the JSON API (namespace "api"), its OpenAPI document and documentation page.

The views are imported on the first request to the API, not when the URLs load (kochbuch/
lazyviews.py): their schema annotations bring drf-spectacular's machinery (with django.test,
unittest, PyYAML and uritemplate), about 6 MB in every web worker, also in those that serve only
the site's pages (issue 13, worker memory). A DRF view is exempt from Django's CSRF check (DRF
checks CSRF itself where a session authenticates) and needs no sign-in from Django;
tests/api/test_lazy_urls.py checks that these attributes are those of the real views.
"""

from django.urls import path, re_path

from api import docs
from api.errors import not_found
from kochbuch.lazyviews import lazy_path

app_name = "api"


def api(route, view, name):
    """A pattern for the DRF view ``view`` ("module.function" inside api/), imported on first use."""
    return lazy_path(route, f"api.{view}", name, csrf_exempt=True, login_required=False)


urlpatterns = [
    api("", "views.api_root_redirect", "root"),
    api("v1/", "views.book", "book"),
    api("v1/chapters/", "views.chapter_list", "chapters"),
    api("v1/chapters/<slug:slug>/", "views.chapter_detail", "chapter"),
    api("v1/chapters/<slug:slug>/comments/", "write_views.chapter_comments", "chapter_comments"),
    api("v1/recipes/", "views.recipe_list", "recipes"),
    api("v1/recipes/by-number/<str:number>/", "views.recipe_by_number", "recipe_by_number"),
    api("v1/recipes/<slug:slug>/", "views.recipe_detail", "recipe"),
    api("v1/recipes/<slug:slug>/versions/", "views.recipe_versions", "recipe_versions"),
    api("v1/recipes/<slug:slug>/versions/<int:version_id>/", "views.recipe_version", "recipe_version"),
    api("v1/recipes/<slug:slug>/diff/", "views.recipe_diff", "recipe_diff"),
    api("v1/recipes/<slug:slug>/comments/", "write_views.recipe_comments", "recipe_comments"),
    api("v1/recipes/<slug:slug>/proposals/", "write_views.recipe_proposals", "recipe_proposals"),
    api("v1/editions/", "edition_views.edition_list", "editions"),
    api("v1/editions/<slug:slug>/", "edition_views.edition_detail", "edition"),
    api("v1/editions/<slug:slug>/recipes/<slug:recipe_slug>/", "edition_views.edition_recipe", "edition_recipe"),
    api("v1/reports/", "practice_views.report_list", "reports"),
    api("v1/reports/<int:report_id>/", "practice_views.report_detail", "report"),
    api("v1/kommunen/", "practice_views.kommune_list", "kommunen"),
    api("v1/kommunen/<int:kommune_id>/", "practice_views.kommune_detail", "kommune"),
    api("v1/search/", "edition_views.search", "search"),
    api("v1/dump/", "edition_views.dump", "dump"),
    api("v1/dump.zip", "edition_views.dump_zip", "dump_zip"),
    path("v1/schema/", docs.schema, name="schema"),  # lazy already (api/docs.py)
    path("v1/docs/", docs.docs, name="docs"),
    re_path(r"^(?P<url>.*)$", not_found, name="not_found"),
]

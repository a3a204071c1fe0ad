"""/api/v1/: the JSON API (namespace "api"), its OpenAPI document and documentation page."""

from django.urls import path, re_path

from api import docs, edition_views, practice_views, views, write_views
from api.errors import not_found

app_name = "api"

urlpatterns = [
    path("", views.api_root_redirect, name="root"),
    path("v1/", views.book, name="book"),
    path("v1/chapters/", views.chapter_list, name="chapters"),
    path("v1/chapters/<slug:slug>/", views.chapter_detail, name="chapter"),
    path("v1/chapters/<slug:slug>/comments/", write_views.chapter_comments, name="chapter_comments"),
    path("v1/recipes/", views.recipe_list, name="recipes"),
    path("v1/recipes/by-number/<str:number>/", views.recipe_by_number, name="recipe_by_number"),
    path("v1/recipes/<slug:slug>/", views.recipe_detail, name="recipe"),
    path("v1/recipes/<slug:slug>/versions/", views.recipe_versions, name="recipe_versions"),
    path("v1/recipes/<slug:slug>/versions/<int:version_id>/", views.recipe_version, name="recipe_version"),
    path("v1/recipes/<slug:slug>/diff/", views.recipe_diff, name="recipe_diff"),
    path("v1/recipes/<slug:slug>/comments/", write_views.recipe_comments, name="recipe_comments"),
    path("v1/recipes/<slug:slug>/proposals/", write_views.recipe_proposals, name="recipe_proposals"),
    path("v1/editions/", edition_views.edition_list, name="editions"),
    path("v1/editions/<slug:slug>/", edition_views.edition_detail, name="edition"),
    path("v1/editions/<slug:slug>/recipes/<slug:recipe_slug>/", edition_views.edition_recipe,
         name="edition_recipe"),
    path("v1/reports/", practice_views.report_list, name="reports"),
    path("v1/reports/<int:report_id>/", practice_views.report_detail, name="report"),
    path("v1/kommunen/", practice_views.kommune_list, name="kommunen"),
    path("v1/kommunen/<int:kommune_id>/", practice_views.kommune_detail, name="kommune"),
    path("v1/search/", edition_views.search, name="search"),
    path("v1/dump/", edition_views.dump, name="dump"),
    path("v1/dump.zip", edition_views.dump_zip, name="dump_zip"),
    path("v1/schema/", docs.schema, name="schema"),
    path("v1/docs/", docs.docs, name="docs"),
    re_path(r"^(?P<url>.*)$", not_found, name="not_found"),
]

from django.urls import path

from kochbuch.pagecache import anonymous_page_cache
from recipes import edit_views, history_views, views
from recipes.feeds import ChapterChangesFeed, RecentChangesFeed

# Feeds are the same for every reader: cached, and answered 304 when unchanged.
urlpatterns = [
    path("", views.book, name="book"),
    path("kapitel/<slug:slug>/", views.chapter_detail, name="chapter_detail"),
    path("kapitel/<slug:slug>/versionen/", history_views.object_history,
         {"kind": "chapter"}, name="chapter_history"),
    path("kapitel/<slug:slug>/versionen/<int:version_id>/", history_views.object_version,
         {"kind": "chapter"}, name="chapter_version"),
    path("kapitel/<slug:slug>/vergleich/", history_views.object_compare,
         {"kind": "chapter"}, name="chapter_compare"),
    path("kapitel/<slug:slug>/beobachten/", edit_views.watch_toggle_view,
         {"kind": "chapter"}, name="chapter_watch"),
    path("rezepte/<slug:slug>/", views.recipe_detail, name="recipe_detail"),
    path("rezepte/<slug:slug>/bearbeiten/", edit_views.recipe_edit_view, name="recipe_edit"),
    path("rezepte/<slug:slug>/versionen/", history_views.object_history,
         {"kind": "recipe"}, name="recipe_history"),
    path("rezepte/<slug:slug>/versionen/<int:version_id>/", history_views.object_version,
         {"kind": "recipe"}, name="recipe_version"),
    path("rezepte/<slug:slug>/versionen/<int:version_id>/wiederherstellen/",
         history_views.recipe_revert_view, name="recipe_revert"),
    path("rezepte/<slug:slug>/vergleich/", history_views.object_compare,
         {"kind": "recipe"}, name="recipe_compare"),
    path("rezepte/<slug:slug>/beobachten/", edit_views.watch_toggle_view,
         {"kind": "recipe"}, name="recipe_watch"),
    path("aenderungen/", history_views.recent_changes_view, name="recent_changes"),
    path("aenderungen/feed/", anonymous_page_cache(RecentChangesFeed()), name="recent_changes_feed"),
    path("kapitel/<slug:slug>/aenderungen/feed/", anonymous_page_cache(ChapterChangesFeed()), name="chapter_changes_feed"),
    path("abschnitt/<str:number>/", views.recipe_by_number, name="recipe_by_number"),
    path("schlagwort/<str:kind>/<slug:slug>/", views.tag_detail, name="tag_detail"),
]

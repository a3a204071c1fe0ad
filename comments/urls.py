from django.urls import path

from comments import moderation_views, views
from comments.feeds import RecentCommentsFeed
from kochbuch.pagecache import anonymous_page_cache

# Feeds are the same for every reader: cached, and answered 304 when unchanged.
urlpatterns = [
    path("kommentare/", views.recent, name="comments_recent"),
    path("kommentare/feed/", anonymous_page_cache(RecentCommentsFeed()), name="comments_feed"),
    path("kommentare/neu/rezept/<int:pk>/", views.comment_create_view, {"kind": "recipe"},
         name="comment_create_recipe"),
    path("kommentare/neu/kapitel/<int:pk>/", views.comment_create_view, {"kind": "chapter"},
         name="comment_create_chapter"),
    path("kommentare/<int:pk>/", views.comment_detail, name="comment_detail"),
    path("kommentare/<int:pk>/antworten/", views.comment_reply_view, name="comment_reply"),
    path("kommentare/<int:pk>/bearbeiten/", views.comment_edit_view, name="comment_edit"),
    path("kommentare/<int:pk>/loeschen/", views.comment_delete_view, name="comment_delete"),
    path("kommentare/<int:pk>/melden/", views.comment_report_view, name="comment_report"),
    path("kommentare/<int:pk>/verlauf/", views.comment_history, name="comment_history"),
    path("kommentare/<int:pk>/ausblenden/", moderation_views.moderation_act, {"act": "hide"},
         name="comment_hide"),
    path("kommentare/<int:pk>/wiederherstellen/", moderation_views.moderation_act, {"act": "restore"},
         name="comment_restore"),
    path("kommentare/<int:pk>/freigeben/", moderation_views.moderation_act, {"act": "approve"},
         name="comment_approve"),
    path("kommentare/<int:pk>/erledigt/", moderation_views.moderation_act, {"act": "resolve"},
         name="thread_resolve"),
    path("kommentare/<int:pk>/wieder-oeffnen/", moderation_views.moderation_act, {"act": "reopen"},
         name="thread_reopen"),
    path("moderation/kommentare/", moderation_views.moderation_queue, name="moderation_queue"),
    path("moderation/meldungen/<int:pk>/verwerfen/", moderation_views.report_dismiss_view,
         name="report_dismiss"),
]

from django.urls import path, re_path

from practice import overview_views, views
from practice.feeds import RecentReportsFeed

urlpatterns = [
    path("rezepte/<slug:slug>/nachgekocht/neu/", views.report_create, name="practice_report_create"),
    path("nachgekocht/", overview_views.overview, name="practice_overview"),
    path("nachgekocht/feed/", RecentReportsFeed(), name="practice_feed"),
    path("nachgekocht/<int:pk>/", views.report_detail, name="practice_report"),
    path("nachgekocht/<int:pk>/bearbeiten/", views.report_edit, name="practice_report_edit"),
    path("nachgekocht/<int:pk>/melden/", views.report_flag, name="practice_report_flag"),
    re_path(r"^nachgekocht/(?P<pk>[0-9]+)/(?P<act>ausblenden|wiederherstellen)/$", views.report_moderate,
            name="practice_report_moderate"),
    path("nachgekocht/meldungen/<int:pk>/verwerfen/", views.flag_dismiss, name="practice_flag_dismiss"),
    re_path(r"^nachgekocht/berichte\.(?P<fmt>csv|json)$", overview_views.reports_download,
            name="practice_reports_download"),
    path("moderation/nachgekocht/", views.moderation_queue, name="practice_moderation"),
    path("kommunen/", overview_views.kommune_search, name="kommune_search"),
    path("kommunen/<int:pk>/", overview_views.kommune_detail, name="kommune_detail"),
    re_path(r"^kommunen/register\.(?P<fmt>csv|json)$", overview_views.register_download,
            name="kommunen_download"),
]

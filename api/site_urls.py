"""The API app's pages outside /api/: tokens on the profile, robots.txt and sitemap.xml."""

from django.urls import path

from api import opendata, token_views

urlpatterns = [
    path("profil/api-schluessel/", token_views.token_list, name="api_tokens"),
    path("profil/api-schluessel/<int:pk>/widerrufen/", token_views.token_revoke_view, name="api_token_revoke"),
    path("robots.txt", opendata.robots_txt, name="robots_txt"),
    path("sitemap.xml", opendata.sitemap_xml, name="sitemap"),
]

from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("", include("recipes.urls")),
    path("", include("proposals.urls")),
    path("", include("accounts.urls")),
    path("", include("editions.urls")),
    path("", include("comments.urls")),
    path("", include("search.urls")),
    path("", include("authorship.urls")),
    path("", include("reviews.urls")),
    path("", include("practice.urls")),
    path("", include("inbox.urls")),
    path("", include("api.site_urls")),
    path("api/", include("api.urls")),
    path("konto/", include("accounts.allauth_urls")),
    path("verwaltung/", admin.site.urls),
    path("barrierefreiheit/", TemplateView.as_view(template_name="pages/accessibility.html"),
         name="accessibility"),
    path("datenschutz/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("impressum/", TemplateView.as_view(template_name="pages/imprint.html"), name="imprint"),
]

admin.site.site_header = "Kochbuch – Verwaltung"
admin.site.site_title = "Kochbuch"

# A database that does not answer gets a German 503 page instead of a 500 (kochbuch/errors.py).
handler500 = "kochbuch.errors.server_error"
# Django's defaults answer in bare English; ours are German and in the site's layout.
handler404 = "kochbuch.errors.page_not_found"

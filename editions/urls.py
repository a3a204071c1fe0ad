from django.urls import path

from editions import edition_views, recipe_views, views

urlpatterns = [
    path("redaktion/import/", views.import_start, name="import_start"),
    path("redaktion/import/<int:pk>/", views.import_detail, name="import_detail"),
    path("redaktion/import/<int:pk>/bestaetigen/", views.import_confirm, name="import_confirm"),
    # Editions: the fixed words ("neu", "aktuell", "vergleich") are reserved edition slugs.
    path("rezepte/<slug:slug>/rezept.pdf", recipe_views.recipe_pdf_view, name="recipe_pdf"),
    path("ausgaben/", edition_views.edition_list, name="edition_list"),
    path("ausgaben/neu/", edition_views.edition_publish_view, name="edition_publish"),
    path("ausgaben/vergleich/", edition_views.edition_compare_pick, name="edition_compare_pick"),
    path("ausgaben/aktuell/kochbuch.pdf", edition_views.current_pdf, name="current_pdf"),
    path("ausgaben/aktuell/kochbuch.zip", edition_views.current_zip, name="current_zip"),
    path("ausgaben/<slug:slug>/", edition_views.edition_detail, name="edition_detail"),
    path("ausgaben/<slug:slug>/kapitel/<slug:chapter_slug>/", edition_views.edition_chapter,
         name="edition_chapter"),
    path("ausgaben/<slug:slug>/rezepte/<slug:recipe_slug>/", edition_views.edition_recipe,
         name="edition_recipe"),
    path("ausgaben/<slug:old_slug>/vergleich/<slug:new_slug>/", edition_views.edition_compare,
         name="edition_compare"),
    path("ausgaben/<slug:slug>/kochbuch-<slug:file_slug>.pdf", edition_views.edition_pdf, name="edition_pdf"),
    path("ausgaben/<slug:slug>/kochbuch-<slug:file_slug>.zip", edition_views.edition_zip, name="edition_zip"),
]

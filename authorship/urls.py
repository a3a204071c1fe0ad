from django.urls import path

from authorship import views

urlpatterns = [
    path("rezepte/<slug:slug>/autorschaft/", views.recipe_authorship, name="recipe_authorship"),
    path("rezepte/<slug:slug>/autorschaft/<int:version_id>/", views.recipe_authorship,
         name="recipe_version_authorship"),
]

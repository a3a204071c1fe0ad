from django.urls import path

from recipes import views

urlpatterns = [
    path("", views.book, name="book"),
    path("kapitel/<slug:slug>/", views.chapter_detail, name="chapter_detail"),
    path("rezepte/<slug:slug>/", views.recipe_detail, name="recipe_detail"),
    path("abschnitt/<str:number>/", views.recipe_by_number, name="recipe_by_number"),
    path("schlagwort/<str:kind>/<slug:slug>/", views.tag_detail, name="tag_detail"),
]

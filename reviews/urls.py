from django.urls import path

from reviews import views

urlpatterns = [
    path("rezepte/<slug:slug>/pruefung/", views.review_create, name="review_create"),
    path("redaktion/pruefungen/", views.review_dashboard, name="review_dashboard"),
]

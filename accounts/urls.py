from django.urls import path

from accounts import views

urlpatterns = [
    path("profil/", views.profile_edit, name="profile_edit"),
    path("personen/<int:pk>/", views.profile_detail, name="profile"),
]

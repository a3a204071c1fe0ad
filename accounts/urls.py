from django.urls import path

from accounts import views

urlpatterns = [
    path("profil/", views.profile_edit, name="profile_edit"),
    path("profil/daten/", views.account_data, name="account_data"),
    path("profil/loeschen/", views.account_delete_view, name="account_delete"),
    path("personen/<int:pk>/", views.profile_detail, name="profile"),
]

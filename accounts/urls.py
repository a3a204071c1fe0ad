from django.urls import path

from accounts import views

urlpatterns = [
    path("profil/", views.profile_edit, name="profile_edit"),
    path("profil/kommune/", views.profile_kommune, name="profile_kommune"),
    path("profil/daten/", views.account_data, name="account_data"),
    path("profil/loeschen/", views.account_delete_view, name="account_delete"),
    path("personen/<int:pk>/", views.profile_detail, name="profile"),
    # Before allauth's own: the sign-in page behind the back-off of accounts.signin.
    path("konto/login/", views.signin, name="account_login"),
    path("konto/password/change/", views.password_change, name="account_change_password"),
    path("konto/anmelden-mit-app/", views.signin_second_factor, name="signin_second_factor"),
]

from django.urls import path

from inbox import views

urlpatterns = [
    path("profil/beobachtet/", views.watched, name="watched"),
    path("profil/beobachtet/<int:pk>/beenden/", views.unwatch, name="unwatch"),
    path("profil/neuigkeiten/", views.news, name="news"),
    path("profil/neuigkeiten/gelesen/", views.news_mark_read, name="news_mark_read"),
    path("profil/benachrichtigungen/", views.preferences, name="inbox_preferences"),
]

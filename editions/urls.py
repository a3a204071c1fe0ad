from django.urls import path

from editions import views

urlpatterns = [
    path("redaktion/import/", views.import_start, name="import_start"),
    path("redaktion/import/<int:pk>/", views.import_detail, name="import_detail"),
    path("redaktion/import/<int:pk>/bestaetigen/", views.import_confirm, name="import_confirm"),
]

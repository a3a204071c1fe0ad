from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API (/api/v1/) and the open data: the top layer, which may read every app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "API und offene Daten"

    def ready(self):
        from api import schema  # noqa: F401  (registers the token scheme with drf-spectacular)

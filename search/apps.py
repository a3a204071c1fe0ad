from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Suche")

    def ready(self):
        from search import receivers  # noqa: F401  (indexes what recipes and comments announce)

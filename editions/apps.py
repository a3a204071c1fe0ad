from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editions"
    verbose_name = _("Ausgaben und Import")

    def ready(self):
        # The print PDF follows recipes' writes; a starting task recovers lost jobs.
        from editions import receivers  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KommunenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kommunen"
    verbose_name = _("Kommunen")

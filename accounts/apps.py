from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Konten und Rollen")

    def ready(self):
        from accounts import signals  # noqa: F401  (registers the receivers)
        from kochbuch import siteinfo  # noqa: F401  (registers the SITE_URL check)

        post_migrate.connect(signals.ensure_roles, sender=self, dispatch_uid="accounts.ensure_roles")

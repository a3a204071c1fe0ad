from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_roles(sender, apps=global_apps, using="default", **kwargs):
    """After every migrate (and every flush, which ends in post_migrate) the roles exist again.

    The data migration creates them once; a flush, as a transactional test ends with, or an
    administrator deleting a group would otherwise leave ``role_grant`` without its group.
    (``flush`` sends the signal without ``apps``: then the current models are the right ones.)"""
    from accounts.roles import sync_roles

    sync_roles(apps, using=using)


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Konten und Rollen")

    def ready(self):
        from accounts import signals  # noqa: F401  (registers the receivers)
        from kochbuch import siteinfo  # noqa: F401  (registers the SITE_URL check)

        post_migrate.connect(_ensure_roles, sender=self, dispatch_uid="accounts.ensure_roles")

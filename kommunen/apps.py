from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from kommunen.register import register_fill


def _ensure_register(sender, apps=global_apps, using="default", **kwargs):
    """After a flush (which ends in post_migrate) the register is filled again.

    The data migration loads it once; a flush, as every transactional test ends with, would
    otherwise leave the site without its Kommunen and model municipalities. (``flush`` sends
    the signal without ``apps``: then the current models are the right ones.)"""
    Kommune = apps.get_model("kommunen", "Kommune")
    if not Kommune.objects.using(using).exists():
        register_fill(Kommune, using=using)


class KommunenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kommunen"
    verbose_name = _("Kommunen")

    def ready(self):
        post_migrate.connect(_ensure_register, sender=self, dispatch_uid="kommunen.ensure_register")

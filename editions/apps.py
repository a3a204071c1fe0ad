import logging
import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)
_last_check = {"at": 0.0}


def _recover_lost_jobs(sender, **kwargs):
    """A worker starting a task first looks for jobs a killed worker left behind (at most
    every few seconds); a failure here must never stop the task itself."""
    from django.conf import settings

    from editions.recovery import lost_jobs_recover

    if time.monotonic() - _last_check["at"] < settings.TASKS_HEARTBEAT_SECONDS:
        return
    _last_check["at"] = time.monotonic()
    try:
        lost_jobs_recover()
    except Exception:
        logger.exception("Suche nach verlorenen Hintergrundaufträgen fehlgeschlagen")


class EditionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editions"
    verbose_name = _("Ausgaben und Import")

    def ready(self):
        from django_tasks.signals import task_started

        from editions import receivers  # noqa: F401  (the print PDF follows recipes' writes)

        task_started.connect(_recover_lost_jobs, dispatch_uid="editions.recover_lost_jobs")

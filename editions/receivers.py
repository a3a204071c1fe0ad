"""Editions follows the writes of the apps below it, and the task worker's starts (connected in
EditionsConfig.ready)."""

import logging
import time

from django.conf import settings
from django.dispatch import receiver
from django_tasks.signals import task_started

from editions.importing import proposed_recipe_join_edition
from editions.print_files import current_print_outdated
from editions.recovery import lost_jobs_recover
from practice.signals import report_changed
from proposals.signals import proposal_accepted
from recipes.signals import chapter_saved, recipe_saved

logger = logging.getLogger(__name__)
_last_check = {"at": 0.0}


@receiver(chapter_saved, dispatch_uid="editions-print-chapter")
@receiver(recipe_saved, dispatch_uid="editions-print-recipe")
@receiver(report_changed, dispatch_uid="editions-print-report")
def print_outdated(**signal_arguments):
    """Any saved chapter or recipe changes the current state's print PDF, and so does a written,
    edited, hidden or restored Erfahrungsbericht (its chapter's list): rebuild it (delayed)."""
    current_print_outdated()


@receiver(task_started, dispatch_uid="editions.recover_lost_jobs")
def recover_lost_jobs(sender, **kwargs):
    """A worker starting a task first looks for jobs a killed worker left behind (at most
    every few seconds); a failure here must never stop the task itself."""
    if time.monotonic() - _last_check["at"] < settings.TASKS_HEARTBEAT_SECONDS:
        return
    _last_check["at"] = time.monotonic()
    try:
        lost_jobs_recover()
    except Exception:
        logger.exception("Suche nach verlorenen Hintergrundaufträgen fehlgeschlagen")


@receiver(proposal_accepted, dispatch_uid="editions-proposed-recipe")
def proposed_recipe_accepted(proposal, partly, **signal_arguments):
    """A recipe new in an edition that waited as a proposal joins that edition once accepted."""
    proposed_recipe_join_edition(proposal=proposal, partly=partly)

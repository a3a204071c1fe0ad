"""Editions follows the writes of the apps below it (connected in EditionsConfig.ready)."""

from django.dispatch import receiver

from editions.print_files import current_print_outdated
from recipes.signals import chapter_saved, recipe_saved


@receiver(chapter_saved, dispatch_uid="editions-print-chapter")
@receiver(recipe_saved, dispatch_uid="editions-print-recipe")
def print_outdated(**signal_arguments):
    """Any saved chapter or recipe changes the current state's print PDF: rebuild it (delayed)."""
    current_print_outdated()

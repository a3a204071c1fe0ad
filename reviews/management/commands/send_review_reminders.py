"""Remind the people responsible of reviews that fell due (run daily, e.g. by cron).

Each reminder is recorded in the database before it is mailed, so running this again (after a
restart, twice a day, on two servers) never sends a reminder twice.
"""

from django.core.management.base import BaseCommand

from reviews.services import reminders_send


class Command(BaseCommand):
    help = "Erinnert an fällige fachliche Prüfungen (jede Erinnerung nur einmal)."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"{sent} Erinnerung(en) verschickt.")

from django.core.management.base import BaseCommand

from kommunen.models import Kommune
from kommunen.register import register_load


class Command(BaseCommand):
    help = "Lädt das Kommunenregister aus kommunen/data/ (legt Fehlendes an, aktualisiert Geändertes)."

    def handle(self, *args, **options):
        created, updated = register_load(Kommune)
        self.stdout.write(f"Kommunenregister: {created} neu, {updated} aktualisiert.")

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recipes.bookfiles import BookFormatError, read_book_folder
from recipes.models import RevisionInfo
from recipes.services import book_load

DEMO_BOOK = Path(settings.BASE_DIR) / "fixtures" / "demo-book"


class Command(BaseCommand):
    help = (
        "Lädt das Demo-Buch (Struktur der Ausgabe 2016) aus fixtures/demo-book/. "
        "Vorhandene Kapitel und Rezepte bleiben unverändert. Die Texte sind als Demo-Text markiert: "
        "Ein Import der Ausgabe ersetzt sie ohne Vorschlag."
    )

    def add_arguments(self, parser):
        parser.add_argument("--folder", type=Path, default=DEMO_BOOK)

    def handle(self, *args, folder, **options):
        try:
            chapters, recipes = read_book_folder(folder)
        except BookFormatError as error:
            raise CommandError(str(error))
        made_chapters, made_recipes = book_load(
            chapters=chapters, recipes=recipes, user=None, comment="Demo-Buch geladen (Ausgabe 2016)",
            source_edition="Ausgabe 2016",
            kind=RevisionInfo.Kind.DEMO,  # placeholder text: importing the real edition replaces it
        )
        self.stdout.write(self.style.SUCCESS(
            f"{made_chapters} Kapitel und {made_recipes} Rezepte angelegt."
        ))

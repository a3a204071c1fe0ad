from django.core.management.base import BaseCommand

from search.indexing import index_rebuild


class Command(BaseCommand):
    help = (
        "Baut den Suchindex neu auf: aktuelle Texte aller Rezepte und Kapiteleinleitungen, alle Kommentare und die "
        "Texte aller Ausgaben. Die Seite bleibt dabei benutzbar (eine Transaktion)."
    )

    def handle(self, *args, **options):
        counts = index_rebuild()
        self.stdout.write(self.style.SUCCESS(
            f"Suchindex neu aufgebaut: {counts['recipes']} Rezepte, {counts['chapters']} Kapiteleinleitungen, {counts['comments']} Kommentare, "
            f"{counts['edition_texts']} Texte aus Ausgaben."
        ))

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from editions.importing import ImportNeedsUser, entries_from_structure, structure_from_entries
from editions.pdfimport import PdfImportError, parse_pdf_limited
from editions.services import import_apply
from recipes.bookfiles import BookFormatError, read_book


class Command(BaseCommand):
    help = (
        "Importiert eine Ausgabe des Kochbuchs aus einer PDF-Datei oder aus Markdown-Dateien "
        "(Ordner oder ZIP) in einer Transaktion. Auf der Website geänderte Rezepte werden nicht "
        "überschrieben: der importierte Text wird dann ein Änderungsvorschlag."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="PDF-Datei, ZIP-Datei oder Ordner mit Markdown")
        parser.add_argument("--edition", required=True, help='Name der Ausgabe, z. B. "Ausgabe 2016"')
        parser.add_argument("--date", type=_date, help="Datum der Ausgabe (JJJJ-MM-TT), z. B. 2016-09-22")
        parser.add_argument("--user", help="E-Mail-Adresse der importierenden Person")
        parser.add_argument("--dry-run", action="store_true", help="nichts ändern, nur berichten")
        parser.add_argument("--json", action="store_true",
                            help="mit --dry-run: die erkannte Struktur als JSON ausgeben")

    def handle(self, *args, source, edition, user, dry_run, json: bool, date=None, **options):
        if json and not dry_run:
            raise CommandError("--json gibt es nur zusammen mit --dry-run.")
        if not source.exists():
            raise CommandError(f"{source} gibt es nicht.")
        importer = self._user(user)
        try:
            if source.suffix.lower() == ".pdf":
                # The same child process and limits as an upload: a file given to the command
                # is no more trustworthy than one sent through the site (a Flate bomb).
                book = parse_pdf_limited(
                    source, timeout_seconds=settings.IMPORT_PARSE_TIMEOUT_SECONDS,
                    memory_mb=settings.IMPORT_PARSE_MEMORY_MB,
                )
                structure, warnings = book.as_dict(), book.warnings
                chapters, recipes = entries_from_structure(structure)
            else:
                chapters, recipes = read_book(source)
                structure, warnings = structure_from_entries(chapters, recipes), []
        except (PdfImportError, BookFormatError) as error:
            raise CommandError(f"Nichts importiert: {getattr(error, 'message', str(error))}")

        if json:
            self.stdout.write(_dumps(structure))
            return
        for warning in warnings:
            self.stderr.write(f"Warnung: {warning}")
        try:
            report = import_apply(chapters=chapters, recipes=recipes, edition_name=edition,
                                  user=importer, dry_run=dry_run, edition_date=date)
        except ImportNeedsUser as error:
            raise CommandError(f"Nichts importiert: {error}")
        prefix = "Probelauf (nichts geändert): " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{edition}: {report.summary}."))
        for title, items in (("Neu", report.created), ("Ersetzt", report.updated),
                             ("Zusammengeführt", report.merged),
                             ("Als Vorschlag", report.proposed), ("Übersprungen", report.skipped)):
            for item in items:
                self.stdout.write(f"  {title}: {item}")

    def _user(self, email):
        if not email:
            return None
        try:
            return User.objects.get(email__iexact=email)
        except User.DoesNotExist:
            raise CommandError(f"Keine Person mit der E-Mail-Adresse {email}.")


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"„{value}“ ist kein Datum im Format JJJJ-MM-TT.")


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2)

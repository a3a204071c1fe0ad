from django.core.management.base import BaseCommand

from editions.recovery import lost_jobs_recover


class Command(BaseCommand):
    help = (
        "Findet Importe und Druckfassungen, deren Hintergrunddienst beendet wurde, und startet sie "
        "erneut oder markiert sie als fehlgeschlagen. Vor dem Start von db_worker ausführen."
    )

    def handle(self, *args, **options):
        done = lost_jobs_recover()
        self.stdout.write(
            f"Wiederholt: {len(done['retried'])} Import(e), {len(done['print_requeued'])} Druckfassung(en); "
            f"fehlgeschlagen: {len(done['failed'])} Import(e)."
        )

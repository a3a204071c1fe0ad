"""What practice holds about a person, for the data export (``accounts.privacy``; registered in
PracticeConfig.ready). Reports stay when an account is deleted, shown as "gelöschtes Konto"."""

from accounts.privacy import iso
from practice.models import PracticeReport


def contacts_forget(*, user, **signal_arguments):
    """An account is deleted: its reports stay (unnamed), their contact details go."""
    PracticeReport.objects.filter(author=user).update(contact="", show_contact=False)


def reports_written(user) -> list[dict]:
    return [
        {"datum": iso(report.created_at), "rezept": f"{report.recipe.number} {report.recipe.title}",
         "kommune": report.kommune.name, "stand": report.status, "angepasst": report.adaptations,
         "ergebnisse": report.results, "kennzahlen": report.figures, "gelernt": report.lessons,
         "links": report.links, "kontakt": report.contact, "kontakt_oeffentlich": report.show_contact}
        for report in PracticeReport.objects.filter(author=user).select_related("recipe", "kommune")
    ]

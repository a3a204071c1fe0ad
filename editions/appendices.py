"""Lists at the end of each chapter of an export: the Erfahrungsberichte on its recipes.

The print PDF and the Markdown ZIP of an edition (or of the current state) may close each
chapter with the Kommunen that report having put its sections into practice ("Nachgekocht"):
Kommune, Land, status, since when and the address of the report. editions is above practice
(README, tests/test_layers.py), so it reads the reports directly; only visible ones, only on
the recipes the exported snapshot contains, in reading order and then by Kommune.

Costs: ``appendix_fingerprint()`` is one aggregate query (part of the print PDF's digest, so a
new, edited or hidden report means a new PDF); ``chapter_appendices()`` one query for the whole
book, whatever the number of chapters and reports.
"""

from dataclasses import dataclass

from django.db.models import Count, Max, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from editions.snapshot import BookSnapshot
from practice.models import PracticeReport


@dataclass(frozen=True)
class AppendixEntry:
    recipe: str  # "7.1.3 Eingangsbearbeitung": the section of the chapter it is about
    title: str  # "Düren (Nordrhein-Westfalen)"
    facts: str  # "umgesetzt, seit März 2023"
    url: str  # absolute address of the report's page


@dataclass(frozen=True)
class ChapterAppendix:
    key: str  # a file-name-safe word: "nachgekocht"
    title: str
    intro: str  # one plain sentence under the heading
    entries: tuple[AppendixEntry, ...]


def appendix_fingerprint() -> str:
    """Changes whenever a list would: count, ids and newest change of the visible reports (a
    restored report gives back the fingerprint of before it was hidden, as its list is too)."""
    facts = PracticeReport.objects.visible().aggregate(count=Count("pk"), ids=Sum("pk"),
                                                       newest=Max("updated_at"))
    newest = facts["newest"].isoformat() if facts["newest"] else ""
    return f"nachgekocht:{facts['count']}-{facts['ids'] or 0}-{newest}"


def chapter_appendices(snapshot: BookSnapshot, *, site_url: str) -> dict[int, list[ChapterAppendix]]:
    """The lists per chapter object id; chapters without reports are left out."""
    where = {}  # recipe object id → (chapter object id, "7.1.3 Titel", position in the chapter)
    for chapter in snapshot.chapters:
        for position, recipe in enumerate(snapshot.recipes_of(chapter)):
            where[recipe.object_id] = (chapter.object_id, f"{recipe.number} {recipe.title}", position)
    if not where:
        return {}
    reports = (PracticeReport.objects.visible().filter(recipe_id__in=list(where))
               .select_related("kommune").order_by("kommune__name", "pk"))
    grouped: dict[int, list[tuple[int, AppendixEntry]]] = {}
    base = site_url.rstrip("/")
    for report in reports:
        chapter_id, recipe_label, position = where[report.recipe_id]
        facts = str(report.get_status_display())
        if report.since:
            facts += ", " + _("seit %(date)s") % {"date": date_format(report.since, "F Y")}
        grouped.setdefault(chapter_id, []).append((position, AppendixEntry(
            recipe=recipe_label, title=f"{report.kommune.name} ({report.kommune.get_bundesland_display()})",
            facts=facts, url=base + report.get_absolute_url())))
    title = _("Nachgekocht: Erfahrungsberichte aus den Kommunen")
    intro = _("Kommunen, die Abschnitte dieses Kapitels umgesetzt haben oder umsetzen; die Berichte "
              "stehen unter den angegebenen Adressen (Stand: Erstellung dieser Datei).")
    return {
        chapter_id: [ChapterAppendix(key="nachgekocht", title=title, intro=intro, entries=tuple(
            entry for _position, entry in sorted(entries, key=lambda item: item[0])))]
        for chapter_id, entries in grouped.items()
    }

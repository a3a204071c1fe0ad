"""The book-wide map "Wer hat was umgesetzt?", the register's search and a page per Kommune,
and the open-data downloads of reports and register."""

import csv
import json

from django.db.models import Count, Q
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from accounts.models import User
from kommunen import maps as base_maps
from kommunen.models import Kommune
from practice.forms import KommuneSearchForm, MapFilterForm
from practice.maps import dot_of, dots_for
from practice.models import SIZES, PracticeReport

SEARCH_LIMIT = 30


def _filtered(filters: dict):
    reports = PracticeReport.objects.visible().for_listing()
    if "land" in filters:
        reports = reports.filter(kommune__bundesland=filters["land"])
    if "kapitel" in filters:
        reports = reports.filter(recipe__chapter__number=filters["kapitel"])
    if "stand" in filters:
        reports = reports.filter(status=filters["stand"])
    if "groesse" in filters:
        _key, _label, low, high = next(size for size in SIZES if size[0] == filters["groesse"])
        reports = reports.filter(kommune__population__gte=low)
        if high is not None:
            reports = reports.filter(kommune__population__lt=high)
    return reports.order_by("kommune__name", "recipe__chapter__order", "recipe__number")


def overview(request):
    form = MapFilterForm(request.GET or None)
    reports = list(_filtered(form.filters()))
    dots = dots_for(reports)
    rows = {}
    for report in reports:
        rows.setdefault(report.kommune_id, {"kommune": report.kommune, "reports": []})["reports"].append(report)
    return render(request, "practice/overview.html", {
        "form": form, "reports": reports, "rows": list(rows.values()),
        "map": {"lands": base_maps.lands(), "dots": dots, "width": base_maps.WIDTH,
                "height": base_maps.HEIGHT, "source": base_maps.SOURCE},
        "unplaced": [row["kommune"] for row in rows.values() if not row["kommune"].has_position],
    })


def kommune_search(request):
    """The register's search: a plain GET form and a list (a script only submits it as you type)."""
    form = KommuneSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = list(Kommune.objects.search(query)[:SEARCH_LIMIT]) if query else []
    return render(request, "practice/kommune_search.html", {
        "form": form, "query": query, "results": results,
        "models": [] if query else Kommune.objects.filter(is_model=True).order_by("name"),
    })


def kommune_detail(request, pk):
    kommune = get_object_or_404(Kommune, pk=pk)
    reports = list(kommune.practice_reports.visible().for_listing()
                   .order_by("recipe__chapter__order", "recipe__number"))
    people = (User.objects.filter(kommune=kommune, is_active=True, show_institution=True,
                                emailaddress__verified=True).distinct()
              .annotate(report_count=Count("practice_reports", distinct=True, filter=Q(
                  practice_reports__moderation=PracticeReport.Moderation.VISIBLE)))
              .order_by("display_name"))
    return render(request, "practice/kommune_detail.html", {
        "kommune": kommune, "reports": reports, "people": people,
        "map": {"lands": base_maps.lands(), "dots": dots_for(reports, small=True) or dot_of(kommune, small=True),
                "width": base_maps.WIDTH, "height": base_maps.HEIGHT, "source": base_maps.SOURCE},
    })


# Open data ---------------------------------------------------------------------------------

REPORT_COLUMNS = ["id", "rezept_nummer", "rezept_titel", "kapitel", "kommune", "kommune_id", "ags",
                  "ars", "bundesland", "stand", "seit", "angepasst", "ergebnisse", "kennzahlen", "gelernt",
                  "links", "kontakt", "verfasst_von", "geschrieben_am", "geaendert_am", "adresse"]
KOMMUNE_COLUMNS = ["id", "name", "art", "bundesland", "ags", "ars", "breite", "laenge", "einwohner",
                   "modellkommune"]


def _report_row(request, report) -> dict:
    return {
        "id": report.pk, "rezept_nummer": report.recipe.number, "rezept_titel": report.recipe.title,
        "kapitel": report.recipe.chapter.number, "kommune": report.kommune.name,
        "kommune_id": report.kommune_id, "ags": report.kommune.ags, "ars": report.kommune.ars,
        "bundesland": report.kommune.bundesland, "stand": report.status,
        "seit": report.since.isoformat() if report.since else "", "angepasst": report.adaptations,
        "ergebnisse": report.results, "kennzahlen": report.figures, "gelernt": report.lessons,
        "links": report.link_list, "kontakt": report.public_contact,
        "verfasst_von": str(report.author_name), "geschrieben_am": report.created_at.isoformat(),
        "geaendert_am": report.updated_at.isoformat(),
        "adresse": request.build_absolute_uri(report.get_absolute_url()),
    }


def _kommune_row(kommune) -> dict:
    return {"id": kommune.pk, "name": kommune.name, "art": kommune.art, "bundesland": kommune.bundesland,
            "ags": kommune.ags, "ars": kommune.ars, "breite": kommune.latitude, "laenge": kommune.longitude,
            "einwohner": kommune.population, "modellkommune": kommune.is_model}


class _Echo:
    def write(self, value):
        return value


def _csv(rows, columns, filename):
    writer = csv.DictWriter(_Echo(), fieldnames=columns)

    def lines():
        yield "\ufeff" + writer.writeheader()  # the BOM tells spreadsheet programs it is UTF-8
        for row in rows:
            yield writer.writerow({key: "\n".join(value) if isinstance(value, list) else value
                                   for key, value in row.items()})

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _json(data, filename):
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


LICENCE_NOTE = gettext_lazy("Erfahrungsberichte: Texte der Mitwirkenden des Kochbuchs. Kommunenregister: "
                 "GeoNames (CC BY 4.0), Statistisches Bundesamt (Destatis), 2019 (CC BY 4.0); "
                 "Gemeindeschlüssel: © GeoBasis-DE / BKG 2016 (VG250, GeoNutzV).")


def reports_download(request, fmt):
    reports = PracticeReport.objects.visible().for_listing().order_by("pk").iterator(chunk_size=500)
    rows = (_report_row(request, report) for report in reports)
    if fmt == "csv":
        return _csv(rows, REPORT_COLUMNS, "erfahrungsberichte.csv")
    return _json({"quelle": request.build_absolute_uri("/nachgekocht/"), "hinweis": str(LICENCE_NOTE),
                  "berichte": list(rows)}, "erfahrungsberichte.json")


def register_download(request, fmt):
    kommunen = Kommune.objects.order_by("pk").iterator(chunk_size=2000)
    rows = (_kommune_row(kommune) for kommune in kommunen)
    if fmt == "csv":
        return _csv(rows, KOMMUNE_COLUMNS, "kommunen.csv")
    return _json({"hinweis": str(LICENCE_NOTE), "kommunen": list(rows)}, "kommunen.json")

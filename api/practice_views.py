"""Nachgekocht through the API: the register of Kommunen and the visible Erfahrungsberichte.

Anonymous GET endpoints like the book's (``api.views``): thin function views, a fixed number of
queries (a list: the count and the page; a report: one; a Kommune: two), ``api_read`` for the
cache, ETag, Last-Modified and 304. Hidden reports are not there at all: the lists leave them
out and their address answers 404, as for a report that never existed.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.decorators import api_view
from rest_framework.response import Response

from api import representations as rep
from api import serializers as s
from api.conditional import api_read, last_modified
from api.pagination import paginate, paginated
from api.views import PAGE, is_number, read
from kommunen.models import Bundesland, Kommune
from practice.models import PracticeReport

TAGS = ["Nachgekocht"]
LAND = OpenApiParameter("bundesland", str, enum=Bundesland.values, description="Kürzel des Bundeslands")


def _choice(params, name, choices):
    """The query parameter ``name`` when it is one of ``choices``; 400 otherwise."""
    value = params.get(name, "")
    if value and value not in choices:
        raise exceptions.ValidationError({name: [_("Erlaubt sind: %(values)s.") % {"values": ", ".join(choices)}]})
    return value


def _id(params, name):
    value = params.get(name, "")
    if value and not is_number(value, digits=18):
        raise exceptions.ValidationError({name: [_("Bitte eine Id (eine ganze Zahl) angeben.")]})
    return int(value) if value else None


@api_read
@read("Erfahrungsberichte („Nachgekocht“), die neuesten zuerst, gefiltert", paginated(s.ReportSummary),
      codes=(400, 404), tags=TAGS, parameters=[
          PAGE,
          OpenApiParameter("recipe", str, description="Kurzname oder Nummer des Rezepts (7.1.3)"),
          OpenApiParameter("chapter", str, description="Kurzname oder Nummer des Kapitels"),
          OpenApiParameter("kommune", int, description="Id der Kommune im Register"),
          LAND,
          OpenApiParameter("status", str, enum=PracticeReport.Status.values, description="Stand der Umsetzung"),
      ])
@api_view(["GET"])
def report_list(request):
    params = request.query_params
    reports = PracticeReport.objects.visible().select_related("recipe", "kommune").order_by("-updated_at", "-pk")
    if params.get("recipe"):
        value = params["recipe"]
        is_recipe_number = value.replace(".", "").isdecimal() and value.isascii() and len(value) <= 20
        reports = reports.filter(**({"recipe__number": value} if is_recipe_number else {"recipe__slug": value}))
    if params.get("chapter"):
        value = params["chapter"]
        reports = reports.filter(**({"recipe__chapter__number": int(value)} if is_number(value)
                                    else {"recipe__chapter__slug": value}))
    kommune = _id(params, "kommune")
    if kommune is not None:
        reports = reports.filter(kommune_id=kommune)
    if land := _choice(params, "bundesland", Bundesland.values):
        reports = reports.filter(kommune__bundesland=land)
    if status := _choice(params, "status", PracticeReport.Status.values):
        reports = reports.filter(status=status)
    page, envelope = paginate(request, reports)
    links = rep.Links(request)
    response = Response({**envelope, "results": [rep.report_summary(report, links) for report in page]})
    return last_modified(response, max((report.updated_at for report in page), default=None))


@api_read
@read("Ein Erfahrungsbericht: Stand, Anpassungen, Ergebnisse, Kennzahlen, Erfahrungen, Links",
      s.ReportDetail, tags=TAGS)
@api_view(["GET"])
def report_detail(request, report_id):
    report = (PracticeReport.objects.visible().select_related("recipe", "kommune", "author")
              .filter(pk=report_id).first())
    if report is None:
        raise Http404(_("Diesen Erfahrungsbericht gibt es nicht."))
    response = Response(rep.report_detail(report, rep.Links(request)))
    return last_modified(response, report.updated_at)


@api_read
@read("Das Register der Kommunen und Kreise, gefiltert und durchsuchbar", paginated(s.KommuneSummary),
      codes=(400, 404), tags=TAGS, parameters=[
          PAGE,
          OpenApiParameter("q", str, description="Name oder Teil davon; Umlaute beliebig („dueren“ findet Düren)"),
          LAND,
          OpenApiParameter("art", str, enum=Kommune.Art.values, description="Art der Kommune"),
          OpenApiParameter("ags", str, description="Amtlicher Gemeindeschlüssel oder sein Anfang (05358)"),
          OpenApiParameter("modellkommune", bool, description="nur die acht Modellkommunen von 2016"),
      ])
@api_view(["GET"])
def kommune_list(request):
    params = request.query_params
    query = params.get("q", "").strip()[:100]
    kommunen = Kommune.objects.search(query) if query else Kommune.objects.order_by("name", "bundesland", "pk")
    if land := _choice(params, "bundesland", Bundesland.values):
        kommunen = kommunen.filter(bundesland=land)
    if art := _choice(params, "art", Kommune.Art.values):
        kommunen = kommunen.filter(art=art)
    if params.get("ags"):
        if not is_number(params["ags"], digits=12):
            raise exceptions.ValidationError({"ags": [_("Der Schlüssel besteht aus bis zu 12 Ziffern.")]})
        kommunen = kommunen.filter(ags__startswith=params["ags"])
    if _choice(params, "modellkommune", ["true", "false"]):
        kommunen = kommunen.filter(is_model=params["modellkommune"] == "true")
    page, envelope = paginate(request, kommunen)
    links = rep.Links(request)
    return Response({**envelope, "results": [rep.kommune_summary(kommune, links) for kommune in page]})


@api_read
@read("Eine Kommune mit ihren Erfahrungsberichten", s.KommuneDetail, tags=TAGS)
@api_view(["GET"])
def kommune_detail(request, kommune_id):
    kommune = Kommune.objects.filter(pk=kommune_id).first()
    if kommune is None:
        raise Http404(_("Diese Kommune gibt es im Register nicht."))
    reports = list(PracticeReport.objects.visible().filter(kommune=kommune).select_related("recipe")
                   .order_by("recipe__sort_key", "-updated_at"))
    links = rep.Links(request)
    for report in reports:
        report.kommune = kommune  # already loaded: no query per report
    response = Response({**rep.kommune_summary(kommune, links),
                         "reports": [rep.report_summary(report, links) for report in reports]})
    return last_modified(response, max((report.updated_at for report in reports), default=None))

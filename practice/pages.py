"""'Nachgekocht in N Kommunen' on the recipe pages, through recipes' reading-page hooks.

The page's own query learns whether any report exists (an annotation); only then one more
query loads the reports with their Kommunen, so a recipe without reports costs nothing extra.
"""

from django.db.models import Exists, OuterRef

from practice.maps import map_for_reports
from practice.models import PracticeReport
from recipes import pages
from recipes.models import Recipe


class PracticeOnReadingPages(pages.ReadingPageExtension):
    def detail_queryset(self, queryset, *, kind):
        if kind != "recipe":
            return queryset
        return queryset.annotate(has_practice_reports=Exists(
            PracticeReport.objects.visible().filter(recipe=OuterRef("pk"))))

    def context(self, request, target, rendered):
        if not isinstance(target, Recipe):
            return {}
        reports = []
        if getattr(target, "has_practice_reports", True):
            reports = list(PracticeReport.objects.visible().filter(recipe=target)
                           .select_related("kommune").order_by("kommune__name", "-updated_at"))
        return {"practice": {
            "reports": reports,
            "kommunen_count": len({report.kommune_id for report in reports}),
            "map": map_for_reports(reports, small=True) if reports else None,
        }}

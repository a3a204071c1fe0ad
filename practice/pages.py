"""'Nachgekocht in N Kommunen' on the recipe pages, through recipes' reading-page hooks."""

from practice.maps import map_for_reports
from practice.models import PracticeReport
from recipes import pages
from recipes.models import Recipe


class PracticeOnReadingPages(pages.ReadingPageExtension):
    def context(self, request, target, rendered):
        if not isinstance(target, Recipe):
            return {}
        reports = list(PracticeReport.objects.visible().filter(recipe=target)
                       .select_related("kommune").order_by("kommune__name", "-updated_at"))
        kommunen = {report.kommune_id for report in reports}
        return {"practice": {
            "reports": reports,
            "kommunen_count": len(kommunen),
            "map": map_for_reports(reports, small=True) if reports else None,
        }}

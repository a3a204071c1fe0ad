from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from kochbuch.atom import WritingsFeed
from practice.models import PracticeReport
from recipes.rendering import render_markdown

FEED_FIELDS = ["adaptations", "results", "figures", "lessons"]


class RecentReportsFeed(WritingsFeed):
    """Atom feed of the newest visible Erfahrungsberichte (one query)."""

    title = _("Kochbuch E-Government – Nachgekocht")
    subtitle = _("Kommunen berichten, wie sie Rezepte des Kochbuchs umgesetzt haben.")

    def link(self):
        return reverse("practice_overview")

    def items(self):
        return PracticeReport.objects.visible().for_listing().order_by("-updated_at", "-pk")[:40]

    def item_title(self, report):
        return _("%(kommune)s zu %(number)s %(title)s (%(status)s)") % {
            "kommune": report.kommune.name, "number": report.recipe.number, "title": report.recipe.title,
            "status": report.get_status_display()}

    def item_description(self, report):
        # The same sanitised HTML as on the report's page; labels are escaped here.
        parts = []
        for name in FEED_FIELDS:
            text = getattr(report, name)
            if text.strip():
                label = escape(PracticeReport._meta.get_field(name).verbose_name)
                parts.append(f"<h3>{label}</h3>{render_markdown(text, profile='comment').html}")
        return "".join(parts)

    def item_link(self, report):
        return report.get_absolute_url()

    def item_updateddate(self, report):
        return report.updated_at

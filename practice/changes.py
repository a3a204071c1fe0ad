"""Erfahrungsberichte in "Letzte Änderungen" (recipes.changes): a version is labelled by what
reversion stored with it (the report's ``__str__``, "Düren: 7.1.3 …"), so the list costs no query
per report; hidden reports are left out."""

from django.urls import reverse
from django.utils.translation import gettext as _

from practice.models import PracticeReport
from recipes.changes import ChangeKind


def _visible_ids():
    return PracticeReport.objects.visible()


def _label(version):
    return _("Erfahrungsbericht %(report)s") % {"report": version.object_repr}


def _url(version):
    return reverse("practice_report", args=[version.object_id])


REPORT_CHANGES = ChangeKind(model=PracticeReport, visible_ids=_visible_ids, label=_label, url=_url)

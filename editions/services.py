"""Writes for editions: recording an import as an edition (publishing comes with issue 6)."""

import datetime
import re

from django.db import transaction
from django.utils.text import slugify

from editions.importing import ImportReport, edition_import
from editions.models import Edition, EditionVersion


def edition_slug(name: str) -> str:
    """ "Ausgabe 2016" → "2016"; other names are slugified."""
    year = re.fullmatch(r"(?:Ausgabe\s+)?(\d{4})", name.strip())
    return year.group(1) if year else slugify(name)[:40] or "ausgabe"


@transaction.atomic
def edition_record(*, name: str, user, version_ids, date=None, note="") -> Edition:
    """Create the edition, or (re-import of the same edition) replace its snapshot."""
    edition, _ = Edition.objects.get_or_create(
        name=name,
        defaults={"slug": edition_slug(name), "date": date or datetime.date.today(),
                  "note": note, "created_by": user},
    )
    EditionVersion.objects.filter(edition=edition).exclude(version_id__in=version_ids).delete()
    existing = set(EditionVersion.objects.filter(edition=edition).values_list("version_id", flat=True))
    EditionVersion.objects.bulk_create(
        [EditionVersion(edition=edition, version_id=pk) for pk in version_ids if pk not in existing]
    )
    return edition


@transaction.atomic
def import_apply(*, chapters, recipes, edition_name: str, user, progress=None,
                 dry_run: bool = False) -> ImportReport:
    """Import and record the edition in one transaction; ``dry_run`` rolls everything back."""
    report = edition_import(chapters=chapters, recipes=recipes, edition_name=edition_name,
                            user=user, progress=progress)
    edition_record(name=edition_name, user=user, version_ids=report.version_ids)
    if dry_run:
        transaction.set_rollback(True)
    return report

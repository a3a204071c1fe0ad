"""Writes for editions: recording an import as an edition, and publishing one."""

import datetime
import re

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from reversion.models import Version

from accounts.roles import perm
from editions.importing import DEFAULT_PUBLISHER, ImportReport, edition_import
from editions.models import Edition, EditionVersion
from editions.print_files import print_schedule
from editions.snapshot import latest_version_ids
from recipes.models import Chapter, Recipe, RevisionInfo
from recipes.slugs import german_slugify

# Edition slugs share the /ausgaben/<slug>/ namespace with these pages.
RESERVED_SLUGS = {"neu", "aktuell", "vergleich"}


def edition_slug(name: str) -> str:
    """ "Ausgabe 2016" → "2016"; other names are slugified."""
    year = re.fullmatch(r"(?:Ausgabe\s+)?(\d{4})", name.strip())
    return year.group(1) if year else german_slugify(name)[:40] or "ausgabe"


def _free_slug(slug):
    """``slug``, or ``slug-2``, ``slug-3`` … when another edition or a fixed page has it."""
    candidate, counter = slug, 2
    while candidate in RESERVED_SLUGS or Edition.objects.filter(slug=candidate).exists():
        candidate, counter = f"{slug[:36]}-{counter}", counter + 1
    return candidate


@transaction.atomic
def edition_record(*, name: str, user, version_ids, date=None, note="") -> Edition:
    """Create the edition, or (re-import of the same edition) replace its snapshot.

    ``date`` is the edition's own date (an imported "Ausgabe 2016" is dated September 2016,
    not the day of the import); without one, a new edition is dated today.
    """
    edition, created = Edition.objects.get_or_create(
        name=name,
        defaults={"slug": _free_slug(edition_slug(name)), "date": date or datetime.date.today(),
                  "note": note, "created_by": user},
    )
    if not created and date and edition.date != date:
        edition.date = date
        edition.save(update_fields=["date"])
    EditionVersion.objects.filter(edition=edition).exclude(version_id__in=version_ids).delete()
    existing = set(EditionVersion.objects.filter(edition=edition).values_list("version_id", flat=True))
    EditionVersion.objects.bulk_create(
        [EditionVersion(edition=edition, version_id=pk) for pk in version_ids if pk not in existing]
    )
    return edition


@transaction.atomic
def import_apply(*, chapters, recipes, edition_name: str, user, progress=None, dry_run: bool = False,
                 edition_date: datetime.date | None = None, publisher: str = DEFAULT_PUBLISHER,
                 decisions: dict | None = None, import_job_id: int | None = None) -> ImportReport:
    """Import and record the edition in one transaction; ``dry_run`` rolls everything back.

    The edition's snapshot is exactly the imported text (``editions.importing``), dated
    ``edition_date``. A failure anywhere leaves the database as it was.
    """
    report = edition_import(chapters=chapters, recipes=recipes, edition_name=edition_name,
                            user=user, progress=progress, publisher=publisher,
                            decisions=decisions, import_job_id=import_job_id)
    edition_record(name=edition_name, user=user, version_ids=report.version_ids, date=edition_date)
    if dry_run:
        transaction.set_rollback(True)
    return report


def _version_the_unversioned(user):
    """Content that has no version yet (made outside the services) gets its first one now,
    so that "every chapter and recipe" really is in the edition."""
    for model in (Chapter, Recipe):
        content_type = ContentType.objects.get_for_model(model)
        versioned = set(Version.objects.filter(content_type=content_type).values_list("object_id", flat=True))
        missing = [obj for obj in model.objects.all() if str(obj.pk) not in versioned]
        if not missing:
            continue
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment("Erste Fassung, angelegt beim Veröffentlichen einer Ausgabe")
            reversion.add_meta(RevisionInfo, kind=RevisionInfo.Kind.EDIT)
            for obj in missing:
                reversion.add_to_revision(obj)


@transaction.atomic
def edition_publish(*, name: str, date: datetime.date, note: str = "", with_reports: bool = False,
                    user) -> Edition:
    """Freeze the newest version of every chapter and recipe as a citable edition.

    Only the Redaktion may publish; a name (or the short name derived from it) that is taken
    is refused. The print PDF of the new edition is built in the background after commit.
    """
    if user is None or not user.has_perm(perm("publish")):
        raise PermissionDenied("Ausgaben veröffentlichen darf nur die Redaktion.")
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Bitte geben Sie der Ausgabe einen Namen."})
    slug = edition_slug(name)
    if slug in RESERVED_SLUGS:
        raise ValidationError({"name": f"„{name}“ ist als Name einer Ausgabe nicht möglich."})
    taken = Edition.objects.filter(Q(name__iexact=name) | Q(slug=slug)).first()
    if taken:
        raise ValidationError({"name": f"Es gibt schon eine Ausgabe „{taken.name}“ (Kurzname {taken.slug})."})
    _version_the_unversioned(user)
    version_ids = latest_version_ids()
    if not version_ids:
        raise ValidationError("Das Buch ist noch leer: Es gibt nichts zu veröffentlichen.")
    try:
        with transaction.atomic():
            edition = Edition.objects.create(name=name, slug=slug, date=date, note=note.strip(),
                                             with_reports=with_reports, created_by=user)
    except IntegrityError:  # published at the same moment by someone else
        raise ValidationError({"name": f"Es gibt schon eine Ausgabe „{name}“."})
    EditionVersion.objects.bulk_create([EditionVersion(edition=edition, version_id=pk) for pk in version_ids])
    transaction.on_commit(lambda: print_schedule(edition.pk))
    return edition

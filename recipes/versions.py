"""Reading the history of recipes and chapters from django-reversion (one query per list)."""

from dataclasses import dataclass

from django.http import Http404
from reversion.models import Version


@dataclass
class HistoryEntry:
    """One version of a recipe or chapter as the history pages show it."""

    version: Version
    sequence: int  # 1 for the first version

    @property
    def id(self):
        return self.version.pk

    @property
    def fields(self):
        return self.version.field_dict

    @property
    def revision(self):
        return self.version.revision

    @property
    def info(self):
        # Revisions made outside the services (none should exist) have no info.
        return getattr(self.version.revision, "info", None)

    @property
    def author(self):
        return self.version.revision.user

    @property
    def provenance(self):
        """ "aus Ausgabe 2016 übernommen, importiert von …" for text from an edition, else ""."""
        return self.info.provenance(self.author) if self.info else ""

    @property
    def created_at(self):
        return self.version.revision.date_created

    @property
    def title(self):
        return self.fields.get("title", "")


def _versions(obj):
    return (
        Version.objects.get_for_object(obj)
        .select_related("revision__user", "revision__info__approved_by")
    )


def history(obj) -> list[HistoryEntry]:
    """All versions of ``obj``, newest first."""
    versions = list(_versions(obj))
    total = len(versions)
    return [HistoryEntry(version, total - index) for index, version in enumerate(versions)]


def history_entry(obj, version_id) -> HistoryEntry:
    """One version of ``obj`` (404 for a version of anything else) with its sequence number."""
    version = _versions(obj).filter(pk=version_id).first()
    if version is None:
        raise Http404("Diese Fassung gibt es nicht.")
    sequence = Version.objects.get_for_object(obj).filter(pk__lte=version.pk).count()
    return HistoryEntry(version, sequence)


def latest_version_id(obj) -> int | None:
    return Version.objects.get_for_object(obj).values_list("pk", flat=True).first()


def version_fields(obj, version_id) -> dict:
    """The stored fields of one version of ``obj``; 404 when it is not one of its versions."""
    version = Version.objects.get_for_object(obj).filter(pk=version_id).first()
    if version is None:
        raise Http404("Diese Fassung gibt es nicht.")
    return version.field_dict

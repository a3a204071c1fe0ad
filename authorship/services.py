"""Attribution stored per version: extended incrementally as versions are saved, rebuilt from
the whole history when something is missing (versions from before this app, a changed algorithm).
"""

import json
import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from reversion.models import Version

from authorship.attribution import Attribution, attribute
from authorship.models import ALGORITHM, RecipeAuthorship, VersionAuthorship
from recipes.models import Recipe, RevisionInfo

logger = logging.getLogger(__name__)


def version_source(version, *, info=None, user_id=None, fields=None) -> str:
    """The edition a version's text came from, or "" when a person wrote it.

    A version is credited to its source when it was imported, or when no person saved it
    (the demo book, a script). The label is the edition's, when the revision names one
    (``RevisionInfo.source_edition``), else the
    recipe's own "Quelle" field of that version, else "Quelle".
    """
    kind = getattr(info, "kind", None)
    # An import or a merge with an edition brings in the edition's words, whoever ran it.
    if kind not in (RevisionInfo.Kind.IMPORT, RevisionInfo.Kind.MERGE) and user_id is not None:
        return ""
    edition = getattr(info, "source_edition", "")  # the edition's provenance (editions.importing)
    if edition:
        return edition[:120]
    if fields is None:
        fields = version.field_dict
    return (fields.get("source_edition") or "").strip()[:120] or "Quelle"


def _fields(version) -> dict:
    """The stored fields of a version; read straight from its JSON, which is much faster than
    django-reversion's deserialisation (a rebuild reads every version)."""
    if version.format == "json":
        try:
            return json.loads(version.serialized_data)[0]["fields"]
        except (ValueError, LookupError, TypeError):
            pass
    return version.field_dict


def _recipe_versions(recipe_id):
    content_type = ContentType.objects.get_for_model(Recipe)
    return Version.objects.filter(content_type=content_type, object_id=str(recipe_id))


def _row(version, recipe_id, attribution, fields, info, user_id):
    return VersionAuthorship(
        version=version, recipe_id=recipe_id, runs=attribution.runs, algorithm=ALGORITHM,
        source=version_source(version, info=info, user_id=user_id, fields=fields),
    )


@transaction.atomic
def authorship_rebuild(*, recipe_id: int) -> int:
    """Attribute every version of a recipe from its first; returns how many were attributed."""
    versions = list(
        _recipe_versions(recipe_id).select_related("revision__info").order_by("pk")
    )
    memory: dict = {}
    previous = None
    rows = []
    for version in versions:
        fields = _fields(version)
        previous = attribute(fields.get("body") or "", version.pk, previous, memory)
        rows.append(_row(version, recipe_id, previous, fields, getattr(version.revision, "info", None),
                         version.revision.user_id))
    VersionAuthorship.objects.filter(recipe_id=recipe_id).delete()
    VersionAuthorship.objects.bulk_create(rows, batch_size=200)
    if versions:
        RecipeAuthorship.objects.update_or_create(
            recipe_id=recipe_id,
            defaults={"version_id": versions[-1].pk, "memory": memory, "algorithm": ALGORITHM},
        )
    return len(versions)


@transaction.atomic
def authorship_attribute(*, version: Version) -> VersionAuthorship:
    """Attribute a recipe's newest version from the one before it (a full rebuild when the
    stored state does not end at the one before it)."""
    recipe_id = int(version.object_id)
    state = RecipeAuthorship.objects.select_for_update().filter(recipe_id=recipe_id).first()
    previous_id = (
        _recipe_versions(recipe_id).filter(pk__lt=version.pk).order_by("-pk")
        .values_list("pk", flat=True).first()
    )
    previous = None
    if previous_id is not None:
        stored = (
            VersionAuthorship.objects.select_related("version")
            .filter(version_id=previous_id, algorithm=ALGORITHM).first()
        )
        if state is None or state.version_id != previous_id or state.algorithm != ALGORITHM \
                or stored is None:
            authorship_rebuild(recipe_id=recipe_id)
            return VersionAuthorship.objects.get(version=version)
        try:
            previous = Attribution.from_runs(_fields(stored.version).get("body") or "", stored.runs)
        except ValueError:
            authorship_rebuild(recipe_id=recipe_id)
            return VersionAuthorship.objects.get(version=version)
    memory = state.memory if state is not None else {}
    fields = _fields(version)
    attribution = attribute(fields.get("body") or "", version.pk, previous, memory)
    revision = version.revision
    row = _row(version, recipe_id, attribution, fields, getattr(revision, "info", None), revision.user_id)
    VersionAuthorship.objects.filter(version=version).delete()
    row.save(force_insert=True)
    RecipeAuthorship.objects.update_or_create(
        recipe_id=recipe_id,
        defaults={"version_id": version.pk, "memory": memory, "algorithm": ALGORITHM},
    )
    return row


def on_revision_commit(sender, revision, versions, **kwargs):
    """django-reversion's post_revision_commit: attribute each new recipe version.

    A side effect only: if it fails, the save stands and the authorship page rebuilds the
    attribution from the history when it is next read.
    """
    content_type = ContentType.objects.get_for_model(Recipe)
    for version in versions:
        if version.content_type_id != content_type.pk:
            continue
        try:
            with transaction.atomic():
                authorship_attribute(version=version)
        except Exception:  # noqa: BLE001 – never let the margin notes break an edit
            logger.exception("Autorschaft der Fassung %s nicht berechnet", version.pk)

"""Recent changes across the book ("Letzte Änderungen"), for the page and the Atom feeds.

Apps above recipes add versions of their own versioned models to the book-wide list through
``register_change_kind`` in their AppConfig.ready() (practice: the Erfahrungsberichte), without
recipes importing them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from reversion.models import Version

from recipes.models import Chapter, Recipe


@dataclass(frozen=True)
class ChangeKind:
    """How another app's versions appear: ``visible_ids()`` is a queryset of the primary keys
    readers may see (a subquery), ``label(version)`` and ``url(version)`` work without queries."""

    model: type
    visible_ids: Callable
    label: Callable
    url: Callable


_kinds: dict[str, ChangeKind] = {}


def register_change_kind(kind: ChangeKind) -> None:
    _kinds[kind.model._meta.label_lower] = kind


def _kind_of(version):
    content_type = version.content_type
    return _kinds.get(f"{content_type.app_label}.{content_type.model}")


@dataclass
class Change:
    version: Version

    @property
    def fields(self):
        return self.version.field_dict

    @property
    def is_recipe(self):
        return self.version.content_type.model == "recipe"

    @property
    def label(self):
        kind = _kind_of(self.version)
        if kind is not None:
            return kind.label(self.version)
        fields = self.fields
        if self.is_recipe:
            return f"{fields['number']} {fields['title']}"
        return f"Kapitel {fields['number']}: {fields['title']} (Einleitung)"

    @property
    def url(self):
        kind = _kind_of(self.version)
        if kind is not None:
            return kind.url(self.version)
        name = "recipe_version" if self.is_recipe else "chapter_version"
        return reverse(name, args=[self.fields["slug"], self.version.pk])

    @property
    def revision(self):
        return self.version.revision

    @property
    def author_label(self):
        """Who wrote it: the edition for imported text, else the person (or "System")."""
        info = getattr(self.revision, "info", None)
        if info is not None and info.source_edition:
            return f"{info.source_label} ({info.provenance(self.revision.user)})"
        return self.revision.user.public_name if self.revision.user else "System"


def recent_changes(*, chapter: Chapter | None = None, limit: int = 50) -> list[Change]:
    """The newest versions of recipes and chapter intros, optionally of one chapter only."""
    types = ContentType.objects.get_for_models(Recipe, Chapter)
    recipe_type, chapter_type = types[Recipe], types[Chapter]
    versions = Version.objects.filter(content_type__in=[recipe_type, chapter_type])
    if chapter is None and _kinds:  # the other apps' versions: only in the book-wide list
        others = ContentType.objects.get_for_models(*[kind.model for kind in _kinds.values()])
        for model, content_type in others.items():
            visible = _kinds[model._meta.label_lower].visible_ids()
            versions = versions | Version.objects.filter(
                content_type=content_type,
                object_id__in=visible.annotate(key=Cast("pk", CharField())).values("key"))
    if chapter is not None:
        recipe_ids = [str(pk) for pk in chapter.recipes.values_list("pk", flat=True)]
        versions = versions.filter(
            Q(content_type=recipe_type, object_id__in=recipe_ids)
            | Q(content_type=chapter_type, object_id=str(chapter.pk))
        )
    versions = versions.select_related(
        "content_type", "revision__user", "revision__info__approved_by"
    ).order_by("-pk")[:limit]
    return [Change(version) for version in versions]

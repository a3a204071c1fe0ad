"""Reading attribution for pages: a version's words with their authors in two queries."""

from dataclasses import dataclass, field
from datetime import datetime

from django.http import Http404
from reversion.models import Version

from authorship.attribution import Attribution
from authorship.models import ALGORITHM, VersionAuthorship
from authorship.services import _fields, authorship_rebuild


@dataclass
class Author:
    """A person (with the Kommune they chose to show) or a source edition ("Ausgabe 2016")."""

    key: str
    name: str
    user: object = None
    kommune: str = ""
    number: int = 0  # place in the list of a page, 1 for the largest share
    words: int = 0
    versions: list = field(default_factory=list)

    @property
    def is_source(self):
        return self.user is None

    @property
    def style(self):
        """One of four underline styles, so neighbouring authors differ without colour."""
        return (self.number - 1) % 4

    @property
    def first_origin(self):
        return self.versions[0] if self.versions else None

    @property
    def label(self):
        return f"{self.name} ({self.kommune})" if self.kommune else self.name


@dataclass
class Origin:
    version_id: int
    author: Author
    created_at: datetime | None


@dataclass
class VersionAuthors:
    """One version of a recipe, who wrote each of its words and the list of its authors."""

    version: Version
    attribution: Attribution
    origins: dict[int, Origin]
    authors: list[Author]

    def author_of(self, origin_id) -> Author:
        return self.origins[origin_id].author

    @property
    def persons(self):
        return [author for author in self.authors if not author.is_source]

    @property
    def sources(self):
        return [author for author in self.authors if author.is_source]

    @property
    def kommunen(self):
        return sorted({author.kommune for author in self.persons if author.kommune})


def _author_for(stored: VersionAuthorship, cache: dict) -> Author:
    user = stored.version.revision.user
    if stored.source or user is None:
        key = f"s:{stored.source or 'Quelle'}"
        return cache.setdefault(key, Author(key=key, name=stored.source or "Quelle"))
    key = f"u:{user.pk}"
    kommune = user.institution if user.show_institution and user.institution else ""
    return cache.setdefault(key, Author(key=key, name=str(user.public_name), user=user, kommune=kommune))


def _stored_version(recipe, version_id):
    versions = Version.objects.get_for_object(recipe).select_related("authorship", "revision__user")
    version = versions.filter(pk=version_id).first() if version_id else versions.first()
    if version is None:
        raise Http404("Diese Fassung gibt es nicht.")
    stored = getattr(version, "authorship", None)
    if stored is None or stored.algorithm != ALGORITHM:
        # Versions from before the attribution existed, or after a change of the algorithm.
        authorship_rebuild(recipe_id=recipe.pk)
        version = versions.get(pk=version.pk)
    return version


def recipe_authors(recipe, version_id=None) -> VersionAuthors:
    """Who wrote each word of a version of ``recipe`` (its newest when ``version_id`` is None)."""
    version = _stored_version(recipe, version_id)
    stored = version.authorship
    attribution = Attribution.from_runs(_fields(version).get("body") or "", stored.runs)
    rows = (
        VersionAuthorship.objects.filter(version_id__in=stored.origin_ids)
        .select_related("version__revision__user")
        .defer("runs", "version__serialized_data", "version__object_repr")
    )
    cache: dict = {}
    origins = {
        row.version_id: Origin(row.version_id, _author_for(row, cache), row.version.revision.date_created)
        for row in rows
    }
    for origin_id in stored.origin_ids:
        if origin_id not in origins:  # cannot happen while versions are never deleted
            unknown = cache.setdefault("?", Author(key="?", name="Unbekannt"))
            origins[origin_id] = Origin(origin_id, unknown, None)
    for origin_id, count in attribution.share().items():
        author = origins[origin_id].author
        author.words += count
    for origin in sorted(origins.values(), key=lambda o: o.version_id):
        origin.author.versions.append(origin)
    authors = sorted({id(o.author): o.author for o in origins.values()}.values(),
                     key=lambda a: (-a.words, a.name))
    authors = [author for author in authors if author.words]
    for number, author in enumerate(authors, start=1):
        author.number = number
    return VersionAuthors(version, attribution, origins, authors)

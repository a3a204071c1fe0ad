"""The search form's filter choices (chapters, tags, editions), loaded once per content generation.

Why: the three lists cost three queries and about a hundred model objects per search, and their
``<option>`` elements a template loop of a hundred rounds (together about a third of a search's
CPU time, bench/load.py). They change rarely, so each process keeps them, with their options
rendered, for the current content generation of the page cache (``kochbuch.pagecache``). A
chapter is saved through ``chapter_saved`` (which moves the generation on); tags and editions
are saved or deleted without such a signal (the admin, an import), so ``search.receivers``
moves the generation on for them.

The options are escaped here once; only the ``selected`` mark is added per request.
"""

import threading
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from editions.models import Edition
from kochbuch import pagecache
from recipes.models import Chapter, Tag


@dataclass(frozen=True)
class ChapterChoice:
    pk: int
    number: int
    title: str

    def __str__(self):
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class TagChoice:
    pk: int
    kind: str
    name: str
    slug: str

    @property
    def value(self) -> str:
        """How the form's address names the tag: "thema:prozesse"."""
        return f"{self.kind}:{self.slug}"

    @property
    def kind_label(self) -> str:
        return Tag.Kind(self.kind).label


@dataclass(frozen=True)
class EditionChoice:
    pk: int
    name: str
    slug: str


class Options:
    """The ``<option>`` elements of one select box, each rendered once, with and without
    ``selected``."""

    def __init__(self, pairs):
        self._options = [
            (value, f'<option value="{escape(value)}">{escape(label)}</option>',
             f'<option value="{escape(value)}" selected>{escape(label)}</option>')
            for value, label in pairs
        ]

    def __bool__(self):
        return bool(self._options)

    def html(self, selected=None) -> SafeString:
        return mark_safe("".join(  # nosec B308 B703 (every value and label escaped above)
            chosen if value == selected else plain for value, plain, chosen in self._options))


@dataclass(frozen=True)
class Choices:
    chapters: list[ChapterChoice]
    themen: list[TagChoice]
    stichworte: list[TagChoice]
    editions: list[EditionChoice]
    chapter_options: Options
    thema_options: Options
    stichwort_options: Options
    edition_options: Options

    # Look-ups by the values in the address, for the form (a scan of the lists per request cost
    # a few hundred comparisons).
    chapter_by_number: dict = field(default_factory=dict)
    tag_by_value: dict = field(default_factory=dict)
    edition_by_slug: dict = field(default_factory=dict)


def _load() -> Choices:
    chapters = [ChapterChoice(*row) for row in Chapter.objects.in_order().values_list("pk", "number", "title")]
    tags = [TagChoice(*row) for row in Tag.objects.values_list("pk", "kind", "name", "slug")]
    editions = [EditionChoice(*row) for row in Edition.objects.values_list("pk", "name", "slug")]
    themen = [tag for tag in tags if tag.kind == Tag.Kind.THEMA]
    stichworte = [tag for tag in tags if tag.kind == Tag.Kind.STICHWORT]
    return Choices(
        chapters=chapters, themen=themen, stichworte=stichworte, editions=editions,
        chapter_options=Options((str(chapter.number), str(chapter)) for chapter in chapters),
        thema_options=Options((tag.value, tag.name) for tag in themen),
        stichwort_options=Options((tag.value, tag.name) for tag in stichworte),
        edition_options=Options((edition.slug, edition.name) for edition in editions),
        chapter_by_number={chapter.number: chapter for chapter in chapters},
        tag_by_value={tag.value: tag for tag in tags},
        edition_by_slug={edition.slug: edition for edition in editions},
    )


class _Memo:
    """This process's choices of one generation (a newer generation replaces them)."""

    def __init__(self):
        self.lock = threading.Lock()  # gunicorn's gthread workers serve requests in threads
        self.generation, self.choices = None, None

    def get(self, generation) -> Choices:
        if generation is None:  # the cache is unreachable: nothing can tell when they change
            return _load()
        with self.lock:
            if generation == self.generation:
                return self.choices
        choices = _load()
        with self.lock:
            if self.generation is None or generation >= self.generation:
                self.generation, self.choices = generation, choices
        return choices


_memo = _Memo()


def search_choices(generation=None) -> Choices:
    """The current chapters, tags and editions, as the search form offers them; ``generation``:
    the content generation, when the request has read it already."""
    return _memo.get(pagecache.generation() if generation is None else generation)

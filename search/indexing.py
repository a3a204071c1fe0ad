"""Keeping the search index current.

``index_recipe`` is called by ``recipes.services.recipe_save`` after each new version,
``index_chapter`` by ``chapter_save``, and
``index_comment`` by the comment services when a text is written, edited or deleted. Both
run inside the caller's transaction, so the index never shows a text that was rolled back.
Whether a comment is a hit depends on its live status (checked when searching), so hiding,
restoring or approving one needs no re-indexing. Erfahrungsberichte (practice) likewise:
``index_practice_report`` follows practice's ``report_changed``; hidden ones are left out live.

The texts of an edition are frozen reversion versions: they are indexed once, the first time
someone searches that edition (``edition_ensure_indexed``), or by ``rebuild_search_index``.
"""

import html
import re
import threading
import time
import unicodedata

import markdown
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.utils.html import strip_tags
from reversion.models import Version

from comments.models import Comment
from editions.models import EditionVersion
from kochbuch.pagecache import content_changed
from practice.models import PracticeReport
from recipes.markdown_guard import markdown_problems
from recipes.models import Chapter, Recipe, Tag
from recipes.numbering import is_valid_number
from recipes.numbering import sort_key as number_sort_key
from recipes.wikilinks import WIKILINK_RE
from search import german
from search.models import SearchDocument, SearchTerm

_WIKILINK = re.compile(WIKILINK_RE)
_HEADING_END = re.compile(r"</h[1-6]>")
_BATCH = 500


_local = threading.local()


def _markdown():
    """One Markdown converter per thread (building one costs more than converting a recipe)."""
    if not hasattr(_local, "markdown"):
        _local.markdown = markdown.Markdown(
            extensions=["tables", "footnotes", "def_list", "abbr", "sane_lists"]
        )
    return _local.markdown.reset()


def plain_text(source: str) -> str:
    """The readable text of a Markdown source, for snippets: no markup, one space between words.

    Wiki links become their label (or target), so "[[7.1.3|Eingang]]" reads "Eingang". The
    result is still user text: it is escaped wherever it is shown.
    """
    if markdown_problems(source or ""):
        # A shape that would stall Markdown (see recipes.markdown_guard; stored before the
        # forms refused it, or imported): the raw text is what the page shows, too.
        return unicodedata.normalize("NFC", re.sub(r"\s+", " ", source).strip())
    source = _WIKILINK.sub(lambda m: (m.group(2) or m.group(1)).strip(), source or "")
    rendered = _markdown().convert(source)
    # A heading ends like a sentence, so a snippet does not run it into the next paragraph
    # ("Posteingang – Der Posteingang wird …", not "Posteingang Der Posteingang wird …").
    rendered = _HEADING_END.sub(" – ", rendered)
    text = html.unescape(strip_tags(rendered))
    text = re.sub(r"\s+", " ", text).strip().removesuffix(" –")  # a heading at the very end
    return unicodedata.normalize("NFC", text)


_LEXICON_TRIES = 5
_DEADLOCK = "40P01"  # PostgreSQL's deadlock_detected


def _fill(document, *, number, title, body, tag_names=()):
    document.number = number or ""
    document.sort_key = number_sort_key(number) if is_valid_number(number or "") else ""
    document.title = title or ""
    document.text = plain_text(body)
    title_words = german.words(f"{document.number} {document.title}")
    # Tags are searchable words of the text too ("Prozesse" finds what is tagged so).
    body_words = german.words(" ".join([document.text, *tag_names]))
    document.title_terms = " ".join(filter(None, map(german.stem, title_words)))
    document.body_terms = " ".join(filter(None, map(german.stem, body_words)))
    # The words as written, for the lexicon (a compound's first part must be a real word).
    document.lexicon_words = set(map(german.fold, set(title_words) | set(body_words)))
    return document


def terms_remember(documents):
    """Add the terms and words of ``documents`` to the lexicon (``SearchTerm``).

    Only what the lexicon lacks is written, so a writer locks few rows. Two writers adding
    overlapping new words can still lock them in different orders (terms, then words) and
    deadlock (found by bench/soak.py); PostgreSQL then cancels one: that one rolls back just
    this step (a savepoint) and tries again once the other is through.
    """
    found_terms, found_words = set(), set()
    for document in documents:
        found_terms.update(document.title_terms.split())
        found_terms.update(document.body_terms.split())
        found_words.update(getattr(document, "lexicon_words", ()))

    def upsert(values, flag):
        values = sorted(value for value in values
                        if 2 <= len(value) <= german.MAX_TERM_CHARS and not value.isdigit())
        known = set(SearchTerm.objects.filter(term__in=values, **{flag: True}).values_list("term", flat=True))
        rows = [SearchTerm(term=value, reversed_term=value[::-1], **{flag: True})
                for value in values if value not in known]
        if rows:
            SearchTerm.objects.bulk_create(rows, batch_size=_BATCH, update_conflicts=True,
                                           unique_fields=["term"], update_fields=[flag])

    for attempt in range(_LEXICON_TRIES):
        try:
            with transaction.atomic():
                upsert(found_terms, "is_term")
                upsert(found_words, "is_word")
            return
        except OperationalError as error:
            if getattr(error.__cause__, "pgcode", None) != _DEADLOCK or attempt == _LEXICON_TRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


@transaction.atomic
def index_recipe(recipe: Recipe) -> SearchDocument:
    """Index the recipe's current text, title, number, chapter and tags (replacing the old entry)."""
    tags = list(recipe.tags.all())
    document = (
        SearchDocument.objects.filter(kind=SearchDocument.Kind.RECIPE, recipe=recipe, version=None).first()
        or SearchDocument(kind=SearchDocument.Kind.RECIPE, recipe=recipe)
    )
    document.chapter_id = recipe.chapter_id
    _fill(document, number=recipe.number, title=recipe.title, body=recipe.body,
          tag_names=[tag.name for tag in tags])
    document.save()
    document.tags.set(tags)
    terms_remember([document])
    return document


def _chapter_document(chapter, document=None):
    """A chapter's introduction is part of the book's text: a hit leads to the chapter page.
    (Subtitle and reading hint are left out: they repeat what the chapter's recipes say.)"""
    document = document or SearchDocument(kind=SearchDocument.Kind.RECIPE, recipe=None, chapter=chapter)
    return _fill(document, number=str(chapter.number), title=chapter.title,
                 body=chapter.intro)


def _chapter_documents():
    return SearchDocument.objects.filter(kind=SearchDocument.Kind.RECIPE, recipe=None, version=None)


@transaction.atomic
def index_chapter(chapter: Chapter) -> SearchDocument:
    """Index the chapter's title and introduction (replacing the old entry)."""
    document = _chapter_document(chapter, _chapter_documents().filter(chapter=chapter).first())
    document.save()
    terms_remember([document])
    return document


def _comment_document(comment, document=None):
    target = comment.recipe if comment.recipe_id else comment.chapter
    document = document or SearchDocument(kind=SearchDocument.Kind.COMMENT, comment=comment)
    document.recipe_id = comment.recipe_id
    document.chapter_id = target.chapter_id if comment.recipe_id else target.pk
    number = target.number if comment.recipe_id else str(target.number)
    _fill(document, number=number, title=target.title, body=comment.body)
    # A comment is found by its own words, not by the title of what it is about.
    document.title_terms = ""
    return document


PRACTICE_TEXTS = ("adaptations", "results", "figures", "lessons")


def _practice_document(report, document=None):
    """A report is found by its Kommune, its recipe's title and its own words."""
    document = document or SearchDocument(kind=SearchDocument.Kind.PRACTICE, practice_report=report)
    document.recipe_id = report.recipe_id
    document.chapter_id = report.recipe.chapter_id
    body = "\n\n".join(getattr(report, name) for name in PRACTICE_TEXTS if getattr(report, name).strip())
    return _fill(document, number=report.recipe.number,
                 title=f"{report.kommune.name}: {report.recipe.title}", body=body)


@transaction.atomic
def index_practice_report(report) -> SearchDocument:
    document = _practice_document(report, SearchDocument.objects.filter(practice_report=report).first())
    document.save()
    terms_remember([document])
    return document


@transaction.atomic
def index_comment(comment) -> SearchDocument | None:
    """Index a comment's text; a deleted (emptied) comment leaves the index."""
    existing = SearchDocument.objects.filter(comment=comment).first()
    if not comment.body.strip():
        if existing:
            existing.delete()
        return None
    document = _comment_document(comment, existing)
    document.save()
    terms_remember([document])
    return document


def _version_document(version):
    fields = version.field_dict
    return _fill(
        SearchDocument(kind=SearchDocument.Kind.RECIPE, recipe_id=int(version.object_id),
                       version=version, chapter_id=fields.get("chapter_id")),
        number=fields.get("number", ""), title=fields.get("title", ""), body=fields.get("body", ""),
    ), fields.get("tags") or []


# Recipe texts: a recipe's versions, and an imported edition's own text of a recipe (a version
# of the proxy editions.EditionRecipeText, kept beside the recipe's history).
RECIPE_TEXTS = (Q(content_type__app_label="recipes", content_type__model="recipe")
                | Q(content_type__app_label="editions", content_type__model="editionrecipetext"))


def _recipe_versions():
    return Version.objects.filter(RECIPE_TEXTS)


@transaction.atomic
def index_versions(version_ids) -> int:
    """Index frozen recipe versions (an edition's texts) that are not indexed yet."""
    version_ids = set(version_ids) - set(
        SearchDocument.objects.filter(version_id__in=version_ids).values_list("version_id", flat=True)
    )
    versions = _recipe_versions().filter(pk__in=version_ids).select_related("content_type")
    # A version may name a recipe or chapter that was deleted since: keep what still exists.
    recipe_ids = set(Recipe.objects.values_list("pk", flat=True))
    chapter_ids = set(Chapter.objects.values_list("pk", flat=True))
    tag_ids = set(Tag.objects.values_list("pk", flat=True))
    documents, tags = [], []
    for version in versions.iterator(chunk_size=_BATCH):
        document, version_tags = _version_document(version)
        if document.recipe_id not in recipe_ids:
            continue
        if document.chapter_id not in chapter_ids:
            document.chapter_id = None
        documents.append(document)
        tags.append([tag for tag in version_tags if tag in tag_ids])
    _bulk_save(documents, tags)
    return len(documents)


def edition_ensure_indexed(edition) -> int:
    """Index the texts of ``edition`` (an Edition or its id) that the index does not have yet
    (one query when none)."""
    missing = list(
        EditionVersion.objects.filter(
            edition=edition, version__in=_recipe_versions(),
        ).exclude(
            version_id__in=SearchDocument.objects.filter(version__isnull=False).values("version_id")
        ).values_list("version_id", flat=True)
    )
    return index_versions(missing) if missing else 0


def index_edition(edition) -> int:
    """For the edition services: index a (new) edition's texts right away."""
    return edition_ensure_indexed(edition)


def _bulk_save(documents, tag_ids):
    through = SearchDocument.tags.through
    for start in range(0, len(documents), _BATCH):
        batch = documents[start:start + _BATCH]
        # bulk_create only returns primary keys on PostgreSQL and SQLite ≥ 3.35: both are needed.
        SearchDocument.objects.bulk_create(batch)
        through.objects.bulk_create([
            through(searchdocument_id=document.pk, tag_id=tag_id)
            for document, tags in zip(batch, tag_ids[start:start + _BATCH]) for tag_id in tags
        ])
    terms_remember(documents)


@transaction.atomic
def index_rebuild() -> dict:
    """Throw the index away and build it again from the database: every recipe's current
    text, every chapter introduction, every comment, every Erfahrungsbericht and every edition's texts. Also trims the lexicon of known terms."""
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    counts = {}

    documents, tags = [], []
    recipes = Recipe.objects.prefetch_related("tags").order_by("pk")
    for recipe in recipes.iterator(chunk_size=_BATCH):
        recipe_tags = list(recipe.tags.all())
        documents.append(_fill(
            SearchDocument(kind=SearchDocument.Kind.RECIPE, recipe=recipe, chapter_id=recipe.chapter_id),
            number=recipe.number, title=recipe.title, body=recipe.body,
            tag_names=[tag.name for tag in recipe_tags],
        ))
        tags.append([tag.pk for tag in recipe_tags])
    _bulk_save(documents, tags)
    counts["recipes"] = len(documents)

    documents = [_chapter_document(chapter) for chapter in Chapter.objects.order_by("pk")]
    _bulk_save(documents, [[] for _ in documents])
    counts["chapters"] = len(documents)

    comments = Comment.objects.exclude(body="").select_related("recipe", "chapter").order_by("pk")
    documents = [_comment_document(comment) for comment in comments.iterator(chunk_size=_BATCH)]
    _bulk_save(documents, [[] for _ in documents])
    counts["comments"] = len(documents)

    reports = PracticeReport.objects.select_related("recipe", "kommune").order_by("pk")
    documents = [_practice_document(report) for report in reports.iterator(chunk_size=_BATCH)]
    _bulk_save(documents, [[] for _ in documents])
    counts["practice_reports"] = len(documents)

    counts["edition_texts"] = index_versions(
        EditionVersion.objects.values_list("version_id", flat=True).distinct()
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    content_changed()  # cached results pages (search.views) were built on the old index
    return counts

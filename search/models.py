"""What the search index holds: one document per searchable text, and the known terms.

The full-text index itself is database-specific and lives outside Django's model layer
(created by migration 0002): an FTS5 table kept in step by triggers on SQLite, a stored,
generated ``tsvector`` column with a GIN index on PostgreSQL. Both index the same
pre-stemmed ``title_terms`` and ``body_terms`` (``search.german``), so both databases find
the same documents.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from comments.models import Comment
from practice.models import PracticeReport
from recipes.models import Chapter, Recipe, Tag


class SearchDocument(models.Model):
    """One searchable text: a recipe as it is now, a recipe as an edition froze it, a comment, or
    an Erfahrungsbericht (practice)."""

    class Kind(models.TextChoices):
        RECIPE = "recipe", _("Rezept")
        COMMENT = "comment", _("Kommentar")
        PRACTICE = "practice", _("Erfahrungsbericht")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipe = models.ForeignKey(Recipe, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Set for the text of an edition: the frozen reversion version (null: the current text).
    version = models.ForeignKey(
        "reversion.Version", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    practice_report = models.ForeignKey(PracticeReport, null=True, blank=True, on_delete=models.CASCADE,
                                        related_name="+")
    chapter = models.ForeignKey(Chapter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    number = models.CharField(max_length=20, blank=True)
    sort_key = models.CharField(max_length=60, blank=True)
    title = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)  # plain text (Markdown removed), for the snippets
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="+")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipe"], condition=models.Q(kind="recipe", version__isnull=True),
                name="search_one_current_doc_per_recipe",
            ),
            models.UniqueConstraint(
                fields=["version"], condition=models.Q(version__isnull=False),
                name="search_one_doc_per_version",
            ),
            models.UniqueConstraint(
                fields=["comment"], condition=models.Q(comment__isnull=False),
                name="search_one_doc_per_comment",
            ),
            models.UniqueConstraint(
                fields=["practice_report"], condition=models.Q(practice_report__isnull=False),
                name="search_one_doc_per_practice_report",
            ),
        ]
        verbose_name = _("Suchdokument")
        verbose_name_plural = _("Suchdokumente")

    def __str__(self):
        return f"{self.get_kind_display()} {self.number} {self.title}".strip()


class SearchTerm(models.Model):
    """A term or folded word that occurs (or occurred) in the index: the lexicon for
    compound parts and typos.

    It only grows while the site runs, so a term whose last use was edited away can linger
    until ``rebuild_search_index``; that only costs an expansion that finds nothing.
    """

    term = models.CharField(max_length=60, primary_key=True)
    # The term backwards, so "which terms end in …" is a prefix lookup an index can answer.
    reversed_term = models.CharField(max_length=60, db_index=True)
    # An index term (a stem: "verwalt") and/or a whole word as written, folded ("verwaltung").
    is_term = models.BooleanField(default=False)
    is_word = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Suchbegriff")
        verbose_name_plural = _("Suchbegriffe")

    def __str__(self):
        return self.term

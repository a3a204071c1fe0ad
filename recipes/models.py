import reversion
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kochbuch.links import link
from recipes.numbering import pages_label, parent_number, sort_key


class ChapterQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("order", "number")


class Chapter(models.Model):
    """One of the book's chapters: a cooking metaphor title and an e-government subtitle."""

    number = models.PositiveSmallIntegerField(_("Nummer"), unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    title = models.CharField(_("Titel"), max_length=200, help_text=_("z. B. „Die Gerichte“"))
    subtitle = models.CharField(
        _("Untertitel"), max_length=200, blank=True,
        help_text=_("z. B. „E-Government-Vorhaben praktisch“"),
    )
    teaser = models.CharField(
        _("Lesehinweis"), max_length=400, blank=True,
        help_text=_("„Lesen Sie dieses Kapitel, wenn Sie …“"),
    )
    intro = models.TextField(_("Einleitung (Markdown)"), blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    page_start = models.PositiveSmallIntegerField(_("erste Druckseite"), null=True, blank=True)
    page_end = models.PositiveSmallIntegerField(_("letzte Druckseite"), null=True, blank=True)

    objects = ChapterQuerySet.as_manager()

    class Meta:
        ordering = ["order", "number"]
        verbose_name = _("Kapitel")
        verbose_name_plural = _("Kapitel")

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return link("chapter_detail", self.slug)


class Tag(models.Model):
    """A "Thema" (broad topic) or "Stichwort" (keyword), as the 2016 Praxisdialog grouped them."""

    class Kind(models.TextChoices):
        THEMA = "thema", _("Thema")
        STICHWORT = "stichwort", _("Stichwort")

    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("Name"), max_length=80)
    slug = models.SlugField(_("Kurzname"), max_length=90)

    class Meta:
        ordering = ["-kind", "name"]  # "Thema" before "Stichwort", then alphabetical
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="tag_unique_per_kind"),
        ]
        verbose_name = _("Schlagwort")
        verbose_name_plural = _("Schlagwörter")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("tag_detail", self.kind, self.slug)


class RecipeQuerySet(models.QuerySet):
    def in_reading_order(self):
        return self.order_by("sort_key")

    def for_listing(self):
        """What a table of contents needs, without the (long) bodies."""
        return self.defer("body").in_reading_order()


class Recipe(models.Model):
    """One section of the book (2.1, 7.1.4 …): a versioned Markdown text."""

    chapter = models.ForeignKey(
        Chapter, on_delete=models.PROTECT, related_name="recipes", verbose_name=_("Kapitel")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("übergeordnetes Rezept"),
    )
    number = models.CharField(_("Nummer"), max_length=20, unique=True, help_text=_("z. B. 7.1.3"))
    # Derived from ``number`` by the service so the database can sort in reading order
    # ("7.1.10" after "7.1.9").
    sort_key = models.CharField(max_length=60, db_index=True, editable=False)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    body = models.TextField(_("Text (Markdown)"), blank=True)
    page_start = models.PositiveSmallIntegerField(_("erste Druckseite"), null=True, blank=True)
    page_end = models.PositiveSmallIntegerField(_("letzte Druckseite"), null=True, blank=True)
    source_edition = models.CharField(_("Quelle (Ausgabe)"), max_length=80, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="recipes", verbose_name=_("Schlagwörter"))
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = RecipeQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("Rezept")
        verbose_name_plural = _("Rezepte")

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return link("recipe_detail", self.slug)

    @property
    def level(self):
        """2 for a section (7.1), 3 for a subsection (7.1.3); chapters are level 1."""
        return self.number.count(".") + 1

    @property
    def pages_label(self):
        return pages_label(self.page_start, self.page_end)

    def derive_ordering_fields(self):
        self.sort_key = sort_key(self.number)

    @property
    def expected_parent_number(self):
        return parent_number(self.number)


class RecipeAlias(models.Model):
    """An old slug or number of a recipe, so links and citations keep working after a change."""

    recipe = models.ForeignKey(Recipe, on_delete=models.CASCADE, related_name="aliases")
    slug = models.SlugField(max_length=120, blank=True, db_index=True)
    number = models.CharField(max_length=20, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.slug or self.number


class ChapterAlias(models.Model):
    """An old slug of a chapter."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="aliases")
    slug = models.SlugField(max_length=120, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.slug


CHAPTER_VERSION_FIELDS = [
    "number", "slug", "title", "subtitle", "teaser", "intro", "order", "page_start", "page_end",
]
RECIPE_VERSION_FIELDS = [
    "chapter", "parent", "number", "slug", "title", "body", "page_start", "page_end", "source_edition", "tags",
]
reversion.register(Chapter, fields=CHAPTER_VERSION_FIELDS)
reversion.register(Recipe, fields=RECIPE_VERSION_FIELDS)



class WatchQuerySet(models.QuerySet):
    def of_recipe(self, recipe):
        """Watches that cover ``recipe``: on the recipe itself or on its chapter."""
        return self.filter(models.Q(recipe=recipe) | models.Q(chapter_id=recipe.chapter_id))


class Watch(models.Model):
    """A person follows a recipe or a whole chapter and hears by e-mail when it changes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches")
    recipe = models.ForeignKey(Recipe, null=True, blank=True, on_delete=models.CASCADE, related_name="watches")
    chapter = models.ForeignKey(Chapter, null=True, blank=True, on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WatchQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipe__isnull=False, chapter__isnull=True)
                | models.Q(recipe__isnull=True, chapter__isnull=False),
                name="watch_recipe_xor_chapter",
            ),
            models.UniqueConstraint(fields=["user", "recipe"], name="watch_unique_recipe"),
            models.UniqueConstraint(fields=["user", "chapter"], name="watch_unique_chapter"),
        ]
        verbose_name = _("Beobachtung")
        verbose_name_plural = _("Beobachtungen")

    def __str__(self):
        return f"{self.user} → {self.recipe or self.chapter}"


class RevisionInfo(models.Model):
    """What django-reversion does not record: the kind of change and who approved it.

    Attached to every revision by the services with ``reversion.add_meta``.
    """

    class Kind(models.TextChoices):
        EDIT = "edit", _("Bearbeitung")
        PROPOSAL = "proposal", _("übernommener Vorschlag")
        REVERT = "revert", _("Wiederherstellung")
        IMPORT = "import", _("Import")
        MERGE = "merge", _("mit einer Ausgabe zusammengeführt")  # site edits + an edition's changes
        DEMO = "demo", _("Demo-Text")  # placeholder text of the demo book; an import replaces it

    revision = models.OneToOneField(
        "reversion.Revision", on_delete=models.CASCADE, related_name="info"
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.EDIT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("freigegeben von"),
    )
    proposal_url = models.CharField(_("Vorschlag"), max_length=200, blank=True)
    # Text taken from an edition is written by that edition, not by the person who imported it
    # (the revision's user); e.g. "Ausgabe 2016" and "Bundesministerium des Innern".
    source_edition = models.CharField(_("aus Ausgabe"), max_length=80, blank=True)
    # For a proposal taken in part: which of its passages ("Stellen 1 und 3 von 4").
    passages = models.CharField(_("übernommene Stellen"), max_length=200, blank=True)
    source_publisher = models.CharField(_("Herausgeber der Ausgabe"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("Versionsangabe")
        verbose_name_plural = _("Versionsangaben")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.revision_id})"

    @property
    def source_label(self):
        """The author of text from an edition: "Ausgabe 2016 · Bundesministerium des Innern"."""
        return " · ".join(part for part in (self.source_edition, self.source_publisher) if part)

    def provenance(self, importer=None):
        """ "aus Ausgabe 2016 übernommen, importiert von …" (empty for text written on the site)."""
        if not self.source_edition:
            return ""
        text = f"aus {self.source_edition} übernommen"
        name = getattr(importer, "public_name", None)
        return f"{text}, importiert von {name}" if name else text

import reversion
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from recipes.models import CHAPTER_VERSION_FIELDS, RECIPE_VERSION_FIELDS, Chapter, Recipe


class Edition(models.Model):
    """A frozen, citable state of the whole book, e.g. "Ausgabe 2016" (the import) or later ones.

    The snapshot is the set of reversion versions (one per recipe and chapter) in
    ``EditionVersion``: reading an edition never depends on what changed since.
    """

    name = models.CharField(_("Name"), max_length=80, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=40, unique=True, help_text=_("z. B. 2016"))
    date = models.DateField(_("Datum"))
    note = models.TextField(_("Redaktionelle Anmerkung (Markdown)"), blank=True)
    # Whether the print PDF and the Markdown ZIP close each chapter with the Erfahrungsberichte
    # on its recipes (editions/appendices.py), as they stand when the file is made. The
    # Redaktion chooses it when publishing; imported editions (the 2016 book) have none.
    with_reports = models.BooleanField(_("Erfahrungsberichte je Kapitel in Druckfassung und ZIP"),
                                       default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    versions = models.ManyToManyField("reversion.Version", through="EditionVersion", related_name="editions")

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("Ausgabe")
        verbose_name_plural = _("Ausgaben")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("edition_detail", args=[self.slug])

    @property
    def reading_label(self):
        """For sentences like "Sie lesen die Ausgabe 2016": the name with its article."""
        if self.name.startswith("Ausgabe "):
            return f"die {self.name}"
        return f"die Ausgabe „{self.name}“"


class EditionVersion(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE)
    version = models.ForeignKey("reversion.Version", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "version"], name="edition_version_unique"),
        ]


class ImportJob(models.Model):
    """An uploaded edition on its way in: parsed in the background, previewed, then imported."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("wartet")
        PARSING = "parsing", _("wird gelesen")
        PREVIEW = "preview", _("Vorschau bereit")
        IMPORTING = "importing", _("wird importiert")
        DONE = "done", _("importiert")
        FAILED = "failed", _("fehlgeschlagen")
        CANCELLED = "cancelled", _("verworfen")

    class Format(models.TextChoices):
        PDF = "pdf", _("PDF")
        MARKDOWN = "markdown", _("Markdown (ZIP)")

    upload = models.FileField(_("Datei"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.PDF)
    edition_name = models.CharField(_("Name der Ausgabe"), max_length=80)
    # The edition's own date (from the PDF's metadata, or entered at upload) and who published it.
    edition_date = models.DateField(_("Datum der Ausgabe"), null=True, blank=True)
    publisher = models.CharField(_("Herausgeber"), max_length=120, blank=True,
                                 default="Bundesministerium des Innern")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    message = models.TextField(blank=True)  # German error message, for the editor
    preview = models.JSONField(null=True, blank=True)  # the parsed book (as_dict + warnings)
    report = models.JSONField(null=True, blank=True)  # what the import did
    forecast = models.JSONField(null=True, blank=True)  # what applying would do (editions.forecast)
    # Progress in words: "Seite 37 von 150 gelesen", "Rezept 12 von 86 übernommen".
    step_done = models.PositiveIntegerField(default=0)
    step_total = models.PositiveIntegerField(default=0)
    step_started_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The lease of the background worker running it (editions/leases.py).
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Import")
        verbose_name_plural = _("Importe")

    def __str__(self):
        return f"{self.original_name} → {self.edition_name}"

    def get_absolute_url(self):
        return reverse("import_detail", args=[self.pk])

    @property
    def is_running(self):
        return self.status in {self.Status.QUEUED, self.Status.PARSING, self.Status.IMPORTING}


class EditionChapterText(Chapter):
    """A chapter's text as an edition has it while the site says something else.

    Versions of this proxy (same fields as a chapter) hold an edition's own text, e.g. the
    2016 wording of a chapter the municipalities have changed since. They belong to no
    history (that is the ``Chapter`` content type), only to the snapshots that name them.
    """

    class Meta:
        proxy = True
        verbose_name = _("Kapiteltext einer Ausgabe")
        verbose_name_plural = _("Kapiteltexte von Ausgaben")


class EditionRecipeText(Recipe):
    """A recipe's text as an edition has it (see ``EditionChapterText``)."""

    class Meta:
        proxy = True
        verbose_name = _("Rezepttext einer Ausgabe")
        verbose_name_plural = _("Rezepttexte von Ausgaben")


reversion.register(EditionChapterText, fields=CHAPTER_VERSION_FIELDS)
reversion.register(EditionRecipeText, fields=RECIPE_VERSION_FIELDS)


class PrintFile(models.Model):
    """The print PDF of an edition (or, without edition, of the current state of the book).

    ``digest`` is a hash of everything the PDF is made of (the versions, the edition's data,
    the layout), so a file is reused exactly as long as it shows what the book says. PDFs are
    built in the background (``editions.print_files.build_print_pdf``), never in a web request.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("wartet")
        BUILDING = "building", _("wird erstellt")
        READY = "ready", _("fertig")
        FAILED = "failed", _("fehlgeschlagen")

    edition = models.ForeignKey(Edition, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="print_files")
    digest = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="druck/", blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)  # how long the build took
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The lease of the background worker building it (editions/leases.py).
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "digest"], name="printfile_edition_digest"),
            models.UniqueConstraint(fields=["digest"], condition=models.Q(edition__isnull=True),
                                    name="printfile_current_digest"),
        ]
        verbose_name = _("Druckfassung")
        verbose_name_plural = _("Druckfassungen")

    def __str__(self):
        return f"{self.edition or _('Aktueller Stand')} ({self.get_status_display()})"

"""Edit proposals: a change to a recipe (or a new recipe) that waits for a moderator.

Modelled on Wagtail's workflow states: a status ``TextChoices``, ``*_at`` timestamps and
``*_by`` actors, and a log of every step (``ProposalEvent``). The moves between states are
made by ``proposals.services`` only; the model just says which moves its state allows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import perm


class ProposalQuerySet(models.QuerySet):
    def waiting(self):
        """Proposals a moderator still has to decide on."""
        return self.filter(status__in=EditProposal.WAITING)

    def visible_to(self, user):
        """What ``user`` may open: their own proposals, and every proposal for reviewers."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perm("review")):
            return self
        return self.filter(author=user)

    def from_import(self):
        """Proposals an import made (written by an edition)."""
        return self.exclude(source_edition="")

    def from_people(self):
        return self.filter(source_edition="")

    def in_chapter(self, chapter):
        return self.filter(Q(recipe__chapter=chapter) | Q(chapter=chapter))

    def for_listing(self):
        """What the queue and "Meine Vorschläge" show, without the (long) texts."""
        return (
            self.select_related("author", "recipe__chapter", "chapter")
            .defer("body", "recipe__body", "recipe__chapter__intro", "chapter__intro")
        )


class EditProposal(models.Model):
    """A proposed title and body for a recipe, written on the version its author saw.

    A proposal for a new recipe has no recipe and no base version but a chapter and a number;
    once accepted it points to the recipe it created.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("wartet auf Prüfung")
        CHANGES_REQUESTED = "changes_requested", _("Überarbeitung erbeten")
        ACCEPTED = "accepted", _("übernommen")
        PARTLY_ACCEPTED = "partly_accepted", _("teilweise übernommen")
        REJECTED = "rejected", _("abgelehnt")
        WITHDRAWN = "withdrawn", _("zurückgezogen")

    WAITING = (Status.OPEN, Status.CHANGES_REQUESTED)
    # move → the states it may start from; every other move is refused by the services.
    MOVES = {
        "revise": WAITING,
        "withdraw": WAITING,
        "request_changes": (Status.OPEN,),
        "reject": WAITING,
        "accept": WAITING,
    }

    recipe = models.ForeignKey(
        "recipes.Recipe", null=True, blank=True, on_delete=models.PROTECT,
        related_name="proposals", verbose_name=_("Rezept"),
    )
    chapter = models.ForeignKey(
        "recipes.Chapter", null=True, blank=True, on_delete=models.PROTECT,
        related_name="proposals", verbose_name=_("Kapitel (neues Rezept)"),
    )
    number = models.CharField(_("Nummer (neues Rezept)"), max_length=20, blank=True)
    base_version = models.ForeignKey(
        "reversion.Version", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("Grundlage"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    body = models.TextField(_("Text (Markdown)"), blank=True)
    summary = models.TextField(_("Begründung"), max_length=1000)
    # Accounts are anonymised, not deleted (accounts.privacy); should a row go anyway, the
    # proposal stays, like comments and versions do.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="proposals",
        verbose_name=_("Autor/in"),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True,
    )
    # Size of the change against the base, kept so the queue need not diff every proposal.
    words_added = models.PositiveIntegerField(_("Wörter hinzugefügt"), default=0)
    words_removed = models.PositiveIntegerField(_("Wörter entfernt"), default=0)
    created_at = models.DateTimeField(_("eingereicht am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("entschieden von"),
    )
    decision_reason = models.TextField(_("Begründung der Entscheidung"), blank=True)
    result_version = models.ForeignKey(
        "reversion.Version", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("entstandene Fassung"),
    )
    # The comment thread the proposal grew out of: accepting the proposal marks that thread
    # "erledigt" with a link to the new version. A comment is never removed by the site, but
    # should its row go (recipe deleted in the admin), the proposal stays.
    source_comment = models.ForeignKey(
        "comments.Comment", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="proposals", verbose_name=_("aus Kommentar"),
    )
    # A proposal made by an import: its text was written by the edition ("Ausgabe 2016"), the
    # author is only the person who imported it, so any moderator may decide on it. The import
    # (an editions.ImportJob, named by id: proposals sit below editions) and the printed pages.
    source_edition = models.CharField(_("aus Ausgabe"), max_length=80, blank=True)
    source_publisher = models.CharField(_("Herausgeber der Ausgabe"), max_length=120, blank=True)
    import_job_id = models.PositiveIntegerField(_("Import"), null=True, blank=True, db_index=True)
    page_start = models.PositiveIntegerField(_("Seite (Beginn)"), null=True, blank=True)
    page_end = models.PositiveIntegerField(_("Seite (Ende)"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipe__isnull=False) | Q(chapter__isnull=False),
                name="proposal_has_recipe_or_chapter",
            ),
        ]
        indexes = [models.Index(fields=["author", "status"], name="proposal_author_status")]
        verbose_name = _("Änderungsvorschlag")
        verbose_name_plural = _("Änderungsvorschläge")

    def __str__(self):
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self):
        return reverse("proposal_detail", args=[self.pk])

    @property
    def is_from_edition(self):
        return bool(self.source_edition)

    @property
    def owner_id(self):
        """Whose own proposal this is: its author's, but nobody's when an edition wrote it (the
        importer may decide on an import's proposals like any moderator)."""
        return None if self.is_from_edition else self.author_id

    @property
    def source_label(self):
        return " · ".join(part for part in (self.source_edition, self.source_publisher) if part)

    @property
    def provenance(self):
        """ "aus Ausgabe 2016 übernommen, importiert von …" (empty for people's proposals)."""
        if not self.source_edition:
            return ""
        text = f"aus {self.source_edition} übernommen"
        return f"{text}, importiert von {self.author.public_name}" if self.author else text

    @property
    def is_new_recipe(self):
        return self.chapter_id is not None

    @property
    def target_chapter(self):
        return self.chapter if self.is_new_recipe else self.recipe.chapter

    @property
    def target_number(self):
        return self.number if self.is_new_recipe else self.recipe.number

    @property
    def is_waiting(self):
        return self.status in self.WAITING

    @property
    def is_accepted(self):
        return self.status in (self.Status.ACCEPTED, self.Status.PARTLY_ACCEPTED)

    def allows(self, move: str) -> bool:
        return self.status in self.MOVES[move]


class ProposalEvent(models.Model):
    """One step in a proposal's life, shown as its timeline.

    Steps that put text on the table (submitted, revised, edited by the moderator) keep that
    text, so every earlier state of a proposal can be read again.
    """

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("eingereicht")
        REVISED = "revised", _("überarbeitet")
        WITHDRAWN = "withdrawn", _("zurückgezogen")
        CHANGES_REQUESTED = "changes_requested", _("Überarbeitung erbeten")
        REJECTED = "rejected", _("abgelehnt")
        EDITED = "edited", _("vor der Übernahme bearbeitet")
        ACCEPTED = "accepted", _("übernommen")
        PARTLY_ACCEPTED = "partly_accepted", _("teilweise übernommen")

    TEXT_ACTIONS = (Action.SUBMITTED, Action.REVISED, Action.EDITED)

    proposal = models.ForeignKey(EditProposal, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("Schritt"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("von"),
    )
    created_at = models.DateTimeField(_("am"), auto_now_add=True)
    message = models.TextField(_("Nachricht"), blank=True)
    # The proposal's text as of this step (for TEXT_ACTIONS only).
    title = models.CharField(_("Titel"), max_length=200, blank=True)
    body = models.TextField(_("Text"), blank=True)
    number = models.CharField(_("Nummer"), max_length=20, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Schritt eines Vorschlags")
        verbose_name_plural = _("Schritte von Vorschlägen")

    def __str__(self):
        return f"#{self.proposal_id} {self.get_action_display()}"

    @property
    def has_text(self):
        return self.action in self.TEXT_ACTIONS

"""Comments on recipes and chapters, their edit history, reports and the moderation log.

Reports and the log are built on kochbuch.moderation, shared with the Erfahrungsberichte.

A thread is a top-level comment with its replies (``parent``); whether it is resolved lives on
that top-level comment. Comments are never removed from the database by the site: deleting sets
a status, so replies keep their place in the thread.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from accounts.roles import perm
from comments.anchoring import Anchor
from kochbuch.links import link
from kochbuch.moderation import Flag, ModerationLogEntry
from recipes.models import Chapter, Recipe


class CommentQuerySet(models.QuerySet):
    def visible(self):
        """What every reader sees: not held for moderation, hidden or deleted."""
        return self.filter(status=Comment.Status.VISIBLE)

    def open_threads(self):
        """Visible threads (top-level comments) not yet marked "erledigt": what an edit
        proposal may be made from."""
        return self.visible().filter(parent=None, resolved_at=None)

    def of_target(self, target):
        if isinstance(target, Recipe):
            return self.filter(recipe=target)
        return self.filter(chapter=target)

    def for_thread(self):
        """What a thread shows, in one query: authors with only their public profile fields
        (a page may hold a thousand comments, and a full user object per row is slow)."""
        public = ["display_name", "funktion", "institution", "bundesland",
                  "show_funktion", "show_institution", "show_bundesland"]
        return (self.select_related("author", "resolved_by")
                .only(*[field.name for field in Comment._meta.concrete_fields if field.name != "deleted_at"],
                      *[f"author__{name}" for name in public], "resolved_by__display_name"))

    def recent(self):
        return self.visible().select_related("author", "recipe", "chapter").order_by("-created_at", "-pk")


class Comment(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible", _("sichtbar")
        HELD = "held", _("wartet auf Freigabe")
        HIDDEN = "hidden", _("ausgeblendet")
        DELETED = "deleted", _("gelöscht")

    recipe = models.ForeignKey(
        Recipe, null=True, blank=True, on_delete=models.CASCADE, related_name="comments",
        verbose_name=_("Rezept"),
    )
    chapter = models.ForeignKey(
        Chapter, null=True, blank=True, on_delete=models.CASCADE, related_name="comments",
        verbose_name=_("Kapitel"),
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies",
        verbose_name=_("Antwort auf"),
    )
    # An account deleted under the DSGVO leaves its comments as "gelöschtes Konto".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comments",
        verbose_name=_("Verfasst von"),
    )
    body = models.TextField(_("Text (Markdown)"))
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices,
                              default=Status.VISIBLE)
    hidden_reason = models.TextField(_("Grund für das Ausblenden"), blank=True)
    # The newest version of the recipe (or chapter) when the comment was written.
    version = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("Fassung"),
    )
    # The passage a top-level comment is about: quote with context (see comments.anchoring).
    anchor_block = models.CharField(_("Absatz"), max_length=40, blank=True)
    anchor_quote = models.TextField(_("Zitat"), blank=True)
    anchor_prefix = models.CharField(_("Text davor"), max_length=80, blank=True)
    anchor_suffix = models.CharField(_("Text danach"), max_length=80, blank=True)
    resolved_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("erledigt von"),
    )
    # Set when an accepted edit proposal resolved the thread: the version it produced.
    resolved_version = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("erledigt durch Fassung"),
    )
    # A plain default rather than auto_now_add, so imports and tests can set the time.
    created_at = models.DateTimeField(_("geschrieben am"), default=timezone.now)
    edited_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("gelöscht am"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipe__isnull=False, chapter__isnull=True)
                | models.Q(recipe__isnull=True, chapter__isnull=False),
                name="comment_recipe_xor_chapter",
            ),
        ]
        indexes = [
            models.Index(fields=["recipe", "created_at"], name="comment_recipe_created"),
            models.Index(fields=["chapter", "created_at"], name="comment_chapter_created"),
            models.Index(fields=["status", "created_at"], name="comment_status_created"),
        ]
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")

    def __str__(self):
        return f"{self.author_name}: {self.body[:60]}"

    def get_absolute_url(self):
        return link("comment_detail", self.pk)

    @property
    def target(self):
        return self.recipe if self.recipe_id else self.chapter

    def target_url(self):
        """The comment in place on its recipe or chapter page (needs ``target`` loaded)."""
        return f"{self.target.get_absolute_url()}#kommentar-{self.pk}"

    @property
    def author_name(self):
        return self.author.public_name if self.author_id else _("gelöschtes Konto")

    @property
    def author_details(self):
        return self.author.public_details if self.author_id else []

    @property
    def is_visible(self):
        return self.status == self.Status.VISIBLE

    @property
    def is_held(self):
        return self.status == self.Status.HELD

    @property
    def is_hidden(self):
        return self.status == self.Status.HIDDEN

    @property
    def is_deleted(self):
        return self.status == self.Status.DELETED

    @property
    def is_resolved(self):
        return self.resolved_at is not None

    @property
    def anchor(self):
        if not self.anchor_quote:
            return None
        return Anchor(quote=self.anchor_quote, prefix=self.anchor_prefix, suffix=self.anchor_suffix,
                      block=self.anchor_block)

    def old_version_url(self):
        """The citable page of the version the comment was written on (needs ``target``)."""
        if not self.version_id:
            return ""
        name = "recipe_version" if self.recipe_id else "chapter_version"
        return reverse(name, args=[self.target.slug, self.version_id])

    def resolved_version_url(self):
        """The version that resolved the thread (an accepted proposal's), if any."""
        if not self.resolved_version_id:
            return ""
        name = "recipe_version" if self.recipe_id else "chapter_version"
        return reverse(name, args=[self.target.slug, self.resolved_version_id])

    def can_be_seen_by(self, user):
        """Held comments only by their author and moderators; everything else by everyone
        (hidden and deleted ones as a placeholder)."""
        if not self.is_held:
            return True
        return user.is_authenticated and (user.pk == self.author_id or user.has_perm(perm("moderate")))


class CommentRevision(models.Model):
    """An earlier text of an edited comment, so an edit never silently rewrites the past."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("früherer Text"))
    written_at = models.DateTimeField(_("geschrieben am"))
    replaced_at = models.DateTimeField(_("ersetzt am"), auto_now_add=True)

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        verbose_name = _("frühere Fassung eines Kommentars")
        verbose_name_plural = _("frühere Fassungen von Kommentaren")

    def __str__(self):
        return f"{self.comment_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


class Report(Flag):
    """A reader tells the moderators that a comment breaks the rules, and why."""

    content_field = "comment"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")

    class Meta(Flag.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], condition=models.Q(status="open"),
                name="report_one_open_per_person",
            ),
        ]
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")


class ModerationEvent(ModerationLogEntry):
    """The log of every moderation act: who did what to which comment, when and why."""

    class Action(models.TextChoices):
        HIDE = "hide", _("ausgeblendet")
        RESTORE = "restore", _("wiederhergestellt")
        APPROVE = "approve", _("freigegeben")
        DISMISS = "dismiss", _("Meldung verworfen")
        RESOLVE = "resolve", _("als erledigt markiert")
        REOPEN = "reopen", _("wieder geöffnet")

    content_field, flag_field = "comment", "report"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="moderation_events")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("Handlung"), max_length=10, choices=Action.choices)
    # The version an accepted proposal produced, for a thread it resolved.
    version = models.ForeignKey(Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta(ModerationLogEntry.Meta):
        verbose_name = _("Moderationsvorgang")
        verbose_name_plural = _("Moderationsvorgänge")

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The kinds of news, one per kind of e-mail (templates/emails/)."""

    REPLY = "reply", _("Antworten auf meine Kommentare")
    COMMENT = "comment", _("Neue Kommentare zu Beobachtetem")
    WATCH = "watch", _("Änderungen an Beobachtetem")
    PROPOSAL = "proposal", _("Entscheidungen über meine Vorschläge")
    REVIEW = "review", _("Fällige fachliche Prüfungen")
    MODERATION = "moderation", _("Moderation meiner Kommentare")


# The e-mail template of each kind (kochbuch.notifications.notify).
KIND_OF_TEMPLATE = {
    "comment_reply.txt": Kind.REPLY,
    "comment_new.txt": Kind.COMMENT,
    "recipe_changed.txt": Kind.WATCH,
    "proposal_decided.txt": Kind.PROPOSAL,
    "review_due.txt": Kind.REVIEW,
    "comment_hidden.txt": Kind.MODERATION,
}


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One piece of news for one person, the in-app copy of an e-mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    subject = models.CharField(_("Betreff"), max_length=300)
    url = models.CharField(_("Adresse"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("erstellt am"), auto_now_add=True)
    read_at = models.DateTimeField(_("gelesen am"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("Neuigkeit")
        verbose_name_plural = _("Neuigkeiten")

    def __str__(self):
        return self.subject


class Preferences(models.Model):
    """What a person wants: which e-mails, and whether the profile lists their contributions.

    Without a row: every e-mail, contributions shown.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="inbox_preferences")
    mail_off = models.JSONField(_("keine E-Mails zu"), default=list, blank=True)
    show_contributions = models.BooleanField(_("Meine Beiträge im Profil zeigen"), default=True)

    class Meta:
        verbose_name = _("Einstellung")
        verbose_name_plural = _("Einstellungen")

    def __str__(self):
        return f"Einstellungen von {self.user_id}"

"""Personal API tokens: a person lets a script comment or propose in their name."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at=None)


class ApiToken(models.Model):
    """One personal API token. Only a SHA-256 hash of the secret is stored: the secret itself
    is shown once, when it is made, and cannot be read back by anyone (like a password)."""

    class Scope(models.TextChoices):
        COMMENT = "comment", _("Kommentieren")
        PROPOSE = "propose", _("Änderungen vorschlagen")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("Bezeichnung"), max_length=80)
    # The first characters of the secret, so a person can tell their tokens apart.
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("Rechte"), default=list)
    created_at = models.DateTimeField(_("erstellt am"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API-Schlüssel")
        verbose_name_plural = _("API-Schlüssel")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None

    def allows(self, scope: str) -> bool:
        return self.is_active and scope in self.scopes

    def scope_labels(self):
        return [self.Scope(scope).label for scope in self.scopes if scope in self.Scope.values]

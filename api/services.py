"""Making and revoking personal API tokens (the profile page's only writes here)."""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken

TOKEN_PREFIX = "kb_"
MAX_ACTIVE_TOKENS = 10


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its secret, which is returned only this once."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Für API-Schlüssel müssen Sie angemeldet sein."))
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Bitte geben Sie dem Schlüssel eine Bezeichnung.")})
    if len(name) > 80:
        raise ValidationError({"name": _("Die Bezeichnung darf höchstens 80 Zeichen lang sein.")})
    scopes = sorted(set(scopes or []))
    if not scopes or not set(scopes) <= set(ApiToken.Scope.values):
        raise ValidationError({"scopes": _("Bitte wählen Sie mindestens ein Recht.")})
    if ApiToken.objects.active().filter(user=user).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(_("Sie haben schon %(limit)s gültige Schlüssel. Bitte widerrufen Sie "
                                "zuerst einen, den Sie nicht mehr brauchen.") % {"limit": MAX_ACTIVE_TOKENS})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, scopes=scopes, prefix=secret[:10],
                                    key_hash=token_hash(secret))
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, user) -> ApiToken:
    """Revoke one's own token at once; a revoked token never works again."""
    if user is None or token.user_id != user.pk:
        raise PermissionDenied(_("Nur die Inhaberin oder der Inhaber kann diesen Schlüssel widerrufen."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token

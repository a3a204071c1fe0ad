"""Token authentication for the API: ``Authorization: Bearer kb_…`` (or ``Token kb_…``)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from accounts.middleware import has_second_factor, requires_second_factor
from api.models import ApiToken
from api.services import token_hash

# last_used_at is written at most this often per token, so reads do not write every time.
TOUCH_EVERY = timedelta(minutes=5)


class TokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Ungültige Angabe im Authorization-Header: "
                                                    "erwartet wird „Bearer <Schlüssel>“."))
        secret = header[1].decode(errors="replace")
        token = (ApiToken.objects.select_related("user").filter(key_hash=token_hash(secret)).first())
        if token is None or not token.is_active:
            raise exceptions.AuthenticationFailed(_("Dieser API-Schlüssel ist ungültig oder widerrufen."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Das Konto dieses API-Schlüssels ist gesperrt."))
        # Moderation and Redaktion without their second factor reach nothing on the site
        # (accounts.middleware); a token made before they took the role must not either.
        if requires_second_factor(token.user) and not has_second_factor(token.user):
            raise exceptions.AuthenticationFailed(_(
                "Für Moderation und Redaktion ist die Zwei-Faktor-Anmeldung Pflicht. Bitte richten Sie "
                "sie auf der Website ein; bis dahin gilt dieser API-Schlüssel nicht."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


def require_scope(request, scope: str):
    """401 without a token, 403 when the token lacks ``scope``."""
    token = request.auth
    if token is None:
        raise exceptions.NotAuthenticated(_("Zum Schreiben brauchen Sie einen API-Schlüssel "
                                            "(Authorization: Bearer <Schlüssel>)."))
    if not token.allows(scope):
        raise exceptions.PermissionDenied(
            _("Dieser API-Schlüssel hat nicht das Recht „%(scope)s“.") % {"scope": ApiToken.Scope(scope).label})

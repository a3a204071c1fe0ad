"""django-allauth's adapters, adjusted where the Kochbuch's user model and roles need it."""

import uuid
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _

from accounts.middleware import requires_second_factor
from accounts.signin import signin_failed
from accounts.stages import ALLAUTH_STAGE, SECOND_FACTOR_STAGE
from kochbuch.siteinfo import site_identity

SESSION_BACKEND = "accounts.backends.CachedPermissionsBackend"
# The factors that count as a second factor on their own (recovery codes only back one up).
SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user):
        """Give every new account a unique, never shown username.

        People sign in with their e-mail address (``ACCOUNT_USER_MODEL_USERNAME_FIELD = None``),
        so allauth leaves the username empty; but the model keeps Django's unique ``username``,
        and the second sign-up with an empty one failed with an IntegrityError. A random value
        rather than the address: the address may change, and must not end up in a second field.
        """
        if not user.username:
            user.username = f"konto-{uuid.uuid4().hex}"

    def send_mail(self, template_prefix, email, context):
        """allauth's mails name the site and link to it from SITE_NAME/SITE_URL, never from the
        host the request happened to use (a proxy's internal name, 127.0.0.1:8201 …)."""
        site = site_identity()
        links = {
            key: on_site(value) for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str) and value.startswith("http")
        }
        super().send_mail(template_prefix, email, {
            **context, **links, "current_site": site, "site_url": site.url,
        })


    def login(self, request, user):
        """Sessions load their person through CachedPermissionsBackend, which reads the row
        from the cache (accounts.backends). allauth's backend, which checked the password,
        loads users the same way but from the database on every request; sessions it started
        before keep working through it."""
        user.backend = SESSION_BACKEND
        super().login(request, user)

    def authentication_failed(self, request, **credentials):
        """Every failed password check counts towards the sign-in back-off (accounts.signin)."""

        signin_failed(request, credentials.get("email", ""))

    def get_reauthentication_methods(self, user):
        """Whoever has a second factor confirms security changes with it, not the password.

        allauth offers the password first and the code as an alternative; a stolen session
        plus a known password must not be enough to switch the second factor off, so with a
        second factor the code is the only way (allauth's views then redirect the password
        form to the code form).
        """
        methods = super().get_reauthentication_methods(user)
        by_code = [method for method in methods if method["id"].startswith("mfa_reauthenticate")]
        return by_code or methods

    def get_login_stages(self):
        """allauth's stages, with its second-factor stage behind one that loads it only for people
        who have a second factor (accounts.stages: 10 MB less in a worker that signs people in)."""
        return [SECOND_FACTOR_STAGE if stage == ALLAUTH_STAGE else stage
                for stage in super().get_login_stages()]


def on_site(url: str) -> str:
    """The same path and query under SITE_URL."""
    parts = urlsplit(url)
    return site_identity().url + parts.path + (f"?{parts.query}" if parts.query else "")


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Für Moderation und Redaktion ist die Zwei-Faktor-Anmeldung Pflicht: Sie können "
            "Ihre letzte Authenticator-App nicht abschalten. Richten Sie vorher eine neue ein "
            "oder bitten Sie die Redaktion, Ihnen die Rolle abzunehmen."
        ),
    }

    def can_delete_authenticator(self, authenticator):
        """Moderation and Redaktion keep at least one second factor (accounts.middleware)."""
        if authenticator.type not in SECOND_FACTOR_TYPES:
            return True
        user = authenticator.user
        if not requires_second_factor(user):
            return True
        others = Authenticator.objects.filter(user=user, type__in=SECOND_FACTOR_TYPES)
        return others.exclude(pk=authenticator.pk).exists()

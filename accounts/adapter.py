"""django-allauth's account adapter, adjusted where the Kochbuch's user model needs it."""

import uuid
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter

from kochbuch.siteinfo import site_identity


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


def on_site(url: str) -> str:
    """The same path and query under SITE_URL."""
    parts = urlsplit(url)
    return site_identity().url + parts.path + (f"?{parts.query}" if parts.query else "")

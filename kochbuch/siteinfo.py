"""The site's own name and address, from the settings SITE_NAME and SITE_URL.

Mails, feeds and print PDFs are often made without a request (background tasks), so the
address a visitor happened to use cannot be their source. allauth would name the site after
the request's host ("Hallo von 127.0.0.1:8201!"); it gets this object instead.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


@dataclass(frozen=True)
class SiteIdentity:
    name: str
    domain: str
    url: str


def site_identity() -> SiteIdentity:
    return SiteIdentity(
        name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc, url=settings.SITE_URL,
    )


@checks.register(checks.Tags.compatibility)
def site_url_is_set(app_configs=None, **kwargs):
    """Outside development, links in mails would otherwise point at 127.0.0.1."""
    if settings.DEBUG or settings.SITE_URL != settings.SITE_URL_DEFAULT:
        return []
    return [checks.Warning(
        "SITE_URL ist nicht gesetzt: Links in E-Mails und Druck-PDFs zeigen auf "
        f"{settings.SITE_URL_DEFAULT}.",
        hint="Setzen Sie SITE_URL auf die öffentliche Adresse, z. B. https://kochbuch.example.de.",
        id="kochbuch.W001",
    )]

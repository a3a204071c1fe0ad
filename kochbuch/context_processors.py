from django.conf import settings


def site(request):
    """The book's title and contact for every page's layout."""
    return {
        "site_title": settings.KOCHBUCH_TITLE,
        "site_subtitle": settings.KOCHBUCH_SUBTITLE,
        "contact_email": settings.KOCHBUCH_CONTACT_EMAIL,
        "site_licence": settings.SITE_LICENCE,
        "site_licence_url": settings.SITE_LICENCE_URL,
    }

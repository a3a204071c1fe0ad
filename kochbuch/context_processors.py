from django.conf import settings

from kochbuch.fragments import builder


def site(request):
    """The book's title and contact for every page's layout."""
    return {
        "site_title": settings.KOCHBUCH_TITLE,
        "site_subtitle": settings.KOCHBUCH_SUBTITLE,
        "contact_email": settings.KOCHBUCH_CONTACT_EMAIL,
        "site_licence": settings.SITE_LICENCE,
        "site_licence_url": settings.SITE_LICENCE_URL,
    }


def shared_page(request):
    """While a page is rendered for a role (``kochbuch.fragments``), ``{% csrf_token %}`` writes
    a slot that each request fills with its own token (this runs after Django's csrf processor)."""
    shared = builder(request)
    return {"csrf_token": shared.csrf_token} if shared is not None else {}

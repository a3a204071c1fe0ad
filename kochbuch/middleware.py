"""Security headers Django 5.2 does not set itself."""

from django.conf import settings


class SecurityHeadersMiddleware:
    """Content-Security-Policy without inline scripts, and a Permissions-Policy.

    Everything the site needs comes from itself: no CDN, no web fonts, no trackers, so the
    policy can be strict. A response that already has a policy keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

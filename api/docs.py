"""The OpenAPI documentation page: Swagger UI from drf-spectacular-sidecar, served by this site."""

from django.conf import settings
from drf_spectacular.views import SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI with its script as a file of its own (the split view), so the site's policy
    against inline scripts holds. Swagger UI sets inline styles on elements it draws; this
    page alone allows those (styles only, no scripts)."""

    schema = None  # not itself part of the OpenAPI document

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY.replace(
            "style-src 'self'", "style-src 'self' 'unsafe-inline'")
        return response

"""The OpenAPI document and its documentation page (Swagger UI from drf-spectacular-sidecar,
served by this site). Loaded by api/docs.py when one of the two pages is first asked for."""

from django.conf import settings
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


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


schema_view = SpectacularAPIView.as_view()
docs_view = DocsView.as_view(url_name="api:schema")

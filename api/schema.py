"""drf-spectacular: the generator of the OpenAPI document and how it describes the token
authentication.

The generator is ``SPECTACULAR_SETTINGS["DEFAULT_GENERATOR_CLASS"]``, so whatever builds the
document (the schema page, ``manage.py spectacular``, the API tests) imports this module, and
importing it registers the token scheme below. It is not imported when the app starts: drf-
spectacular's machinery pulls in django.test, unittest and pygments, about 6 MB in every web
worker (issue 13), and only the schema and docs pages need it (api/docs.py loads them on demand).
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.generators import EndpointEnumerator as SpectacularEndpointEnumerator
from drf_spectacular.generators import SchemaGenerator as SpectacularSchemaGenerator

from kochbuch.lazyviews import real_view


class EndpointEnumerator(SpectacularEndpointEnumerator):
    """Finds the API's views behind the patterns that import them on first use (api/urls.py)."""

    def should_include_endpoint(self, path, callback):
        return super().should_include_endpoint(path, real_view(callback))

    def get_allowed_methods(self, callback):
        return super().get_allowed_methods(real_view(callback))

    def get_api_endpoints(self, patterns=None, prefix=""):
        return [(path, path_regex, method, real_view(callback))
                for path, path_regex, method, callback in super().get_api_endpoints(patterns, prefix)]


class SchemaGenerator(SpectacularSchemaGenerator):
    """drf-spectacular's generator, with the API's views found behind their lazy patterns; the
    import of this module also registers the token scheme below."""

    endpoint_inspector_cls = EndpointEnumerator


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.tokens.TokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http", "scheme": "bearer",
            "description": "Persönlicher API-Schlüssel (Profil → API-Schlüssel), "
                           "Rechte „comment“ und/oder „propose“.",
        }

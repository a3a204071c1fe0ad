"""drf-spectacular: the generator of the OpenAPI document and how it describes the token
authentication.

The generator is ``SPECTACULAR_SETTINGS["DEFAULT_GENERATOR_CLASS"]``, so whatever builds the
document (the schema page, ``manage.py spectacular``, the API tests) imports this module, and
importing it registers the token scheme below. It is not imported when the app starts: drf-
spectacular's machinery pulls in django.test, unittest and pygments, about 6 MB in every web
worker (issue 13), and only the schema and docs pages need it (api/docs.py loads them on demand).
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.generators import SchemaGenerator as SpectacularSchemaGenerator


class SchemaGenerator(SpectacularSchemaGenerator):
    """drf-spectacular's generator; this class only makes sure the extensions here are loaded."""


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.tokens.TokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http", "scheme": "bearer",
            "description": "Persönlicher API-Schlüssel (Profil → API-Schlüssel), "
                           "Rechte „comment“ und/oder „propose“.",
        }

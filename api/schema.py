"""drf-spectacular: how the OpenAPI document describes the token authentication."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.tokens.TokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http", "scheme": "bearer",
            "description": "Persönlicher API-Schlüssel (Profil → API-Schlüssel), "
                           "Rechte „comment“ und/oder „propose“.",
        }

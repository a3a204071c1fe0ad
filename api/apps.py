from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API (/api/v1/) and the open data: the top layer, which may read every app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "API und offene Daten"

    def ready(self):
        from accounts.privacy import account_deleting, register_export_section
        from api.privacy import tokens_forget, tokens_of

        # A person's API tokens (names and dates, never a secret) are in their data export;
        # they are removed with the account.
        register_export_section("api_schluessel", tokens_of)
        account_deleting.connect(tokens_forget, dispatch_uid="api-tokens-forget")

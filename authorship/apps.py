from django.apps import AppConfig


class AuthorshipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "authorship"
    verbose_name = "Autorschaft"

    def ready(self):
        # Every new version of a recipe is attributed as it is saved, whichever service saved it.
        from reversion.signals import post_revision_commit

        from authorship.services import on_revision_commit

        post_revision_commit.connect(on_revision_commit, dispatch_uid="authorship_attribute")

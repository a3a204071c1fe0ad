from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comments"
    verbose_name = _("Kommentare und Moderation")

    def ready(self):
        from accounts.privacy import register_export_section
        from comments.discussion import DiscussionOnReadingPages
        from comments.privacy import comments_written
        from recipes import pages

        # The discussion under every chapter and recipe page (recipes never imports comments).
        pages.register(DiscussionOnReadingPages())
        register_export_section("kommentare", comments_written)

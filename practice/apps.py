from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "practice"
    verbose_name = _("Nachgekocht: Erfahrungsberichte")

    def ready(self):
        from accounts.privacy import account_deleting, register_export_section
        from practice.changes import REPORT_CHANGES
        from practice.pages import PracticeOnReadingPages
        from practice.privacy import contacts_forget, reports_written
        from recipes import pages
        from recipes.changes import register_change_kind

        # "Nachgekocht in N Kommunen" on every recipe page (recipes never imports practice).
        pages.register(PracticeOnReadingPages())
        register_export_section("erfahrungsberichte", reports_written)
        account_deleting.connect(contacts_forget, dispatch_uid="practice.contacts_forget")
        # New and edited reports in "Letzte Änderungen" and its feed (hidden ones not).
        register_change_kind(REPORT_CHANGES)

from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "proposals"
    verbose_name = "Vorschläge"

    def ready(self):
        from accounts.privacy import register_export_section
        from comments.discussion import register_proposal_finder
        from kochbuch.fragments import register_slot
        from proposals.from_comment import proposals_of_threads
        from proposals.privacy import proposals_written
        from proposals.templatetags.proposals import pending_note

        # A comment thread links to the proposals made from it (comments never imports proposals).
        register_proposal_finder(proposals_of_threads)
        register_export_section("vorschlaege", proposals_written)
        # The note about one's own waiting proposals is personal: filled on every request.
        register_slot("pending_proposals", pending_note)

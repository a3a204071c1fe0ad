from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "proposals"
    verbose_name = "Vorschläge"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from accounts.privacy import register_export_section
        from comments.discussion import register_proposal_finder
        from kochbuch.fragments import register_slot
        from proposals.from_comment import proposals_of_threads
        from proposals.models import EditProposal
        from proposals.privacy import proposals_written
        from proposals.templatetags.proposals import pending_note, pending_note_reads, waiting_changed

        # A comment thread links to the proposals made from it (comments never imports proposals).
        register_proposal_finder(proposals_of_threads)
        register_export_section("vorschlaege", proposals_written)
        # The note about one's own waiting proposals is personal: filled on every request.
        register_slot("pending_proposals", pending_note, reads=pending_note_reads)
        # The cached list of an author's waiting proposals goes with every change of one.
        for signal in (post_save, post_delete):
            signal.connect(waiting_changed, sender=EditProposal,
                           dispatch_uid=f"proposals-waiting-{signal is post_save}")
        # The queue is a page shared per role (proposals.review_views): every change of a
        # proposal starts a new content generation, so every moderator sees it at the next request.
        from kochbuch.pagecache import content_changed_receiver

        for signal in (post_save, post_delete):
            signal.connect(content_changed_receiver, sender=EditProposal,
                           dispatch_uid=f"proposals-pagecache-{signal is post_save}")

from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"
    verbose_name = "Fachliche Prüfung"

    def ready(self):
        from accounts.privacy import account_deleting, register_export_section
        from reviews.privacy import reviews_of, reviews_unassign

        # The reviews a person recorded are in their data export; they stay with the recipe
        # when the account goes, but nobody reminds a deleted account of the next one.
        register_export_section("pruefungen", reviews_of)
        account_deleting.connect(reviews_unassign, dispatch_uid="reviews-unassign")

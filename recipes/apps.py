from django.apps import AppConfig


class RecipesConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'recipes'

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from accounts.privacy import account_deleting, register_export_section
        from kochbuch.fragments import register_slot
        from kochbuch.pagecache import content_changed_receiver
        from recipes.actions import watch_button, watch_button_reads, watches_changed
        from recipes.models import Watch
        from recipes.privacy import watched, watches_forget
        from recipes.signals import chapter_saved, recipe_saved

        # The anonymous page cache (shared site code, below every app) forgets its pages after
        # every saved chapter or recipe: texts, tables of contents and links may change.
        chapter_saved.connect(content_changed_receiver, dispatch_uid="pagecache-chapter")
        recipe_saved.connect(content_changed_receiver, dispatch_uid="pagecache-recipe")
        # What a person watches is part of their data export and goes with their account.
        register_export_section("beobachtet", watched)
        account_deleting.connect(watches_forget, dispatch_uid="recipes-watches-forget")
        # Whether the reader watches a page is theirs: filled on every request, from a cached
        # set that every change of a watch drops.
        register_slot("watch_button", watch_button, reads=watch_button_reads)
        for signal in (post_save, post_delete):
            signal.connect(watches_changed, sender=Watch, dispatch_uid=f"recipes-watches-{signal is post_save}")

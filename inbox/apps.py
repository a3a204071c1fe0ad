from django.apps import AppConfig


class InboxConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inbox"
    verbose_name = "Neuigkeiten"

    def ready(self):
        # Every e-mail notification also lands in the recipients' "Neuigkeiten"; people who
        # switched off a kind of e-mail get only the in-app copy.
        from accounts.privacy import account_deleting, register_export_section
        from inbox.privacy import inbox_forget, notifications_received, preferences_chosen
        from inbox.services import keep_wanted_mail, notification_store
        from kochbuch import notifications

        if notification_store not in notifications.listeners:
            notifications.listeners.append(notification_store)
        if keep_wanted_mail not in notifications.mail_filters:
            notifications.mail_filters.append(keep_wanted_mail)
        # A person's news and e-mail settings are in their data export and go with their account.
        register_export_section("neuigkeiten", notifications_received)
        register_export_section("benachrichtigungen", preferences_chosen)
        account_deleting.connect(inbox_forget, dispatch_uid="inbox-forget")

        # The open-work counts in the header follow every change of what they count.
        from django.db.models.signals import post_delete, post_save

        from inbox.work import WATCHED_MODELS, work_changed

        for model in WATCHED_MODELS:
            post_save.connect(work_changed, sender=model, dispatch_uid=f"inbox-work-{model.__name__}-save")
            post_delete.connect(work_changed, sender=model, dispatch_uid=f"inbox-work-{model.__name__}-delete")

        # The header's "Neuigkeiten" count and the tools' counts are filled on every request,
        # also on pages shared by a role (kochbuch/fragments.py).
        from inbox.templatetags.inbox import news_link_slot, slot_reads, work_links_slot
        from kochbuch.fragments import register_slot

        register_slot("news_link", news_link_slot, reads=slot_reads)
        register_slot("work_links", work_links_slot)

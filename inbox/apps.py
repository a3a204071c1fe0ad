from django.apps import AppConfig


class InboxConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inbox"
    verbose_name = "Neuigkeiten"

    def ready(self):
        # Every e-mail notification also lands in the recipients' "Neuigkeiten"; people who
        # switched off a kind of e-mail get only the in-app copy.
        from inbox.services import keep_wanted_mail, notification_store
        from kochbuch import notifications

        if notification_store not in notifications.listeners:
            notifications.listeners.append(notification_store)
        if keep_wanted_mail not in notifications.mail_filters:
            notifications.mail_filters.append(keep_wanted_mail)

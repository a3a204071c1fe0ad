"""What the inbox holds about a person, for the data export and the deletion of an account
(``accounts.privacy``; connected in InboxConfig.ready).

Notifications and preferences are about nobody but their owner and are no part of the book:
they go with the account.
"""

from accounts.privacy import iso
from inbox.models import Kind, Notification, Preferences
from inbox.services import forget_unread_count


def notifications_received(user) -> list[dict]:
    return [
        {"datum": iso(note.created_at), "art": note.get_kind_display(), "betreff": note.subject,
         "adresse": note.url, "gelesen": iso(note.read_at)}
        for note in Notification.objects.filter(user=user).order_by("created_at", "pk")
    ]


def preferences_chosen(user) -> dict:
    """Without a row the defaults hold (every e-mail, contributions shown); say so explicitly."""
    preferences = Preferences.objects.filter(user=user).first() or Preferences(user=user)
    return {
        "keine_emails_zu": [str(label) for value, label in Kind.choices if value in preferences.mail_off],
        "beitraege_im_profil": preferences.show_contributions,
    }


def inbox_forget(*, user, **signal_arguments) -> None:
    Notification.objects.filter(user=user).delete()
    Preferences.objects.filter(user=user).delete()
    forget_unread_count(user.pk)

"""News in the app: stored as notifications are sent, counted cheaply for the header."""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from inbox.models import KIND_OF_TEMPLATE, Notification, Preferences


def unread_key(user_id):
    return f"inbox:unread:{user_id}"


def unread_count(user, known=None) -> int:
    """The number in the header: from the cache, one query when it is not there. ``known``:
    cache values already read for this request (kochbuch.fragments.prefetched)."""
    key = unread_key(user.pk)
    count = known.get(key) if known else None
    if count is None:
        count = cache.get(key)
    if count is None:
        count = Notification.objects.unread().filter(user=user).count()
        cache.set(key, count, 3600)
    return count


def forget_unread_count(user_id):
    """For an account whose notifications went (accounts.privacy deletion)."""
    _forget_counts([user_id])


def _forget_counts(user_ids):
    """Drop the cached counts now and again after commit (a request in between may have put
    the old number back)."""
    keys = [unread_key(pk) for pk in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _url(context):
    if context.get("url"):
        return str(context["url"])
    for name in ("proposal", "recipe", "comment", "target"):
        obj = context.get(name)
        if obj is not None and hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
    return ""


def notification_store(*, recipients, subject, template, context):
    """kochbuch.notifications listener: the in-app copy of each notification."""
    kind = KIND_OF_TEMPLATE.get(template)
    if kind is None or not recipients:
        return
    url = _url(context)[:300]
    Notification.objects.bulk_create([
        Notification(user=person, kind=kind, subject=str(subject)[:300], url=url) for person in recipients
    ])
    _forget_counts([person.pk for person in recipients])


def keep_wanted_mail(people, template):
    """kochbuch.notifications mail filter: leave out who switched this kind of e-mail off."""
    kind = KIND_OF_TEMPLATE.get(template)
    if kind is None:
        return people
    off = {pref.user_id for pref in Preferences.objects.filter(user__in=people) if kind in pref.mail_off}
    return [person for person in people if person.pk not in off]


@transaction.atomic
def notifications_mark_read(*, user, notification_id=None) -> int:
    """Mark one of the person's notifications, or all of them, as read."""
    unread = Notification.objects.unread().filter(user=user)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    count = unread.update(read_at=timezone.now())
    _forget_counts([user.pk])
    return count


@transaction.atomic
def preferences_save(*, user, mail_off, show_contributions) -> Preferences:
    preferences, _ = Preferences.objects.get_or_create(user=user)
    preferences.mail_off = sorted(set(mail_off))
    preferences.show_contributions = show_contributions
    preferences.save()
    return preferences

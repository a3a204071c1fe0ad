"""Wiring only: a verified e-mail address makes a person "Mitwirkende"; permission changes
made outside the role service (the admin's group and permission widgets) empty the cache."""

from allauth.account.signals import email_confirmed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from accounts.backends import forget_permissions
from accounts.models import User
from accounts.roles import MITWIRKENDE, role_grant


@receiver(email_confirmed)
def grant_contributor_role(sender, email_address, **kwargs):
    role_grant(user=email_address.user, role=MITWIRKENDE)


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
def forget_changed_permissions(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # a group's members or a permission's users changed
        for user_id in pk_set or ():
            forget_permissions(user_id)
    else:
        forget_permissions(instance.pk)

"""Wiring only: a verified e-mail address makes a person "Mitwirkende"; permission changes
made outside the role service (the admin's group and permission widgets) empty the cache."""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_signed_up
from django.apps import apps as installed_apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from accounts.backends import forget_permissions, forget_user
from accounts.fresh_signin import count_sign_in_as_confirmation, count_sign_up_as_confirmation
from accounts.middleware import forget_second_factor
from accounts.models import User
from accounts.roles import MITWIRKENDE, role_grant, sync_roles
from accounts.signin import signin_succeeded


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


@receiver(post_save, sender=User)
@receiver(post_delete, sender=User)
def forget_changed_user(sender, instance, **kwargs):
    """The signed-in person's row is cached (accounts.backends): every change forgets it."""
    forget_user(instance.pk)


def _authenticator_changed(sender, instance, **kwargs):
    forget_second_factor(instance.user_id)


def connect_authenticator_signals():
    """Every way an authenticator changes (allauth's pages, the admin, account deletion, the
    shell) goes through the model's save or delete: the second-factor answer is forgotten."""
    from allauth.mfa.models import Authenticator

    post_save.connect(_authenticator_changed, sender=Authenticator, dispatch_uid="second-factor-saved")
    post_delete.connect(_authenticator_changed, sender=Authenticator, dispatch_uid="second-factor-deleted")


connect_authenticator_signals()


@receiver(user_logged_in)
def end_sign_in_back_off(sender, request, user, **kwargs):
    """A completed sign-in (password and second factor, or the mailed code) ends the
    account's back-off; the address's back-off stays (accounts.signin)."""
    emails = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    signin_succeeded(emails | ({user.email} if user.email else set()))


@receiver(user_logged_in)
def sign_in_confirms_who_it_is(sender, request, user, **kwargs):
    if request is not None:  # the shell's and the tests' login() may come without a request
        count_sign_in_as_confirmation(request, user)


@receiver(user_signed_up)
def sign_up_confirms_who_it_is(sender, request, user, **kwargs):
    if request is not None:
        count_sign_up_as_confirmation(request, user)


def ensure_roles(sender, using="default", apps=None, **kwargs):
    """After every migrate (and every flush, which ends in post_migrate) the roles exist again.

    The data migration creates them once; a flush, as a transactional test ends with, or an
    administrator deleting a group would otherwise leave ``role_grant`` without its group.
    Connected in AccountsConfig.ready() for this app only."""
    # migrate passes the migrated state's apps; flush passes none: the installed models then.
    sync_roles(apps or installed_apps, using=using)

"""Wiring only: a verified e-mail address makes a person "Mitwirkende"."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from accounts.roles import MITWIRKENDE, role_grant


@receiver(email_confirmed)
def grant_contributor_role(sender, email_address, **kwargs):
    role_grant(user=email_address.user, role=MITWIRKENDE)

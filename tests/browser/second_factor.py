"""The code a moderator's authenticator app would show, for signing in through the pages."""

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

# allauth accepts only the current period's code (MFA_TOTP_TOLERANCE 0): a code typed in its
# last seconds may arrive in the next period, so wait for a fresh one, as a person would.
SAFETY_SECONDS = 5


def totp_code(user) -> str:
    """The current TOTP code (RFC 6238) for ``user``'s authenticator, by allauth's own helpers."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < SAFETY_SECONDS:
        time.sleep(left)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))

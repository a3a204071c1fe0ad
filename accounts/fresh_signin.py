"""A sign-in that has just asked for every factor a person has counts as their confirmation.

Security settings (second factor, password, e-mail, deleting the account) ask the person to
confirm who they are, unless they did so in the last few minutes (allauth's
"re-authentication", ACCOUNT_REAUTHENTICATION_TIMEOUT). allauth counts only the confirmation
form for that, never the sign-in itself, so a new moderator typed their password to sign in (or
to sign up), was sent straight on to set up the second factor, and was asked for the very same
password again (issue 16).

The sign-in counts only when it asked for everything a confirmation would: the password without
a second factor, the password *and* the authenticator code with one. A sign-in by mailed code
or password reset proves the mailbox only, so it does not count (issue 11: a stolen mailbox
must not be enough to switch the second factor off).
"""

import time

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa.utils import is_mfa_enabled

# The sign-in's own records are seconds old when it completes; anything older is another login.
SAME_SIGN_IN_SECONDS = 60


def count_sign_in_as_confirmation(request, user) -> None:
    """Mark the sign-in that just completed as a confirmation, if it asked for every factor."""
    records = get_authentication_records(request, user)
    if not records or time.time() - records[-1].get("at", 0) > SAME_SIGN_IN_SECONDS:
        return
    methods = [record.get("method") for record in records]
    every_factor = ["password", "mfa"] if is_mfa_enabled(user) else ["password"]
    if methods[-len(every_factor):] == every_factor:
        records[-1]["reauthenticated"] = True
        request.session.modified = True  # the list was changed in place


def count_sign_up_as_confirmation(request, user) -> None:
    """Whoever has just chosen a password in this browser confirmed it: once they open the
    confirmation link here and are signed in, setting up the second factor does not ask again."""
    record_authentication(request, user, method="password", reauthenticated=True)

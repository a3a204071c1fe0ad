"""django-allauth's account adapter, adjusted where the Kochbuch's user model needs it."""

import uuid

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user):
        """Give every new account a unique, never shown username.

        People sign in with their e-mail address (``ACCOUNT_USER_MODEL_USERNAME_FIELD = None``),
        so allauth leaves the username empty; but the model keeps Django's unique ``username``,
        and the second sign-up with an empty one failed with an IntegrityError. A random value
        rather than the address: the address may change, and must not end up in a second field.
        """
        if not user.username:
            user.username = f"konto-{uuid.uuid4().hex}"

"""Moderation and Redaktion act on everyone's texts: their accounts need a second factor."""

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse

from accounts.backends import PREFETCHED_SECOND_FACTOR, second_factor_cache_key
from accounts.roles import has_any

# Where a person without a second factor may still go: setting it up, signing out, files.
ALLOWED_PREFIXES = ("/konto/", "/static/", "/media/", "/datenschutz/", "/impressum/", "/barrierefreiheit/")
SECOND_FACTOR_TTL = 300  # seconds; a safety net, every change of an authenticator forgets the answer


def requires_second_factor(user) -> bool:
    return has_any(user, "review", "import")




def forget_second_factor(user_id):
    """Called on every change of a person's authenticators (accounts.signals).

    Forgotten at once and again after commit: a request running beside the change must not
    put the old answer back for the rest of the TTL.
    """
    key = second_factor_cache_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def has_second_factor(user) -> bool:
    """Whether the database holds a TOTP or WebAuthn authenticator for ``user``.

    Asked on every privileged request; the answer is cached per user and dropped whenever an
    authenticator is added or removed, so a switched-off factor counts from the next request on.
    """
    from allauth.mfa.models import Authenticator

    key = second_factor_cache_key(user.pk)
    answer = getattr(user, PREFETCHED_SECOND_FACTOR, None)
    if answer is not None:
        delattr(user, PREFETCHED_SECOND_FACTOR)  # once: later calls read the cache again
    else:
        answer = cache.get(key)
    if answer is None:
        answer = Authenticator.objects.filter(
            user=user, type__in=(Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
        ).exists()
        cache.set(key, answer, SECOND_FACTOR_TTL)
    return answer


class RequireSecondFactorForRolesMiddleware:
    """Sends Moderation and Redaktion to the TOTP set-up whenever they have none.

    Checked on every request outside the account pages (no mark in the session: a factor
    switched off in the middle of a session must end the roles' rights at once). The check
    costs one cache read; the permissions come from their own cache (accounts.backends).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and requires_second_factor(user)
            and not has_second_factor(user)
        ):
            messages.warning(request, (
                "Für Moderation und Redaktion ist die Zwei-Faktor-Anmeldung Pflicht. "
                "Bitte richten Sie jetzt eine Authenticator-App ein."
            ))
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

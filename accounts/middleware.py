"""Moderation and Redaktion act on everyone's texts: their accounts need a second factor."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from accounts.roles import perm

# Where a person without a second factor may still go: setting it up, signing out, files.
ALLOWED_PREFIXES = ("/konto/", "/static/", "/media/", "/datenschutz/", "/impressum/", "/barrierefreiheit/")
SESSION_KEY = "kochbuch_mfa_checked"


def requires_second_factor(user) -> bool:
    return user.has_perm(perm("review")) or user.has_perm(perm("import"))


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireSecondFactorForRolesMiddleware:
    """Sends Moderation and Redaktion to the TOTP set-up until they have one.

    The answer is remembered in the session (for this user id), so a hot page costs no
    extra query once the check has passed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and request.session.get(SESSION_KEY) != user.pk
            and not request.path.startswith(ALLOWED_PREFIXES)
            and requires_second_factor(user)
        ):
            if not has_second_factor(user):
                messages.warning(request, (
                    "Für Moderation und Redaktion ist die Zwei-Faktor-Anmeldung Pflicht. "
                    "Bitte richten Sie jetzt eine Authenticator-App ein."
                ))
                return redirect(reverse("mfa_activate_totp"))
            request.session[SESSION_KEY] = user.pk
        return self.get_response(request)

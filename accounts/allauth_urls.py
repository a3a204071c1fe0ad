"""allauth's URLs under /konto/, as ``allauth.urls`` builds them for this site's settings, with
the MFA views that import WebAuthn loaded on their first request (kochbuch/lazyviews.py).

``allauth.mfa.base.views`` (the 2FA overview, the code prompt at sign-in and re-authentication)
imports allauth's WebAuthn code, fido2 and cryptography's Rust library: about 10 MB in every web
worker, for pages only people with a second factor see. The TOTP and recovery-code views do not,
and are included as allauth writes them. tests/accounts/test_allauth_urls.py checks that the
routes, names and view attributes are allauth's own.
"""

from django.urls import include, path

from kochbuch.lazyviews import lazy_path

BASE_VIEWS = "allauth.mfa.base.views"

mfa_urlpatterns = [
    lazy_path("", f"{BASE_VIEWS}.index", "mfa_index"),
    lazy_path("authenticate/", f"{BASE_VIEWS}.authenticate", "mfa_authenticate", login_required=False),
    lazy_path("reauthenticate/", f"{BASE_VIEWS}.reauthenticate", "mfa_reauthenticate"),
    path("totp/", include("allauth.mfa.totp.urls")),
    path("recovery-codes/", include("allauth.mfa.recovery_codes.urls")),
]

urlpatterns = [
    path("", include("allauth.account.urls")),
    path("2fa/", include(mfa_urlpatterns)),
]

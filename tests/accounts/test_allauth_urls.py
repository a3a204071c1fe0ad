"""allauth's URLs under /konto/ are allauth's own, with the MFA views that import WebAuthn loaded
on their first request; sign-in without a second factor never loads them (issue 13, memory)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, reverse

from accounts.stages import ALLAUTH_STAGE, SECOND_FACTOR_STAGE
from tests.factories import PASSWORD, make_user

ROOT = Path(__file__).resolve().parents[2]


def routes(patterns, prefix=""):
    """{(route, name): view} of a URLconf's patterns, flattened."""
    found = {}
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found.update(routes(pattern.url_patterns, prefix + str(pattern.pattern)))
        elif isinstance(pattern, URLPattern):
            found[(prefix + str(pattern.pattern), pattern.name)] = pattern.callback
    return found


def middleware_attributes(view):
    """What decorators leave on a view for middleware to read (csrf_exempt, login_required …)."""
    return {key: value for key, value in vars(view).items() if isinstance(value, bool)}


def test_the_konto_urls_are_allauths_own_routes_names_and_view_attributes():
    import allauth.urls

    from accounts import allauth_urls

    ours, theirs = routes(allauth_urls.urlpatterns), routes(allauth.urls.urlpatterns)
    assert ours.keys() == theirs.keys()
    lazy = [key for key, view in ours.items() if hasattr(view, "lazy_view_path")]
    assert {name for _, name in lazy} == {"mfa_index", "mfa_authenticate", "mfa_reauthenticate"}
    for key, view in ours.items():
        assert middleware_attributes(view) == middleware_attributes(theirs[key]), key


def test_the_lazy_views_are_allauths_views():
    from allauth.mfa.base import views

    from accounts import allauth_urls

    for (_, name), view in routes(allauth_urls.urlpatterns).items():
        if hasattr(view, "lazy_view_path"):
            assert view.lazy_view_path == f"allauth.mfa.base.views.{name.removeprefix('mfa_')}"
            assert getattr(views, name.removeprefix("mfa_"))


def test_sign_in_runs_the_second_factor_stage_that_loads_allauths_only_when_needed():
    from allauth.account.adapter import get_adapter

    stages = get_adapter().get_login_stages()
    assert SECOND_FACTOR_STAGE in stages and ALLAUTH_STAGE not in stages


@pytest.mark.django_db
def test_sign_in_without_a_second_factor_needs_no_code(client):
    user = make_user("ohne-app@kommune.example")
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] != reverse("mfa_authenticate")
    assert client.get(reverse("profile_edit")).status_code == 200


CHECK = """
import json, sys
import django
django.setup()
from types import SimpleNamespace
from django.urls import get_resolver, resolve, reverse
from allauth.account.adapter import get_adapter
from allauth.utils import import_callable
get_resolver().reverse_dict  # every URL pattern and view module loaded
resolve("/konto/2fa/authenticate/"), reverse("mfa_reauthenticate")
stages = [import_callable(path) for path in get_adapter().get_login_stages()]
nobody = SimpleNamespace(user=None, state={})
assert stages[-1](None, None, nobody).handle() == (None, True)
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in ("fido2", "cryptography"))))
"""


def test_a_fresh_process_loads_the_urls_and_the_sign_in_stages_without_webauthn():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "SECRET_KEY": "tests-only-not-secret"}
    result = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []

"""A web worker does not import what only rare pages need (issue 13, worker memory): loading
the URLs (Django imports every view module named there) and the warm-up leave out the WebAuthn
library and cryptography (allauth's MFA views), drf-spectacular's schema machinery (the API's
views), DRF itself beyond its app config (its tag library, error handler, renderers and
serializers), django.test, the PDF parser and the pure-Python stemmers of 30 languages. Each of
them loads with the first request that needs it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HEAVY = ("fido2", "cryptography.hazmat", "drf_spectacular.openapi", "drf_spectacular.utils",
         "django.test", "unittest", "pdfminer", "api.views", "allauth.mfa.base.views",
         "rest_framework.renderers", "rest_framework.serializers", "rest_framework.templatetags",
         "snowballstemmer", "yaml")

CHECK = """
import json, sys
import django
django.setup()
from django.urls import get_resolver, resolve
import kochbuch.warmup  # noqa: F401 (what the WSGI entry point imports besides the app)
get_resolver().reverse_dict  # every URL pattern and the view modules they name
for path in ("/", "/suche/", "/api/v1/", "/konto/2fa/authenticate/", "/konto/login/"):
    resolve(path)
from django import forms
from django.template.loader import get_template
for name in kochbuch.warmup.TEMPLATES:  # the template engine, with every tag library it loads
    get_template(name)
class Form(forms.Form):  # the form renderer's engine
    name = forms.CharField()
str(Form())
from search import german  # the stemmer
heavy = json.loads(sys.argv[1])
print(json.dumps(sorted(name for name in sys.modules if name.startswith(tuple(heavy)))))
"""


def test_a_fresh_worker_loads_its_urls_without_the_libraries_of_rare_pages():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "SECRET_KEY": "tests-only-not-secret"}
    result = subprocess.run([sys.executable, "-c", CHECK, json.dumps(HEAVY)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []

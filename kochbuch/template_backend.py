"""Django's template backend, knowing that some of our libraries replace Django's on purpose.

settings.TEMPLATES registers ``kochbuch.constant_tags.i18n`` as "i18n" and ``.static`` as
"static": Django's own tags with constant arguments rendered once (kochbuch/constant_tags/).
Django's check templates.W003 warns about every library name that two modules claim, and
``manage.py check --deploy`` fails on warnings. This backend leaves out of that check only the
names whose replacement is one of ours and whose other claimant is Django's own module of
that name: a third-party app claiming one of those names is still reported.

It also leaves out of its engine the tag libraries of installed apps that no template of ours
loads and that are costly to import (``UNUSED_TAG_PACKAGES``): Django imports every app's tag
modules when it builds an engine, so each web worker would hold DRF's renderers, serializers and
django.test for the tags of a browsable API that the JSON-only API never renders (issue 13, worker
memory). ``FormRenderer`` (settings.FORM_RENDERER) renders forms with an engine of this backend,
for the same reason.
"""

from collections import defaultdict
from importlib import import_module

from django.apps import apps
from django.core.checks import Warning
from django.forms import renderers
from django.template.backends import django as django_backend

# Library name → the Django module our library replaces (and re-exports, see constant_tags).
DELIBERATE_REPLACEMENTS = {
    "i18n": ("django.templatetags.i18n", "kochbuch.constant_tags.i18n"),
    "static": ("django.templatetags.static", "kochbuch.constant_tags.static"),
}


# Packages of tag libraries no template of ours loads ({% load rest_framework %}: DRF's browsable API).
UNUSED_TAG_PACKAGES = frozenset({"rest_framework.templatetags"})


def used_tag_libraries() -> dict[str, str]:
    """Django's get_installed_libraries() without importing the packages of UNUSED_TAG_PACKAGES."""
    packages = ["django.templatetags", *(f"{config.name}.templatetags" for config in apps.get_app_configs())]
    libraries = {}
    for package_name in packages:
        if package_name in UNUSED_TAG_PACKAGES:
            continue
        try:
            package = import_module(package_name)
        except ImportError:  # an app without template tags
            continue
        if hasattr(package, "__path__"):
            for module in django_backend.get_package_libraries(package):
                libraries[module.removeprefix(package_name).lstrip(".")] = module
    return libraries


class DjangoTemplates(django_backend.DjangoTemplates):
    def get_templatetag_libraries(self, custom_libraries):
        return {**used_tag_libraries(), **custom_libraries}

    def _check_for_template_tags_with_the_same_name(self):
        # Django's check (templates.W003), told about our replacements.
        claimants = defaultdict(set)
        for name, module in [*django_backend.get_template_tag_modules(), *self.engine.libraries.items()]:
            claimants[name].add(module)
        return [
            Warning(f"{name!r} is used for multiple template tag modules: "
                    f"{', '.join(repr(module) for module in sorted(modules))}",
                    obj=self, id="templates.W003")
            for name, modules in claimants.items()
            if len(modules) > 1 and modules != set(DELIBERATE_REPLACEMENTS.get(name, ()))
        ]


class FormRenderer(renderers.DjangoTemplates):
    """Django's default form renderer (its widget templates, then the apps'), on this backend."""

    backend = DjangoTemplates

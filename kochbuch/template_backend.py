"""Django's template backend, knowing that some of our libraries replace Django's on purpose.

settings.TEMPLATES registers ``kochbuch.constant_tags.i18n`` as "i18n" and ``.static`` as
"static": Django's own tags with constant arguments rendered once (kochbuch/constant_tags/).
Django's check templates.W003 warns about every library name that two modules claim, and
``manage.py check --deploy`` fails on warnings. This backend leaves out of that check only the
names whose replacement is one of ours and whose other claimant is Django's own module of
that name: a third-party app claiming one of those names is still reported.
"""

from collections import defaultdict

from django.core.checks import Warning
from django.template.backends import django as django_backend

# Library name → the Django module our library replaces (and re-exports, see constant_tags).
DELIBERATE_REPLACEMENTS = {
    "i18n": ("django.templatetags.i18n", "kochbuch.constant_tags.i18n"),
    "static": ("django.templatetags.static", "kochbuch.constant_tags.static"),
}


class DjangoTemplates(django_backend.DjangoTemplates):
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

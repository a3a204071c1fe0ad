"""The template backend: our deliberate replacements of Django's libraries pass Django's check,
any other double claim on a library name is still reported."""

from django.template import engines

from kochbuch.template_backend import DjangoTemplates


def _backend(libraries):
    return DjangoTemplates({"NAME": "probe", "DIRS": [], "APP_DIRS": True,
                            "OPTIONS": {"libraries": libraries}})


def test_the_sites_backend_reports_nothing():
    assert engines["django"].check() == []


def test_our_i18n_and_static_replace_djangos_without_a_warning():
    backend = _backend({"i18n": "kochbuch.constant_tags.i18n", "static": "kochbuch.constant_tags.static"})
    assert backend.check() == []


def test_any_other_module_claiming_a_name_is_still_reported():
    backend = _backend({"i18n": "kochbuch.constant_tags.static", "static": "kochbuch.constant_tags.static",
                        "tz": "kochbuch.constant_tags.i18n"})
    warnings = backend.check()
    assert sorted(warning.id for warning in warnings) == ["templates.W003", "templates.W003"]
    messages = " ".join(warning.msg for warning in warnings)
    assert "'i18n' is used for multiple template tag modules" in messages
    assert "'tz' is used for multiple template tag modules" in messages
    assert "'static'" not in messages

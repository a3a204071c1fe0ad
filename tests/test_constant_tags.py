"""{% translate %}, {% url %} and {% static %} with constant arguments render once per node and
key (kochbuch/constant_tags/): what they give must still follow the language, autoescaping,
the URL configuration and the settings, and anything not constant must render anew."""

from django.template import Context, engines
from django.templatetags.static import static
from django.test import override_settings
from django.urls import path, reverse, set_script_prefix
from django.utils import translation

from kochbuch.constant_tags import ConstantStaticNode, ConstantTranslateNode, ConstantURLNode


def _template(source):
    return engines["django"].from_string(source)


def _render(template, autoescape=True, **values):
    return template.template.render(Context(values, autoescape=autoescape))


def test_the_sites_templates_use_the_constant_nodes():
    template = _template("{% load i18n static %}{% translate 'Ja' %}{% url 'imprint' %}{% static 'x.css' %}")
    kinds = {type(node) for node in template.template.nodelist}
    assert {ConstantTranslateNode, ConstantURLNode, ConstantStaticNode} <= kinds


def test_a_constant_translation_follows_the_active_language():
    template = _template('{% load i18n %}{% translate "Yes" %}')
    with translation.override("de"):
        assert _render(template) == "Ja"
    with translation.override("en"):
        assert _render(template) == "Yes"
    with translation.override("de"):
        assert _render(template) == "Ja"


def test_the_language_tag_inside_a_template_is_followed():
    template = _template('{% load i18n %}{% translate "Yes" %}/'
                         '{% language "en" %}{% translate "Yes" %}{% endlanguage %}/{% translate "Yes" %}')
    with translation.override("de"):
        assert _render(template) == "Ja/Yes/Ja"


@override_settings(ROOT_URLCONF=__name__)
def test_one_node_escapes_or_not_as_each_render_asks():
    template = _template("{% url 'query' 'a&b' %}")
    assert _render(template) == "/suche/a&amp;b/"
    assert _render(template, autoescape=False) == "/suche/a&b/"
    assert _render(template) == "/suche/a&amp;b/"


def test_variables_filters_and_as_are_rendered_anew_each_time():
    template = _template('{% load i18n %}{% translate word %}|{% translate "Yes"|lower %}|'
                         '{% translate "Yes" as kept %}{{ kept }}|{% url "recipe_detail" slug %}')
    with translation.override("de"):
        first = _render(template, word="Yes", slug="eins")
        second = _render(template, word="No", slug="zwei")
    assert first == f"Ja|ja|Ja|{reverse('recipe_detail', args=['eins'])}"
    assert second == f"Nein|ja|Ja|{reverse('recipe_detail', args=['zwei'])}"


def test_a_constant_url_follows_the_script_prefix_and_the_url_configuration():
    template = _template("{% url 'imprint' %}")
    assert _render(template) == "/impressum/"
    set_script_prefix("/kochbuch/")
    try:
        assert _render(template) == "/kochbuch/impressum/"
    finally:
        set_script_prefix("/")
    with override_settings(ROOT_URLCONF=__name__):
        assert _render(template) == "/anderswo/"
    assert _render(template) == "/impressum/"


def test_a_constant_static_address_follows_the_static_settings():
    template = _template("{% load static %}{% static 'css/site.css' %}")
    assert _render(template) == static("css/site.css")
    with override_settings(STATIC_URL="/andere-dateien/"):
        assert _render(template).startswith("/andere-dateien/")
    assert _render(template) == static("css/site.css")


def _nothing(request):  # pragma: no cover (only reversed, never called)
    raise AssertionError


urlpatterns = [path("anderswo/", _nothing, name="imprint"), path("suche/<str:q>/", _nothing, name="query")]

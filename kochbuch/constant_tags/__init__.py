"""``{% translate "…" %}``, ``{% url 'name' %}`` and ``{% static '…' %}`` with constant
arguments, computed once.

Why: every page's frame (header, menu, footer) holds some 30 translated strings and 15
addresses, and Django looks each one up anew on every render: the active language through
asgiref's context-local storage, the merged catalogue, the URL resolver. On a page no cache
answers (a search the cache has not seen, a shared page rendered anew) that was about 1 ms of
CPU per request (issue 13). A tag whose arguments are all literals gives the same text for
the same language and URL configuration, so each node keeps what it rendered under
(language, autoescape) or (URL configuration, script prefix, app, autoescape); a static
file's address (its hashed name, read from the manifest when the process starts) under
autoescape alone.

Everything else (variables, filters, ``as var``, ``noop``, a context) renders as Django's own
tags do. A change of the settings that decide the text (tests' ``override_settings``) starts a
new epoch, so no node serves what an older configuration rendered.

Registered in settings.TEMPLATES (a template library is a module's ``register``):
``kochbuch.constant_tags.i18n`` as the library "i18n" (all of Django's i18n tags, ``translate``
and ``trans`` replaced), ``.static`` as "static", ``.url`` as a builtin (replaces ``url``).
"""

from django import template
from django.core.signals import setting_changed
from django.template import defaulttags
from django.templatetags import i18n, static
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation

_SETTINGS = {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS", "ROOT_URLCONF",
             "FORCE_SCRIPT_NAME", "USE_I18N", "STATIC_URL", "STORAGES"}
_epoch = [0]


def _new_epoch(*, setting, **kwargs):
    if setting in _SETTINGS:
        _epoch[0] += 1


setting_changed.connect(_new_epoch)


def _is_literal(expression) -> bool:
    return expression is not None and not expression.is_var and not expression.filters


class _Memo:
    """Rendered output per key; a handful of keys per node (one language, autoescape on)."""

    def __init__(self):
        self.outputs = {}

    def get_or_render(self, key, render):
        try:
            return self.outputs[key]
        except KeyError:
            output = self.outputs[key] = render()
            return output


class ConstantTranslateNode(i18n.TranslateNode):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # (TranslateNode turns a literal into a Variable of a quoted string: a literal still.)
        variable = self.filter_expression.var
        constant = getattr(variable, "literal", None) is not None and not self.filter_expression.filters
        self._memo = _Memo() if constant and not (self.noop or self.asvar or self.message_context) else None

    @classmethod
    def from_node(cls, node):
        return cls(node.filter_expression, node.noop, node.asvar, node.message_context)

    def render(self, context):
        if self._memo is None:
            return super().render(context)
        key = (_epoch[0], translation.get_language(), context.autoescape)
        return self._memo.get_or_render(key, lambda: super(ConstantTranslateNode, self).render(context))


class ConstantURLNode(defaulttags.URLNode):
    def __init__(self, view_name, args, kwargs, asvar):
        super().__init__(view_name, args, kwargs, asvar)
        constant = (_is_literal(view_name) and all(map(_is_literal, args))
                    and all(map(_is_literal, kwargs.values())) and not asvar)
        self._memo = _Memo() if constant else None

    @classmethod
    def from_node(cls, node):
        return cls(node.view_name, node.args, node.kwargs, node.asvar)

    def render(self, context):
        if self._memo is None:
            return super().render(context)
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        key = (_epoch[0], get_urlconf(), get_script_prefix(), current_app, context.autoescape)
        return self._memo.get_or_render(key, lambda: super(ConstantURLNode, self).render(context))


class ConstantStaticNode(static.StaticNode):
    def __init__(self, varname=None, path=None):
        super().__init__(varname, path)
        self._memo = _Memo() if _is_literal(path) and varname is None else None

    @classmethod
    def from_node(cls, node):
        return cls(node.varname, node.path)

    def render(self, context):
        if self._memo is None:
            return super().render(context)
        key = (_epoch[0], context.autoescape)
        return self._memo.get_or_render(key, lambda: super(ConstantStaticNode, self).render(context))


def constant_tag(tag_function, node_class):
    """Django's tag function, with its node re-made as ``node_class`` (same arguments)."""
    def compile_tag(parser, token):
        node = tag_function(parser, token)
        return node_class.from_node(node) if type(node) is node_class.__mro__[1] else node
    compile_tag.__doc__ = tag_function.__doc__
    return compile_tag


def library(django_library, replaced) -> template.Library:
    """A copy of ``django_library`` with the tags of ``replaced`` ({name: tag function})."""
    library = template.Library()
    library.tags.update(django_library.tags)
    library.filters.update(django_library.filters)
    for name, function in replaced.items():
        library.tag(name, function)
    return library

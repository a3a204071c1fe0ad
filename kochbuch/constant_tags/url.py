"""A builtin ``{% url %}`` whose constant addresses are reversed once (see the package)."""

from django.template import Library, defaulttags

from kochbuch.constant_tags import ConstantURLNode, constant_tag, library

register = library(Library(), {"url": constant_tag(defaulttags.url, ConstantURLNode)})

"""Django's static tags, ``{% static '…' %}`` with a literal rendered once (see the package)."""

from django.templatetags import static

from kochbuch.constant_tags import ConstantStaticNode, constant_tag, library

register = library(static.register, {"static": constant_tag(static.do_static, ConstantStaticNode)})

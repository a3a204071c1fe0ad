"""Django's i18n tags, ``{% translate %}`` with a literal rendered once (see the package)."""

from django.templatetags import i18n

from kochbuch.constant_tags import ConstantTranslateNode, constant_tag, library

_translate = constant_tag(i18n.do_translate, ConstantTranslateNode)
register = library(i18n.register, {"translate": _translate, "trans": _translate})

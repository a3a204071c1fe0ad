"""``{% personal "name" key=value … %}``: a personal place on a page (``kochbuch.fragments``).

Registered as the template library "fragments" (settings.TEMPLATES), as kochbuch is no app.
"""

from django import template

from kochbuch.fragments import personal as personal_place

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, name, **args):
    """Filled for the reader now, or a slot that each request fills when the page is shared."""
    return personal_place(context.get("request"), name, **args)

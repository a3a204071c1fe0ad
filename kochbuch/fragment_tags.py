"""``{% personal "name" key=value … %}``: a personal place on a page (``kochbuch.fragments``);
``{% mine owner_id %}…{% others %}…{% endmine %}``: a piece that differs for its owner.

Registered as the template library "fragments" (settings.TEMPLATES), as kochbuch is no app.
"""

from django import template
from django.utils.safestring import SafeString

from kochbuch.fragments import builder
from kochbuch.fragments import personal as personal_place

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, name, **args):
    """Filled for the reader now, or a slot that each request fills when the page is shared."""
    return personal_place(context.get("request"), name, **args)


class MineNode(template.Node):
    def __init__(self, owner, for_owner, for_others):
        self.owner, self.for_owner, self.for_others = owner, for_owner, for_others

    def render(self, context):
        owner = self.owner.resolve(context)
        request = context.get("request")
        shared = builder(request)
        if shared is not None:  # both, and each request shows the reader's
            return shared.mine(owner, self.for_owner.render(context), self.for_others.render(context))
        user = getattr(request, "user", None)
        own = owner is not None and user is not None and user.is_authenticated and owner == user.pk
        return SafeString((self.for_owner if own else self.for_others).render(context))  # nosec B703 (rendered)


@register.tag
def mine(parser, token):
    """``{% mine owner_id %}what the owner sees{% others %}what everyone else sees{% endmine %}``

    The reader's own things on a page shared by a role (a proposal's own row in the queue):
    rendered for the reader at once, or, on a shared page, both kept and the reader's chosen at
    each request. ``owner_id`` None means nobody's own.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% mine %} takes the owner's id")
    for_owner = parser.parse(("others", "endmine"))
    if parser.next_token().contents == "others":
        for_others = parser.parse(("endmine",))
        parser.delete_first_token()
    else:
        for_others = template.NodeList()
    return MineNode(parser.compile_filter(bits[1]), for_owner, for_others)

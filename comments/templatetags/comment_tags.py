from django import template

register = template.Library()


@register.filter
def described(field, extra_ids=""):
    """The field's widget with its help text and errors linked by ``aria-describedby``.

    Screen readers then read the error with the field; ``extra_ids`` adds more (e.g. the
    form-wide error that a refused comment shows above the field).
    """
    ids = [name for name in (extra_ids or "").split() if name]
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)

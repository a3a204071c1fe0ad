from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken
from kochbuch.forms import WithoutControlCharacters


class TokenForm(WithoutControlCharacters, forms.Form):
    name = forms.CharField(label=_("Bezeichnung"), max_length=80,
                           help_text=_("Wofür Sie den Schlüssel nutzen, z. B. „Intranet der Stadt“."))
    scopes = forms.MultipleChoiceField(
        label=_("Rechte"), choices=ApiToken.Scope.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Bitte wählen Sie mindestens ein Recht.")},
    )

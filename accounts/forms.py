from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from kochbuch.forms import WithoutControlCharacters

# One wording for "no answer" in every Bundesland select (Django would show "---------").
NO_BUNDESLAND = ("", _("– keine Angabe –"))
BUNDESLAND_CHOICES = [NO_BUNDESLAND] + list(User._meta.get_field("bundesland").choices)

PROFILE_FIELDS = [
    "display_name", "funktion", "institution", "bundesland",
    "show_funktion", "show_institution", "show_bundesland",
]


class SignupForm(WithoutControlCharacters, forms.Form):
    """Extra fields on allauth's sign-up form (allauth calls ``signup`` after creating the user)."""

    display_name = forms.CharField(
        label=_("Anzeigename"), max_length=80,
        help_text=_("So erscheinen Sie bei Kommentaren und Vorschlägen, z. B. „Anna Schmidt“."),
    )
    institution = forms.CharField(label=_("Institution/Kommune"), max_length=160, required=False)
    bundesland = forms.ChoiceField(
        label=_("Bundesland"), required=False,
        choices=BUNDESLAND_CHOICES,
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.institution = self.cleaned_data["institution"]
        user.bundesland = self.cleaned_data["bundesland"]
        user.save(update_fields=["display_name", "institution", "bundesland"])


class ProfileForm(WithoutControlCharacters, forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bundesland"].choices = BUNDESLAND_CHOICES


class AccountDeleteForm(forms.Form):
    """Deleting needs the password, so a forgotten open session cannot do it."""

    password = forms.CharField(label=_("Ihr Passwort"), widget=forms.PasswordInput)
    confirm = forms.BooleanField(
        label=_("Ich möchte mein Konto endgültig löschen. Meine Beiträge bleiben ohne meinen Namen erhalten."),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Das Passwort stimmt nicht."))
        return password

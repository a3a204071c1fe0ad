import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from kochbuch.forms import WithoutControlCharacters
from recipes.forms import MARKDOWN_HELP
from recipes.markdown_guard import TEXT_MAX_LENGTH, validate_markdown


def _body_field(label=_("Text (Markdown)"), required=False):
    # strip=False: the text comes back exactly as shown, so only real edits become changes.
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": 22}), required=required,
        help_text=MARKDOWN_HELP, max_length=TEXT_MAX_LENGTH, strip=False, validators=[validate_markdown],
    )


class ProposalForm(WithoutControlCharacters, forms.Form):
    """A change to an existing recipe; ``base_version`` is the version its author saw."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    body = _body_field()
    summary = forms.CharField(
        label=_("Kurze Begründung"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Warum schlagen Sie die Änderung vor? Die Moderation liest das zuerst, "
                    "z. B. „Rechtslage seit 2024 geändert (OZG 2.0)“."),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput)


class NewRecipeProposalForm(WithoutControlCharacters, forms.Form):
    number = forms.CharField(
        label=_("Nummer"), max_length=20,
        help_text=_("Wo das Rezept im Kapitel steht, z. B. „7.1.5“; vorgeschlagen ist die "
                    "nächste freie Nummer."),
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    body = _body_field(required=True)
    summary = ProposalForm.base_fields["summary"]


class ReviseForm(WithoutControlCharacters, forms.Form):
    title = ProposalForm.base_fields["title"]
    body = _body_field()
    summary = ProposalForm.base_fields["summary"]
    message = forms.CharField(
        label=_("Anmerkung zur Überarbeitung (freiwillig)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Was haben Sie geändert? Erscheint im Verlauf des Vorschlags."),
    )

    def __init__(self, *args, new_recipe=False, **kwargs):
        super().__init__(*args, **kwargs)
        if new_recipe:
            self.fields = {"number": copy.deepcopy(NewRecipeProposalForm.base_fields["number"]),
                           **self.fields}
            self.fields["body"].required = True


class ModeratorEditForm(WithoutControlCharacters, forms.Form):
    """The moderator's version of the proposal, accepted in one step."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    body = _body_field()
    message = forms.CharField(
        label=_("Nachricht an die Autorin oder den Autor (freiwillig)"), required=False,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Was Sie vor der Übernahme geändert haben und warum."),
    )
    current_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

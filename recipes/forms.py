from django import forms
from django.utils.translation import gettext_lazy as _

from kochbuch.forms import WithoutControlCharacters
from recipes.markdown_guard import TEXT_MAX_LENGTH, validate_markdown

MARKDOWN_HELP = _(
    "Markdown: **fett**, *kursiv*, „## Zwischenüberschrift“, „- Aufzählung“, "
    "[Linktext](https://…), Querverweise mit [[7.1.3]] oder [[Titel eines Rezepts]]."
)


class RecipeEditForm(WithoutControlCharacters, forms.Form):
    """A direct edit; ``base_version`` is the version the editor started from."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    body = forms.CharField(
        label=_("Text (Markdown)"), widget=forms.Textarea(attrs={"rows": 22}), required=False,
        help_text=MARKDOWN_HELP, max_length=TEXT_MAX_LENGTH, validators=[validate_markdown],
    )
    comment = forms.CharField(
        label=_("Kurze Beschreibung der Änderung"), max_length=300,
        help_text=_("Erscheint in der Versionsgeschichte, z. B. „Beispiel aus Gütersloh ergänzt“."),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_body(self):
        # Browsers send CRLF; stored texts use LF, or every line would look changed in diffs.
        return self.cleaned_data["body"].replace("\r\n", "\n")
    current_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

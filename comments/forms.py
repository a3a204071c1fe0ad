from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from comments.anchoring import paragraph_anchor, selection_anchor
from kochbuch.forms import WithoutControlCharacters
from recipes.markdown_guard import validate_markdown


class CommentForm(WithoutControlCharacters, forms.Form):
    """A comment or reply; on a passage when ``absatz`` (and for a selection ``zitat``) is set.

    The length limit is checked by the service, not by a ``maxlength`` attribute: a browser
    would silently cut a longer pasted text, and nothing anyone typed may be lost.
    """

    body = forms.CharField(label=_("Ihr Kommentar"), widget=forms.Textarea(attrs={"rows": 6}),
                           validators=[validate_markdown])
    absatz = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    zitat = forms.CharField(required=False, max_length=4000, strip=False, widget=forms.HiddenInput)
    davor = forms.CharField(required=False, max_length=400, strip=False, widget=forms.HiddenInput)
    danach = forms.CharField(required=False, max_length=400, strip=False, widget=forms.HiddenInput)

    def __init__(self, *args, blocks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocks = blocks or []
        self.fields["body"].help_text = gettext(
            "Markdown: *kursiv*, **fett**, [Linktext](https://…), Listen mit „-“, > Zitat, `Code`. "
            "Höchstens %(limit)s Zeichen."
        ) % {"limit": settings.COMMENTS_MAX_LENGTH}

    def clean(self):
        data = super().clean()
        data["anchor"] = None
        block_id = data.get("absatz")
        if not block_id:
            return data
        if data.get("zitat", "").strip():
            anchor = selection_anchor(self.blocks, block_id=block_id, quote=data["zitat"],
                                      prefix=data.get("davor", ""), suffix=data.get("danach", ""))
        else:
            anchor = paragraph_anchor(self.blocks, block_id)
        if anchor is None:
            # Shown again without the passage, so sending once more posts the comment as such.
            self.data = self.data.copy()
            for name in ("absatz", "zitat", "davor", "danach"):
                self.data[name] = ""
            raise forms.ValidationError(
                _("Die gewählte Textstelle steht so nicht (mehr) im Text. Bitte wählen Sie sie erneut "
                  "aus oder senden Sie den Kommentar ohne Textstelle."),
                code="passage_gone",
            )
        data["anchor"] = anchor
        return data


class ReasonForm(WithoutControlCharacters, forms.Form):
    """A reason for a report or a moderation act (required where the service requires it)."""

    reason = forms.CharField(label=_("Begründung"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=1000)

    def __init__(self, *args, required=True, label=None, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if label:
            self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text

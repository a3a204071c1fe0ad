from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import Bundesland
from kochbuch.forms import WithoutControlCharacters
from practice.models import SIZES, PracticeReport
from recipes.markdown_guard import validate_markdown
from recipes.models import Chapter

MAX_TEXT = 5000
MAX_LINKS = 10
MARKDOWN_HELP = _("Markdown: *kursiv*, **fett**, [Linktext](https://…), Listen mit „-“. Höchstens 5000 Zeichen.")


def _text(label, help_text=MARKDOWN_HELP, rows=5):
    return forms.CharField(label=label, required=False, max_length=MAX_TEXT, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}), validators=[validate_markdown])


class ReportForm(WithoutControlCharacters, forms.ModelForm):
    adaptations = _text(_("Was wir angepasst haben"))
    results = _text(_("Ergebnisse"))
    figures = _text(_("Kennzahlen (freiwillig)"), rows=3, help_text=_(
        "Zum Beispiel Bearbeitungszeit vorher/nachher, Fallzahlen, Kosten – gern als Liste."))
    lessons = _text(_("Was wir gelernt haben"))
    links = forms.CharField(label=_("Links"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Eine Adresse (https://…) pro Zeile, höchstens zehn."))

    class Meta:
        model = PracticeReport
        fields = ["status", "since", "adaptations", "results", "figures", "lessons", "links",
                  "contact", "show_contact"]
        widgets = {"since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "since": _("Seit wann der Stand gilt (ungefähr genügt)."),
            "contact": _("Zum Beispiel Amt und Telefon oder eine Funktionsadresse."),
            "show_contact": _("Nur wenn angekreuzt, sehen alle den Kontakt."),
        }

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise forms.ValidationError(_("Höchstens zehn Links."))
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("„%(line)s“ ist keine Adresse, die mit https:// oder http:// beginnt.") % {"line": line[:100]}
                ) from None
        return "\n".join(lines)


class ReasonForm(WithoutControlCharacters, forms.Form):
    reason = forms.CharField(label=_("Begründung"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=1000)

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


def _choices(pairs):
    return [("", _("alle"))] + list(pairs)


class MapFilterForm(forms.Form):
    """The filters of "Wer hat was umgesetzt?" (GET): wrong values are ignored, not errors."""

    land = forms.ChoiceField(label=_("Bundesland"), required=False, choices=_choices(Bundesland.choices))
    kapitel = forms.TypedChoiceField(label=_("Kapitel"), required=False, coerce=int, empty_value=None)
    stand = forms.ChoiceField(label=_("Stand"), required=False,
                              choices=_choices(PracticeReport.Status.choices))
    groesse = forms.ChoiceField(label=_("Größe"), required=False,
                                choices=_choices((key, label) for key, label, _low, _high in SIZES))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kapitel"].choices = _choices(
            (chapter.number, f"{chapter.number}. {chapter.title}")
            for chapter in Chapter.objects.order_by("order", "number").only("number", "title"))

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}


class KommuneSearchForm(WithoutControlCharacters, forms.Form):
    q = forms.CharField(label=_("Name der Kommune"), required=False, max_length=100)

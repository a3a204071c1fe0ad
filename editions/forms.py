from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kochbuch.forms import WithoutControlCharacters
from recipes.markdown_guard import NOTE_MAX_LENGTH, validate_markdown

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"


class ImportUploadForm(forms.Form):
    upload = forms.FileField(
        label=_("Datei"),
        help_text=_("Die Druck-PDF einer Ausgabe oder ein ZIP mit Markdown-Dateien (Format wie der "
                    "Markdown-Export). Höchstens %(mb)s MB.") % {"mb": settings.IMPORT_MAX_UPLOAD_MB},
    )
    edition_name = forms.CharField(label=_("Name der Ausgabe"), max_length=80, initial="Ausgabe 2016")
    edition_date = forms.DateField(
        label=_("Datum der Ausgabe"), required=False, initial="2016-09-22",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Das Datum, unter dem die Ausgabe erschienen ist (die Ausgabe 2016: September 2016). "
                    "Leer lassen: Das Datum wird aus den Angaben der PDF-Datei gelesen."),
    )

    def clean_upload(self):
        """Size and content type are checked before anything parses the file."""
        upload = self.cleaned_data["upload"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("Die Datei ist zu groß (%(size).1f MB; erlaubt sind %(max)s MB).")
                % {"size": upload.size / 1024 / 1024, "max": settings.IMPORT_MAX_UPLOAD_MB}
            )
        head = upload.read(8)
        upload.seek(0)
        if head.startswith(PDF_MAGIC):
            self.cleaned_data["format"] = "pdf"
        elif head.startswith(ZIP_MAGIC):
            self.cleaned_data["format"] = "markdown"
        else:
            raise forms.ValidationError(
                _("Die Datei ist weder eine PDF-Datei noch ein ZIP-Archiv mit Markdown-Dateien.")
            )
        return upload


class EditionPublishForm(WithoutControlCharacters, forms.Form):
    name = forms.CharField(label=_("Name der Ausgabe"), max_length=80,
                           help_text=_("z. B. „Ausgabe 2027“; daraus entsteht die Adresse /ausgaben/2027/."))
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(
        label=_("Redaktionelle Anmerkung"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        max_length=NOTE_MAX_LENGTH, validators=[validate_markdown],
        help_text=_("Markdown. Erscheint über dem Inhaltsverzeichnis der Ausgabe und im Druck."),
    )
    with_reports = forms.BooleanField(
        label=_("Erfahrungsberichte je Kapitel aufnehmen"), required=False, initial=True,
        help_text=_("Druckfassung und Markdown-Dateien schließen jedes Kapitel mit den Kommunen, die "
                    "seine Abschnitte umgesetzt haben (Stand, seit wann, Adresse des Berichts). Die "
                    "Liste gibt den Stand beim Erstellen der Datei wieder."),
    )


class EditionCompareForm(forms.Form):
    """Two editions (or "aktuell" for the current state) to compare."""

    von = forms.ChoiceField(label=_("Ältere Fassung"))
    zu = forms.ChoiceField(label=_("Neuere Fassung"))

    def __init__(self, *args, editions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(edition.slug, edition.name) for edition in editions]
        self.fields["von"].choices = choices
        self.fields["zu"].choices = [*choices, ("aktuell", _("Aktueller Stand"))]

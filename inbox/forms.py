from django import forms

from inbox.models import Kind


class PreferencesForm(forms.Form):
    mail = forms.MultipleChoiceField(
        label="E-Mails erhalten zu", required=False, choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Was Sie hier abwählen, finden Sie weiter unter „Neuigkeiten“, nur ohne E-Mail.",
    )
    show_contributions = forms.BooleanField(
        label="Meine Beiträge in meinem öffentlichen Profil zeigen", required=False,
        help_text="Bearbeitungen, übernommene Vorschläge, Kommentare und Prüfungen mit ihrer Anzahl.",
    )

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts.roles import MODERATION, REDAKTION
from kochbuch.forms import WithoutControlCharacters
from reviews.models import NOTE_MAX_LENGTH


class ReviewForm(WithoutControlCharacters, forms.Form):
    note = forms.CharField(
        label="Vermerk", required=False, max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Was geprüft wurde, z. B. „Rechtsgrundlagen und Links geprüft“ (höchstens 1.000 Zeichen).",
    )
    next_due = forms.DateField(
        label="Nächste Prüfung fällig am", required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leer lassen für das Prüfintervall des Kapitels.",
    )
    assignee = forms.ModelChoiceField(
        label="Zuständig für die nächste Prüfung", required=False, queryset=None,
        empty_label="ich selbst",
        help_text="Wer erinnert wird, wenn die nächste Prüfung fällig ist.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            get_user_model().objects.filter(Q(groups__name=MODERATION) | Q(groups__name=REDAKTION),
                                            is_active=True).distinct().order_by("display_name")
        )
        self.fields["assignee"].label_from_instance = lambda user: user.public_name

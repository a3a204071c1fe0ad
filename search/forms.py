from django import forms
from django.utils.translation import gettext_lazy as _

from editions.models import Edition
from recipes.models import Chapter, Tag

RECIPES, COMMENTS, PRACTICE = "rezepte", "kommentare", "berichte"
MAX_PAGE = 500


class SearchForm(forms.Form):
    """The query and its filters, read from the address (GET).

    A filter value that does not exist (an old link, a hand-edited address) is simply not
    applied; the search itself never fails because of it. The choices are loaded once (one
    query per list) and also serve the template's select boxes.
    """

    q = forms.CharField(label=_("Suchbegriff"), required=False, strip=True)
    bereich = forms.ChoiceField(
        choices=[(RECIPES, _("Rezepte")), (COMMENTS, _("Kommentare")), (PRACTICE, _("Erfahrungsberichte"))],
        required=False,
    )
    kapitel = forms.TypedChoiceField(label=_("Kapitel"), coerce=int, required=False)
    schlagwort = forms.ChoiceField(label=_("Schlagwort"), required=False)
    ausgabe = forms.ChoiceField(label=_("Fassung"), required=False)
    seite = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)

    def __init__(self, data):
        super().__init__(data)
        self.chapters = list(Chapter.objects.in_order().only("pk", "number", "title"))
        tags = list(Tag.objects.only("pk", "kind", "name", "slug"))
        self.themen = [tag for tag in tags if tag.kind == Tag.Kind.THEMA]
        self.stichworte = [tag for tag in tags if tag.kind == Tag.Kind.STICHWORT]
        self.editions = list(Edition.objects.only("pk", "name", "slug", "date"))
        self.fields["kapitel"].choices = [("", "")] + [(c.number, str(c)) for c in self.chapters]
        self.fields["schlagwort"].choices = [("", "")] + [(self.tag_value(t), t.name) for t in tags]
        self.fields["ausgabe"].choices = [("", "")] + [(e.slug, e.name) for e in self.editions]

    @staticmethod
    def tag_value(tag):
        return f"{tag.kind}:{tag.slug}"

    def value(self, name, default=None):
        """The cleaned value of a field, or ``default`` when it is missing or invalid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or default

    @property
    def tab(self):
        return self.value("bereich", RECIPES)

    @property
    def chapter(self):
        number = self.value("kapitel")
        return next((c for c in self.chapters if c.number == number), None)

    @property
    def tag(self):
        value = self.value("schlagwort")
        return next((t for t in self.themen + self.stichworte if self.tag_value(t) == value), None)

    @property
    def edition(self):
        slug = self.value("ausgabe")
        return next((e for e in self.editions if e.slug == slug), None)

from django import forms
from django.utils.translation import gettext_lazy as _

from search.choices import search_choices

RECIPES, COMMENTS, PRACTICE = "rezepte", "kommentare", "berichte"
MAX_PAGE = 500


class SearchForm(forms.Form):
    """The query and its filters, read from the address (GET).

    A filter value that does not exist (an old link, a hand-edited address) is simply not
    applied; the search itself never fails because of it. The choices come from
    ``search.choices`` (loaded once per content generation) and also serve the template's
    select boxes, with their options rendered once.
    """

    q = forms.CharField(label=_("Suchbegriff"), required=False, strip=True)
    bereich = forms.ChoiceField(
        choices=[(RECIPES, _("Rezepte")), (COMMENTS, _("Kommentare")), (PRACTICE, _("Erfahrungsberichte"))],
        required=False,
    )
    # Checked against the choices by the properties below (a choice field would copy and
    # normalise a hundred choices per request).
    kapitel = forms.IntegerField(label=_("Kapitel"), required=False)
    schlagwort = forms.CharField(label=_("Schlagwort"), required=False)
    ausgabe = forms.CharField(label=_("Fassung"), required=False)
    seite = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)

    def __init__(self, data):
        super().__init__(data)
        self.choices = choices = search_choices()
        self.chapters, self.themen, self.stichworte = choices.chapters, choices.themen, choices.stichworte
        self.editions = choices.editions

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
        return next((t for t in self.choices.tags if t.value == value), None)

    @property
    def edition(self):
        slug = self.value("ausgabe")
        return next((e for e in self.editions if e.slug == slug), None)

    # The select boxes' options, the chosen one marked (rendered once per generation).
    def chapter_options(self):
        chapter = self.chapter
        return self.choices.chapter_options.html(str(chapter.number) if chapter else None)

    def thema_options(self):
        tag = self.tag
        return self.choices.thema_options.html(tag.value if tag else None)

    def stichwort_options(self):
        tag = self.tag
        return self.choices.stichwort_options.html(tag.value if tag else None)

    def edition_options(self):
        edition = self.edition
        return self.choices.edition_options.html(edition.slug if edition else None)

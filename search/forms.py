from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from search.choices import search_choices

RECIPES, COMMENTS, PRACTICE = "rezepte", "kommentare", "berichte"
MAX_PAGE = 500


class SearchForm:
    """The query and its filters, read from the address (GET).

    A value that is missing or invalid (an old link, a hand-edited address) is simply not
    applied; the search itself never fails because of it. Django's form fields clean each
    value, but not through a ``forms.Form``: a form copies its fields (``deepcopy``) for every
    request, which cost a search more than cleaning six values (issue 13); these fields hold no
    state, so one set serves every request. The choices come from ``search.choices`` (loaded
    once per content generation) and also serve the template's select boxes, with their
    options rendered once.
    """

    fields = {
        "q": forms.CharField(label=_("Suchbegriff"), required=False, strip=True),
        "bereich": forms.ChoiceField(
            choices=[(RECIPES, _("Rezepte")), (COMMENTS, _("Kommentare")), (PRACTICE, _("Erfahrungsberichte"))],
            required=False,
        ),
        # Checked against the choices by the properties below (a choice field would copy and
        # normalise a hundred choices per request).
        "kapitel": forms.IntegerField(label=_("Kapitel"), required=False),
        "schlagwort": forms.CharField(label=_("Schlagwort"), required=False),
        "ausgabe": forms.CharField(label=_("Fassung"), required=False),
        "seite": forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False),
    }

    def __init__(self, data, *, generation=None):
        """``generation``: the content generation, when the request has read it already."""
        self.cleaned_data = {}
        for name, field in self.fields.items():
            try:
                self.cleaned_data[name] = field.clean(field.widget.value_from_datadict(data, {}, name))
            except ValidationError:
                pass
        self.choices = choices = search_choices(generation)
        self.chapters, self.themen, self.stichworte = choices.chapters, choices.themen, choices.stichworte
        self.editions = choices.editions

    def value(self, name, default=None):
        """The cleaned value of a field, or ``default`` when it is missing or invalid."""
        return self.cleaned_data.get(name) or default

    @property
    def tab(self):
        return self.value("bereich", RECIPES)

    @cached_property
    def chapter(self):
        return self.choices.chapter_by_number.get(self.value("kapitel"))

    @cached_property
    def tag(self):
        return self.choices.tag_by_value.get(self.value("schlagwort"))

    @cached_property
    def edition(self):
        return self.choices.edition_by_slug.get(self.value("ausgabe"))

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

"""The shapes of the API's answers and requests, for the OpenAPI document and for validation.

Read endpoints build plain dicts (``api/representations.py``) in a fixed number of queries;
these serializers describe them, and the tests check every answer against the document.
Write endpoints validate their JSON with the request serializers here before a service runs.
"""

from rest_framework import serializers

from kochbuch.forms import without_control_characters
from recipes.models import RevisionInfo

URL = serializers.URLField
TEXT = serializers.CharField
MAX_ID = 2**63 - 1  # the largest database id


class StrictText(serializers.CharField):
    """A JSON string, nothing else: 42 or ["a"] is an error, not silently the text "42".
    Control characters are dropped, as the web forms do (``kochbuch.forms``)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(without_control_characters(data))

    default_error_messages = {"not_a_string": "Erwartet wird ein Text (JSON-String)."}


class Licence(serializers.Serializer):
    name = TEXT()
    url = URL()


class Pages(serializers.Serializer):
    start = serializers.IntegerField(allow_null=True)
    end = serializers.IntegerField(allow_null=True)
    label = TEXT(help_text="z. B. „S. 101–102“; leer, wenn unbekannt")


class TagOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["thema", "stichwort"])
    name = TEXT()
    slug = TEXT()


class Person(serializers.Serializer):
    id = serializers.IntegerField()
    name = TEXT()
    details = serializers.ListField(child=TEXT(), help_text="Funktion, Institution, Bundesland, soweit öffentlich")
    html_url = URL()


class ChapterRef(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    slug = TEXT()
    title = TEXT()
    url = URL()


class ChapterSummary(ChapterRef):
    subtitle = TEXT()
    teaser = TEXT()
    pages = Pages()
    html_url = URL()
    recipes_url = URL()


class RecipeRef(serializers.Serializer):
    id = serializers.IntegerField()
    number = TEXT()
    slug = TEXT()
    title = TEXT()
    url = URL()


class RecipeSummary(RecipeRef):
    level = serializers.IntegerField(help_text="2 für 7.1, 3 für 7.1.3")
    chapter = ChapterRef()
    parent = RecipeRef(allow_null=True)
    tags = TagOut(many=True)
    pages = Pages()
    source_edition = TEXT()
    updated_at = serializers.DateTimeField()
    html_url = URL()


class ChapterDetail(ChapterSummary):
    intro_markdown = TEXT()
    intro_html = TEXT(help_text="bereinigtes HTML (dieselbe Darstellung wie auf der Website)")
    recipes = RecipeRef(many=True)
    comments_url = URL()


class VersionRef(serializers.Serializer):
    id = serializers.IntegerField()
    url = URL()


class Neighbour(serializers.Serializer):
    number = TEXT()
    title = TEXT()
    url = URL(help_text="führt über die Nummer zum Rezept")
    html_url = URL()


class ReviewState(serializers.Serializer):
    reviewed_at = serializers.DateTimeField(help_text="wann die Fassung fachlich geprüft wurde")
    reviewer = TEXT(help_text="wer geprüft hat (leer: Konto gelöscht)")
    next_due = serializers.DateField(help_text="wann die nächste Prüfung fällig ist")
    overdue = serializers.BooleanField()
    reviewed_version = VersionRef()
    changed_since = serializers.BooleanField(help_text="der Text wurde seit der Prüfung geändert")


class RecipeDetail(RecipeSummary):
    body_markdown = TEXT()
    body_html = TEXT(help_text="bereinigtes HTML (dieselbe Darstellung wie auf der Website)")
    review = ReviewState(allow_null=True, help_text="„fachlich geprüft“: die letzte Prüfung, oder null")
    authors = Person(many=True, help_text="wer Fassungen dieses Rezepts verfasst hat, zuerst die jüngsten")
    current_version = VersionRef()
    previous = Neighbour(allow_null=True)
    next = Neighbour(allow_null=True)
    versions_url = URL()
    diff_url = URL()
    comments_url = URL()
    proposals_url = URL()


class VersionSummary(serializers.Serializer):
    id = serializers.IntegerField()
    sequence = serializers.IntegerField(help_text="1 für die erste Fassung")
    created_at = serializers.DateTimeField()
    author = Person(allow_null=True)
    approved_by = Person(allow_null=True)
    kind = serializers.ChoiceField(choices=[*RevisionInfo.Kind.values, ""])
    comment = TEXT()
    title = TEXT()
    url = URL()
    html_url = URL()


class VersionDetail(VersionSummary):
    body_markdown = TEXT()
    body_html = TEXT()
    recipe = RecipeRef()
    is_current = serializers.BooleanField()


class Diff(serializers.Serializer):
    recipe = RecipeRef()
    old = VersionSummary()
    new = VersionSummary()
    title_diff_html = TEXT(help_text="<ins>/<del> im Titel")
    body_diff_html = TEXT(help_text="<ins>/<del> im dargestellten Text")


class Comment(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["visible", "held", "hidden", "deleted"],
                                     help_text="Ausgeblendete und gelöschte Kommentare erscheinen "
                                               "nur als Platzhalter ohne Text, wenn Antworten darunter stehen.")
    author = Person(allow_null=True)
    body_markdown = TEXT(allow_null=True)
    body_html = TEXT(allow_null=True)
    created_at = serializers.DateTimeField(allow_null=True)
    edited_at = serializers.DateTimeField(allow_null=True)
    quote = TEXT(help_text="die zitierte Textstelle, auf die sich der Kommentar bezieht")
    resolved = serializers.BooleanField()
    version_id = serializers.IntegerField(allow_null=True, help_text="die Fassung, zu der geschrieben wurde")
    html_url = URL()
    replies = serializers.ListField(child=serializers.DictField(), help_text="Antworten, gleich aufgebaut")


class Book(serializers.Serializer):
    title = TEXT()
    subtitle = TEXT()
    licence = Licence()
    chapters = ChapterRef(many=True)
    links = serializers.DictField(child=URL())


class EditionSummary(serializers.Serializer):
    id = serializers.IntegerField()
    slug = TEXT()
    name = TEXT()
    date = serializers.DateField()
    note_markdown = TEXT()
    url = URL()
    html_url = URL()
    zip_url = URL()


class SnapshotRecipe(serializers.Serializer):
    id = serializers.IntegerField(help_text="die Id des Rezepts (stabil über Ausgaben hinweg)")
    version_id = serializers.IntegerField()
    number = TEXT()
    slug = TEXT()
    title = TEXT()
    chapter_id = serializers.IntegerField(allow_null=True)
    parent_id = serializers.IntegerField(allow_null=True)
    tags = TagOut(many=True)
    pages = Pages()
    source_edition = TEXT()
    url = URL()


class SnapshotRecipeDetail(SnapshotRecipe):
    body_markdown = TEXT()
    body_html = TEXT()


class SnapshotChapter(serializers.Serializer):
    id = serializers.IntegerField()
    version_id = serializers.IntegerField()
    number = serializers.IntegerField()
    slug = TEXT()
    title = TEXT()
    subtitle = TEXT()
    teaser = TEXT()
    intro_markdown = TEXT()
    pages = Pages()


class EditionDetail(EditionSummary):
    chapters = SnapshotChapter(many=True)
    recipes = SnapshotRecipe(many=True)


class DumpRecipe(SnapshotRecipe):
    body_markdown = TEXT()


class Dump(serializers.Serializer):
    title = TEXT()
    subtitle = TEXT()
    licence = Licence()
    source = URL()
    chapters = SnapshotChapter(many=True)
    recipes = DumpRecipe(many=True)


class SearchHit(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["recipe", "chapter", "comment"])
    title = TEXT()
    title_html = TEXT()
    snippet_html = TEXT()
    in_title = serializers.BooleanField()
    recipe = RecipeRef(allow_null=True)
    html_url = URL()


# --- Nachgekocht: the register of Kommunen and the Erfahrungsberichte --------------------------

class KommuneRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = TEXT()
    art = serializers.ChoiceField(choices=["gemeinde", "stadt", "landkreis", "verbund"])
    bundesland = TEXT(help_text="Kürzel: BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH, TH")
    url = URL()
    html_url = URL()


class KommuneSummary(KommuneRef):
    art_label = TEXT()
    bundesland_name = TEXT()
    ags = TEXT(help_text="Amtlicher Gemeindeschlüssel (8 Ziffern; bei Landkreisen der Kreisschlüssel, "
                         "5 Ziffern); leer, wenn die Daten keinen haben")
    ars = TEXT(help_text="Amtlicher Regionalschlüssel (12 Ziffern), soweit bekannt")
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    population = serializers.IntegerField(allow_null=True)
    is_model = serializers.BooleanField(help_text="eine der acht Modellkommunen des Kochbuchs 2016")
    reports_url = URL(help_text="ihre Erfahrungsberichte")


class ReportSummary(serializers.Serializer):
    id = serializers.IntegerField()
    recipe = RecipeRef()
    kommune = KommuneRef()
    status = serializers.ChoiceField(choices=["geplant", "in_umsetzung", "umgesetzt", "aufgegeben"])
    status_label = TEXT()
    since = serializers.DateField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    url = URL()
    html_url = URL()


class KommuneDetail(KommuneSummary):
    reports = ReportSummary(many=True, help_text="die sichtbaren Erfahrungsberichte")


class ReportDetail(ReportSummary):
    adaptations_markdown = TEXT()
    adaptations_html = TEXT()
    results_markdown = TEXT()
    results_html = TEXT()
    figures_markdown = TEXT()
    figures_html = TEXT()
    lessons_markdown = TEXT()
    lessons_html = TEXT()
    links = serializers.ListField(child=URL())
    contact = TEXT(help_text="nur, wenn die Verfasserin ihn zeigen möchte; sonst leer")
    author = Person(allow_null=True)


class ErrorDetail(serializers.Serializer):
    status = serializers.IntegerField()
    code = TEXT()
    message = TEXT(help_text="auf Deutsch, zum Anzeigen geeignet")
    fields = serializers.DictField(child=serializers.ListField(child=TEXT()), required=False)
    current = serializers.DictField(required=False, help_text="bei 409: die aktuelle Fassung")
    yours = serializers.DictField(required=False, help_text="bei 409: Ihr Text")


class Error(serializers.Serializer):
    error = ErrorDetail()


# --- Requests --------------------------------------------------------------------------------

class CommentIn(serializers.Serializer):
    body = StrictText(trim_whitespace=False, help_text="Markdown (Länge: COMMENTS_MAX_LENGTH)")
    parent = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID,
                                      help_text="Id des Kommentars, auf den Sie antworten")


class ProposalIn(serializers.Serializer):
    base_version = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Id der Fassung, auf der Ihr Text beruht")
    title = StrictText(max_length=200)
    body = StrictText(trim_whitespace=False, allow_blank=True, help_text="Markdown")
    summary = StrictText(max_length=1000, help_text="Begründung für die Moderation")


class ProposalOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = TEXT()
    recipe = RecipeRef()
    base_version = serializers.IntegerField()
    title = TEXT()
    summary = TEXT()
    created_at = serializers.DateTimeField()
    html_url = URL()

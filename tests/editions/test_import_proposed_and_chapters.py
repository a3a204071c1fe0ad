"""An import's new recipes "als Vorschlag", and chapter introductions merged three-way like
recipe texts (editions.forecast, editions.importing, proposals.services)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from reversion.models import Version

from editions.forecast import CONFLICT, MERGED, NEW, PROPOSE, SKIP, TAKE, forecast_import
from editions.importing import structure_from_entries
from editions.models import Edition, EditionVersion, ImportJob
from editions.preview import forecast_chapters, forecast_store
from editions.snapshot import edition_snapshot
from proposals.models import EditProposal
from proposals.services import proposal_accept, proposals_decide
from recipes.bookfiles import RecipeEntry
from recipes.models import Chapter, Recipe, RevisionInfo
from recipes.services import chapter_save
from tests.editions.test_import_merge import PARA_A, PARA_B, PARA_C, apply, body, edit, edition_2016

pytestmark = pytest.mark.django_db

INTRO_1 = "Das Kochbuch hilft den Kommunen. Es beschreibt erprobte Wege."
INTRO_2 = "Jedes Kapitel beginnt mit einem Überblick. Danach folgen die Rezepte."


def _forecast(chapters, recipes):
    return {item.key: item for item in forecast_import(chapters=chapters, recipes=recipes)}


def _counts():
    return (Version.objects.count(), EditProposal.objects.count(), EditionVersion.objects.count(),
            Recipe.objects.count())


# --- A new recipe as a proposal ------------------------------------------------------------

def test_a_new_recipe_may_be_taken_proposed_or_left_out(editor):
    item = _forecast(*edition_2016())["recipe-1.3"]
    assert item.outcome == NEW and item.choices == [TAKE, PROPOSE, SKIP] and item.default_decision == TAKE


def test_a_new_recipe_proposed_waits_for_the_moderation_and_then_joins_the_edition(editor, moderator):
    report = apply(editor, *edition_2016(), decisions={"recipe-1.3": "propose"})
    assert not Recipe.objects.filter(number="1.3").exists()
    proposal = EditProposal.objects.get()
    assert (proposal.number, proposal.chapter.number, proposal.recipe) == ("1.3", 1, None)
    assert proposal.is_new_recipe and proposal.is_from_edition and proposal.author == editor
    assert (proposal.title, proposal.body) == ("Für wen?", body(PARA_C))
    assert (proposal.page_start, proposal.page_end) == (13, 14)
    assert report.proposed == [f"1.3 Für wen?: neues Rezept, wartet als Vorschlag #{proposal.pk}"]
    edition = Edition.objects.get(name="Ausgabe 2016")
    assert [r.number for r in edition_snapshot(edition).recipes] == ["1.1", "1.2"]

    proposal_accept(proposal=proposal, reviewer=editor)  # written by the edition: the importer may decide

    recipe = Recipe.objects.get(number="1.3")
    assert (recipe.title, recipe.body, recipe.page_start, recipe.page_end) == ("Für wen?", body(PARA_C), 13, 14)
    assert recipe.source_edition == "Ausgabe 2016"
    info = Version.objects.get_for_object(recipe).get().revision.info
    assert info.kind == RevisionInfo.Kind.PROPOSAL and info.source_edition == "Ausgabe 2016"
    assert info.approved_by == editor
    snapshot = edition_snapshot(Edition.objects.get(pk=edition.pk))
    assert {r.number: r.body for r in snapshot.recipes}["1.3"] == body(PARA_C)
    # Importing the same edition again now changes nothing.
    before = _counts()
    again = apply(editor, *edition_2016())
    assert _counts() == before and not (again.created or again.updated or again.proposed)


def test_a_new_recipe_accepted_in_part_joins_the_edition_with_the_editions_text(editor, moderator):
    apply(editor, *edition_2016(), decisions={"recipe-1.3": "propose"})
    proposal = EditProposal.objects.get()
    proposal_accept(proposal=proposal, reviewer=moderator, edited_body="Für alle Kommunen.\n")
    assert Recipe.objects.get(number="1.3").body == "Für alle Kommunen.\n"
    snapshot = edition_snapshot(Edition.objects.get(name="Ausgabe 2016"))
    assert {r.number: r.body for r in snapshot.recipes}["1.3"] == body(PARA_C)  # the 2016 text
    history = Version.objects.get_for_object(Recipe.objects.get(number="1.3"))
    assert history.count() == 1  # the edition-only text is no part of the recipe's history


def test_reimporting_finds_the_waiting_proposal_instead_of_taking_or_proposing_again(editor):
    apply(editor, *edition_2016(), decisions={"recipe-1.3": "propose"})
    before = _counts()
    item = _forecast(*edition_2016())["recipe-1.3"]
    assert item.waiting_proposal == EditProposal.objects.get().pk and item.default_decision == PROPOSE
    assert "wartet schon als Vorschlag" in item.reason
    report = apply(editor, *edition_2016())  # no decisions: the defaults
    assert _counts() == before and not Recipe.objects.filter(number="1.3").exists()
    assert not (report.created or report.proposed)
    # A corrected printing of the new recipe is a new proposal; the first still waits.
    apply(editor, *edition_2016(**{"1_3": body("Für alle Kommunen.")}), decisions={"recipe-1.3": "propose"})
    assert EditProposal.objects.waiting().count() == 2


def test_a_subsection_of_a_proposed_section_waits_too_and_all_at_once_creates_both(editor, moderator):
    chapters, recipes = edition_2016()
    recipes.append(RecipeEntry(number="1.3.1", title="Für Landkreise", body=body(PARA_B), page_start=14,
                               page_end=14))
    report = apply(editor, chapters, recipes, decisions={"recipe-1.3": "propose"})  # 1.3.1: "take"
    assert not Recipe.objects.filter(number__startswith="1.3").exists()
    assert sorted(EditProposal.objects.values_list("number", flat=True)) == ["1.3", "1.3.1"]
    assert len(report.proposed) == 2
    # The subsection alone first: refused with the reason, nothing written.
    child_proposal = EditProposal.objects.get(number="1.3.1")
    with pytest.raises(ValidationError, match="Abschnitt 1.3 gibt es nicht"):
        proposal_accept(proposal=child_proposal, reviewer=moderator)
    assert EditProposal.objects.get(pk=child_proposal.pk).status == "open"
    # One decision for everything from this import, the subsection handed in first.
    result = proposals_decide(proposals=list(EditProposal.objects.order_by("-number")), reviewer=moderator,
                              accept=True)
    assert result.refused == [] and len(result.decided) == 2
    child = Recipe.objects.get(number="1.3.1")
    assert child.parent == Recipe.objects.get(number="1.3")


def test_a_new_recipe_without_its_chapter_is_left_out_with_the_reason(editor):
    chapters, recipes = edition_2016()
    report = apply(editor, chapters, recipes, decisions={"chapter-1": "skip", "recipe-1.1": "propose"})
    assert not EditProposal.objects.exists() and not Recipe.objects.exists()
    assert "1.1 Worum geht es?: ausgelassen (als Vorschlag nicht möglich: Kapitel 1 ist nicht übernommen)" \
        in report.skipped
    assert "1.2 Ein Kochbuch?: ausgelassen (Kapitel 1 ist nicht übernommen)" in report.skipped


# --- Chapter introductions: three-way like recipes ----------------------------------------------

def _with_intro(intro, **bodies):
    chapters, recipes = edition_2016(**bodies)
    chapters[0].intro = intro
    return chapters, recipes


def _edit_chapter(user, intro):
    chapter = Chapter.objects.get(number=1)
    chapter.intro = intro
    return chapter_save(chapter=chapter, user=user, comment="Einleitung ergänzt")


def test_a_chapter_introduction_changed_on_both_sides_in_different_passages_is_merged(editor, contributor):
    apply(editor, *_with_intro(body(INTRO_1, INTRO_2)))
    _edit_chapter(contributor, body(INTRO_1, INTRO_2, "Unsere Kommune ergänzt: Lesen lohnt sich."))
    corrected = _with_intro(body("Das Kochbuch hilft allen Kommunen. Es beschreibt erprobte Wege.", INTRO_2))
    item = _forecast(*corrected)["chapter-1"]
    assert item.outcome == MERGED and item.choices == [TAKE, SKIP] and item.default_decision == TAKE
    versions = Version.objects.get_for_object(Chapter.objects.get(number=1)).count()

    report = apply(editor, *corrected)

    chapter = Chapter.objects.get(number=1)
    assert "allen Kommunen" in chapter.intro and "Lesen lohnt sich" in chapter.intro
    newest = Version.objects.get_for_object(chapter)
    assert newest.count() == versions + 1
    info = newest.first().revision.info
    assert info.kind == RevisionInfo.Kind.MERGE and info.source_edition == "Ausgabe 2016"
    assert report.merged == ["Kapitel 1"] and not EditProposal.objects.exists()
    # The edition holds its own introduction, not the merge.
    snapshot = edition_snapshot(Edition.objects.get(name="Ausgabe 2016"))
    assert snapshot.chapters[0].intro == corrected[0][0].intro
    # And again: nothing more.
    before = _counts()
    apply(editor, *corrected)
    assert _counts() == before


def test_a_chapter_introduction_changed_in_the_same_passage_keeps_the_sites_text(editor, contributor):
    apply(editor, *_with_intro(body(INTRO_1, INTRO_2)))
    _edit_chapter(contributor, body("Das Kochbuch hilft den Landkreisen. Es beschreibt erprobte Wege.", INTRO_2))
    corrected = _with_intro(body("Das Kochbuch hilft den Städten. Es beschreibt erprobte Wege.", INTRO_2))
    item = _forecast(*corrected)["chapter-1"]
    assert item.outcome == CONFLICT and "dieselben Stellen geändert (Einleitung)" in item.reason
    assert item.default_decision == SKIP

    apply(editor, *corrected)
    assert "Landkreisen" in Chapter.objects.get(number=1).intro  # the municipality's text stays
    snapshot = edition_snapshot(Edition.objects.get(name="Ausgabe 2016"))
    assert "Städten" in snapshot.chapters[0].intro

    # Importing it again repeats what the edition already holds: the site's text stays.
    assert _forecast(*corrected)["chapter-1"].outcome == "unchanged"


def test_the_editor_may_take_a_conflicting_introduction_and_the_sites_stays_a_version(editor, contributor):
    apply(editor, *_with_intro(body(INTRO_1, INTRO_2)))
    _edit_chapter(contributor, body("Das Kochbuch hilft den Landkreisen. Es beschreibt erprobte Wege.", INTRO_2))
    corrected = _with_intro(body("Das Kochbuch hilft den Städten. Es beschreibt erprobte Wege.", INTRO_2))
    report = apply(editor, *corrected, decisions={"chapter-1": "take"})
    assert report.updated == ["Kapitel 1 (Website-Fassung ersetzt, bleibt in den Versionen)"]
    chapter = Chapter.objects.get(number=1)
    assert "Städten" in chapter.intro
    assert any("Landkreisen" in version.field_dict["intro"] for version in Version.objects.get_for_object(chapter))


def test_the_preview_shows_the_merged_introduction(client, editor, contributor):
    apply(editor, *_with_intro(body(INTRO_1, INTRO_2)))
    _edit_chapter(contributor, body(INTRO_1, INTRO_2, "Unsere Kommune ergänzt: Lesen lohnt sich."))
    chapters, recipes = _with_intro(body("Das Kochbuch hilft allen Kommunen. Es beschreibt erprobte Wege.",
                                         INTRO_2))
    job = ImportJob(edition_name="Ausgabe 2016", original_name="x.pdf", created_by=editor,
                    preview=structure_from_entries(chapters, recipes))
    forecast_store(job, chapters=chapters, recipes=recipes, now=timezone.now())
    (group,) = forecast_chapters(job)
    chapter_item = next(item for item in group["items"] if item.kind == "chapter")
    assert chapter_item.outcome == MERGED
    assert "allen" in str(chapter_item.diff) and "Lesen lohnt sich" in str(chapter_item.diff)


def test_texts_merge_as_before_for_recipes(editor, contributor):
    apply(editor, *edition_2016())
    edit("1.1", contributor, body(PARA_A, PARA_B, PARA_C, "Unsere Erfahrung aus Düren."))
    corrected = edition_2016(**{"1_1": body("Die Verwaltung plant die Gesamtstrategie. Sie klärt "
                                            "die Zuständigkeiten früh.", PARA_B, PARA_C)})
    assert _forecast(*corrected)["recipe-1.1"].outcome == MERGED


def test_the_moderation_sees_the_proposed_new_recipe_as_from_the_edition_and_takes_it_on_the_site(
        client, editor, moderator):
    apply(editor, *edition_2016(), decisions={"recipe-1.3": "propose"}, import_job_id=7)
    proposal = EditProposal.objects.get()
    client.force_login(moderator)
    queue = client.get("/vorschlaege/?herkunft=import").content.decode()
    assert f"#{proposal.pk} " in queue and "Ausgabe 2016 · Bundesministerium des Innern" in queue
    detail = client.get(proposal.get_absolute_url())
    assert detail.status_code == 200 and "Für wen?" in detail.content.decode()
    response = client.post("/vorschlaege/sammelentscheidung/", {"aktion": "alle-annehmen", "import": "7"})
    assert response.status_code == 302
    recipe = Recipe.objects.get(number="1.3")
    assert recipe.body == body(PARA_C)
    page = client.get(recipe.get_absolute_url()).content.decode()
    assert "Ausgabe 2016" in page and "S. 13" in page

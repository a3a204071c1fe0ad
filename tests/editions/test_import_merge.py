"""Importing an edition into a site that already has text: provenance, the forecast classes
(new, unchanged, replaced, merged, conflict), the edition as its own text, idempotent re-imports,
and an atomic apply. Runs on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from reversion.models import Version

from editions import importing
from editions.forecast import CONFLICT, MERGED, NEW, REPLACED, UNCHANGED, forecast_import
from editions.models import Edition, EditionVersion
from editions.services import import_apply
from editions.snapshot import edition_snapshot
from proposals.models import EditProposal
from proposals.services import proposal_accept
from recipes.bookfiles import ChapterEntry, RecipeEntry
from recipes.models import Chapter, Recipe, RevisionInfo, Watch
from recipes.services import book_load, recipe_save

pytestmark = pytest.mark.django_db

SEPT_2016 = datetime.date(2016, 9, 22)
PARA_A = "Die Verwaltung plant die Strategie. Sie klärt die Zuständigkeiten früh."
PARA_B = "Der Posteingang wird gescannt. Die Akten werden elektronisch geführt."
PARA_C = "Die Projektleitung vereinbart Ziele. Der Personalrat wird beteiligt."


def body(*paragraphs):
    return "\n\n".join(paragraphs) + "\n"


def edition_2016(**bodies):
    """Chapter 1 with recipes 1.1–1.3 as the 2016 edition prints them (bodies may be replaced)."""
    chapters = [ChapterEntry(number=1, title="E-Government per Kochbuch?", subtitle="Zu dieser Publikation",
                             teaser="Lesen Sie dieses Kapitel, wenn Sie beginnen.",
                             intro="Das Kochbuch hilft.\n", page_start=9, page_end=14)]
    texts = {"1.1": body(PARA_A, PARA_B, PARA_C), "1.2": body(PARA_B, PARA_C), "1.3": body(PARA_C)}
    texts.update({number.replace("_", "."): text for number, text in bodies.items()})
    recipes = [
        RecipeEntry(number="1.1", title="Worum geht es?", body=texts["1.1"], page_start=9, page_end=11),
        RecipeEntry(number="1.2", title="Ein Kochbuch?", body=texts["1.2"], page_start=11, page_end=12),
        RecipeEntry(number="1.3", title="Für wen?", body=texts["1.3"], page_start=13, page_end=14),
    ]
    return chapters, recipes


def load_demo():
    """The demo book's shape with placeholder text, marked as demo text like load_demo_book does."""
    chapters, recipes = edition_2016()
    for recipe in recipes:
        recipe.body = f"Platzhaltertext für {recipe.number}.\n"
    chapters[0].intro = "Demo-Einleitung.\n"
    book_load(chapters=chapters, recipes=recipes, user=None, comment="Demo-Buch geladen (Ausgabe 2016)",
              source_edition="Ausgabe 2016", kind=RevisionInfo.Kind.DEMO)


def apply(editor, chapters, recipes, **kwargs):
    return import_apply(chapters=chapters, recipes=recipes, edition_name="Ausgabe 2016", user=editor,
                        edition_date=SEPT_2016, **kwargs)


def outcomes(chapters, recipes):
    return {item.number: item.outcome for item in forecast_import(chapters=chapters, recipes=recipes)}


def edit(recipe_number, user, new_body, title=None):
    recipe = Recipe.objects.get(number=recipe_number)
    recipe.body = new_body
    if title:
        recipe.title = title
    return recipe_save(recipe=recipe, user=user, comment="Erfahrung ergänzt")


# --- Provenance --------------------------------------------------------------------------

def test_imported_text_is_authored_by_the_edition_and_names_the_importer(client, editor, contributor):
    apply(editor, *edition_2016())
    recipe = Recipe.objects.get(number="1.1")
    info = Version.objects.get_for_object(recipe).get().revision.info
    assert info.source_label == "Ausgabe 2016 · Bundesministerium des Innern"
    history = client.get(reverse("recipe_history", args=[recipe.slug])).content.decode()
    assert "Ausgabe 2016 · Bundesministerium des Innern" in history
    assert "aus Ausgabe 2016 übernommen, importiert von Rita Redaktion" in history
    changes = client.get(reverse("recent_changes")).content.decode()
    assert "aus Ausgabe 2016 übernommen, importiert von Rita Redaktion" in changes


def test_watchers_are_told_the_text_comes_from_the_edition(editor, contributor,
                                                          django_capture_on_commit_callbacks):
    apply(editor, *edition_2016())
    Watch.objects.create(user=contributor, recipe=Recipe.objects.get(number="1.1"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        apply(editor, *edition_2016(**{"1_1": body(PARA_A, PARA_B)}))
    message = next(m for m in mail.outbox if contributor.email in m.to)
    assert "aus Ausgabe 2016 übernommen, importiert von Rita Redaktion" in message.body


def test_the_importer_is_no_contributor_of_what_is_new_since_the_edition(client, editor, contributor):
    apply(editor, *edition_2016())
    edit("1.2", contributor, body(PARA_B, PARA_C, "Unsere Erfahrung aus Düren."))
    page = client.get(reverse("edition_compare", args=["2016", "aktuell"])).content.decode()
    assert "Mia Muster" in page and "Rita Redaktion" not in page


def test_an_import_proposal_can_be_accepted_by_the_importing_moderator(editor, contributor):
    load_demo()
    edit("1.1", contributor, "Unser eigener Text zu 1.1.\n")
    apply(editor, *edition_2016())
    proposal = EditProposal.objects.get()
    assert proposal.author == editor and proposal.is_from_edition
    proposal_accept(proposal=proposal, reviewer=editor)  # four eyes: the edition wrote it
    recipe = Recipe.objects.get(number="1.1")
    assert recipe.body == body(PARA_A, PARA_B, PARA_C)
    assert (recipe.page_start, recipe.page_end) == (9, 11)  # the source pages come along
    assert recipe.source_edition == "Ausgabe 2016"
    info = Version.objects.get_for_object(recipe).first().revision.info
    assert info.source_edition == "Ausgabe 2016" and info.approved_by == editor


# --- Forecast classes --------------------------------------------------------------------

def test_first_import_into_an_empty_site_creates_everything():
    assert set(outcomes(*edition_2016()).values()) == {NEW}


def test_demo_text_is_replaced_without_a_proposal(editor):
    load_demo()
    assert outcomes(*edition_2016()) == {"1": REPLACED, "1.1": REPLACED, "1.2": REPLACED, "1.3": REPLACED}
    report = apply(editor, *edition_2016())
    assert len(report.updated) == 4 and not EditProposal.objects.exists()
    assert Recipe.objects.get(number="1.2").body == body(PARA_B, PARA_C)


def test_a_contributor_edit_of_demo_text_becomes_a_proposal_with_a_true_reason(editor, contributor):
    load_demo()
    edit("1.1", contributor, "Unser eigener Text zu 1.1.\n")
    forecast = {item.number: item for item in forecast_import(chapters=edition_2016()[0],
                                                              recipes=edition_2016()[1])}
    assert forecast["1.1"].outcome == CONFLICT
    assert "von Mia Muster" in forecast["1.1"].reason and "keinem Import" in forecast["1.1"].reason
    apply(editor, *edition_2016())
    assert Recipe.objects.get(number="1.1").body == "Unser eigener Text zu 1.1.\n"  # nothing lost
    proposal = EditProposal.objects.get()
    assert proposal.body == body(PARA_A, PARA_B, PARA_C) and "Mia Muster" in proposal.summary
    assert "seit dem letzten Import geändert" not in proposal.summary


def test_text_unchanged_since_the_last_import_is_replaced(editor):
    apply(editor, *edition_2016())
    corrected = edition_2016(**{"1_2": body(PARA_B, "Der Personalrat wird früh beteiligt.")})
    assert outcomes(*corrected)["1.2"] == REPLACED
    apply(editor, *corrected)
    assert "früh beteiligt" in Recipe.objects.get(number="1.2").body


def test_changes_on_both_sides_in_different_passages_are_merged_into_one_revision(editor, contributor):
    apply(editor, *edition_2016())
    edit("1.1", contributor, body(PARA_A, PARA_B, PARA_C, "Unsere Erfahrung aus Düren."))
    corrected = edition_2016(**{"1_1": body("Die Verwaltung plant die Gesamtstrategie. Sie klärt "
                                            "die Zuständigkeiten früh.", PARA_B, PARA_C)})
    assert outcomes(*corrected)["1.1"] == MERGED
    versions = Version.objects.get_for_object(Recipe.objects.get(number="1.1")).count()
    report = apply(editor, *corrected)
    recipe = Recipe.objects.get(number="1.1")
    assert "Gesamtstrategie" in recipe.body and "Erfahrung aus Düren" in recipe.body
    newest = Version.objects.get_for_object(recipe)
    assert newest.count() == versions + 1
    info = newest.first().revision.info
    assert info.kind == RevisionInfo.Kind.MERGE and info.source_label.startswith("Ausgabe 2016")
    assert report.merged == ["1.1 Worum geht es?"] and not EditProposal.objects.exists()


def test_a_real_conflict_becomes_a_proposal_and_the_site_text_stays(editor, contributor):
    apply(editor, *edition_2016())
    edit("1.3", contributor, body("Die Projektleitung vereinbart messbare Ziele. Der Personalrat wird beteiligt."))
    corrected = edition_2016(**{"1_3": body("Die Projektleitung vereinbart klare Ziele. Der Personalrat wird beteiligt.")})
    assert outcomes(*corrected)["1.3"] == CONFLICT
    apply(editor, *corrected)
    assert "messbare Ziele" in Recipe.objects.get(number="1.3").body
    proposal = EditProposal.objects.get()
    assert "klare Ziele" in proposal.body and "dieselben Stellen geändert (Text)" in proposal.summary


def test_unchanged_text_and_a_repeated_edition_text_are_unchanged(editor, contributor):
    apply(editor, *edition_2016())
    edit("1.2", contributor, body(PARA_B, PARA_C, "Ergänzung der Kommune."))
    assert outcomes(*edition_2016()) == {"1": UNCHANGED, "1.1": UNCHANGED, "1.2": UNCHANGED, "1.3": UNCHANGED}


def test_the_editor_may_decide_otherwise_per_recipe(editor, contributor):
    load_demo()
    edit("1.1", contributor, "Unser eigener Text zu 1.1.\n")
    report = apply(editor, *edition_2016(), decisions={"recipe-1.1": "skip", "recipe-1.2": "propose"})
    assert Recipe.objects.get(number="1.1").body == "Unser eigener Text zu 1.1.\n"
    assert EditProposal.objects.get().recipe.number == "1.2"
    assert Recipe.objects.get(number="1.2").body.startswith("Platzhaltertext")
    assert "1.1 Worum geht es?: ausgelassen (Konflikt)" in report.skipped


# --- The edition is its own text -----------------------------------------------------------

def test_the_edition_holds_the_imported_text_whatever_the_site_says(client, editor, contributor):
    load_demo()
    edit("1.1", contributor, "Unser eigener Text zu 1.1 aus dem Jahr 2026.\n")
    apply(editor, *edition_2016())
    edition = Edition.objects.get(name="Ausgabe 2016")
    assert edition.date == SEPT_2016
    snapshot = edition_snapshot(edition)
    assert {r.number: r.body for r in snapshot.recipes} == {
        "1.1": body(PARA_A, PARA_B, PARA_C), "1.2": body(PARA_B, PARA_C), "1.3": body(PARA_C)}
    assert snapshot.chapters[0].intro == "Das Kochbuch hilft.\n"
    # the edition's page shows 2016; the live recipe shows the contributor's text
    page = client.get(reverse("edition_recipe", args=["2016", "worum-geht-es"])).content.decode()
    assert "Die Verwaltung plant die Strategie." in page and "2026" not in page
    live = client.get(Recipe.objects.get(number="1.1").get_absolute_url()).content.decode()
    assert "aus dem Jahr 2026" in live
    # the edition-only text is not part of the recipe's history
    history = client.get(reverse("recipe_history", args=["worum-geht-es"])).content.decode()
    assert "nur in der Ausgabe" not in history
    # "Was ist neu seit Ausgabe 2016?" shows what the municipality wrote since
    new = client.get(reverse("edition_compare", args=["2016", "aktuell"])).content.decode()
    assert "1.1" in new and "Mia Muster" in new


def test_the_edition_markdown_export_has_the_2016_text(client, editor, contributor, settings, tmp_path):
    import io
    import zipfile

    settings.MEDIA_ROOT = tmp_path
    load_demo()
    edit("1.1", contributor, "Unser eigener Text zu 1.1 aus dem Jahr 2026.\n")
    apply(editor, *edition_2016())
    response = client.get(reverse("edition_zip", args=["2016", "2016"]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)
                                         if response.streaming else response.content))
    texts = "".join(archive.read(name).decode() for name in archive.namelist())
    assert "Die Verwaltung plant die Strategie." in texts and "aus dem Jahr 2026" not in texts


# --- Idempotent re-imports, nothing lost ------------------------------------------------------

def test_reimporting_the_same_edition_changes_nothing(editor, contributor):
    load_demo()
    edit("1.1", contributor, "Unser eigener Text zu 1.1.\n")
    apply(editor, *edition_2016())
    counts = (Version.objects.count(), EditProposal.objects.count(), EditionVersion.objects.count())
    snapshot_ids = sorted(EditionVersion.objects.values_list("version_id", flat=True))
    report = apply(editor, *edition_2016())
    assert (Version.objects.count(), EditProposal.objects.count(), EditionVersion.objects.count()) == counts
    assert sorted(EditionVersion.objects.values_list("version_id", flat=True)) == snapshot_ids
    assert not (report.created or report.updated or report.merged or report.proposed)


def test_a_corrected_printing_touches_only_what_changed(editor, contributor):
    apply(editor, *edition_2016())
    edit("1.1", contributor, body(PARA_A, PARA_B, PARA_C, "Unsere Erfahrung aus Düren."))
    before = {r.number: Version.objects.get_for_object(r).count() for r in Recipe.objects.all()}
    apply(editor, *edition_2016(**{"1_3": body("Die Projektleitung vereinbart klare Ziele.")}))
    after = {r.number: Version.objects.get_for_object(r).count() for r in Recipe.objects.all()}
    assert after == {**before, "1.3": before["1.3"] + 1}
    assert "Erfahrung aus Düren" in Recipe.objects.get(number="1.1").body


def test_nothing_the_municipalities_wrote_is_lost(editor, contributor, other_contributor):
    """Whatever the outcome, every text written on the site is still the live text, in a merge,
    in the history, or beside an open proposal."""
    load_demo()
    edit("1.1", contributor, "Eigener Text A.\n")
    apply(editor, *edition_2016())
    edit("1.2", other_contributor, body(PARA_B, PARA_C, "Ergänzung B."))
    edit("1.3", contributor, body("Die Projektleitung vereinbart messbare Ziele."))
    written = {"1.1": "Eigener Text A.", "1.2": "Ergänzung B.", "1.3": "messbare Ziele"}
    apply(editor, *edition_2016(**{"1_1": body(PARA_A), "1_2": body("Neu. " + PARA_B, PARA_C),
                                   "1_3": body("Die Projektleitung vereinbart klare Ziele.")}),
          decisions={"recipe-1.1": "take"})  # the editor even overwrote 1.1 on purpose
    for number, words in written.items():
        recipe = Recipe.objects.get(number=number)
        history = [v.field_dict["body"] for v in Version.objects.get_for_object(recipe)]
        assert any(words in text for text in history), number
    assert "Ergänzung B." in Recipe.objects.get(number="1.2").body  # merged, not overwritten
    assert "messbare Ziele" in Recipe.objects.get(number="1.3").body  # conflict: a proposal


# --- Atomic apply ---------------------------------------------------------------------------

def test_a_fault_halfway_through_leaves_the_database_as_it_was(editor, contributor, monkeypatch):
    load_demo()
    edit("1.1", contributor, "Unser eigener Text zu 1.1.\n")
    state = (Version.objects.count(), EditProposal.objects.count(), Edition.objects.count(),
             list(Recipe.objects.order_by("number").values_list("body", flat=True)),
             list(Chapter.objects.values_list("intro", flat=True)))
    real = importing._import_recipe
    calls = []

    def failing(entry, run):
        calls.append(entry.number)
        if len(calls) == 2:
            raise RuntimeError("Stromausfall")
        return real(entry, run)

    monkeypatch.setattr(importing, "_import_recipe", failing)
    with pytest.raises(RuntimeError):
        apply(editor, *edition_2016())
    assert calls == ["1.1", "1.2"]
    assert (Version.objects.count(), EditProposal.objects.count(), Edition.objects.count(),
            list(Recipe.objects.order_by("number").values_list("body", flat=True)),
            list(Chapter.objects.values_list("intro", flat=True))) == state


def test_searching_the_edition_finds_its_own_text_and_links_to_the_edition(client, editor, contributor):
    load_demo()
    edit("1.1", contributor, "Unser eigener Text zu 1.1 über Bürgerbüros.\n")
    apply(editor, *edition_2016())
    from django.urls import reverse as url

    response = client.get(url("search"), {"q": "Zuständigkeiten", "ausgabe": "2016"})
    page = response.content.decode()
    assert url("edition_recipe", args=["2016", "worum-geht-es"]) in page
    live = client.get(url("search"), {"q": "Bürgerbüros"}).content.decode()
    assert "worum-geht-es" in live


def test_the_print_of_the_2016_edition_has_the_2016_text_and_no_site_contributors(editor, contributor):
    from editions.print_files import print_book, print_source

    load_demo()
    edit("1.1", contributor, "Unser eigener Text zu 1.1 aus dem Jahr 2026.\n")
    edit("1.2", contributor, "Noch ein eigener Text, später ersetzt.\n")
    apply(editor, *edition_2016(), decisions={"recipe-1.2": "take"})
    book = print_book(print_source(Edition.objects.get(name="Ausgabe 2016")))
    assert book.date == SEPT_2016 and book.label == "Ausgabe 2016"
    assert [r.body for r in book.snapshot.recipes] == [body(PARA_A, PARA_B, PARA_C), body(PARA_B, PARA_C),
                                                       body(PARA_C)]
    assert book.contributors == []  # the 2016 text is the edition's, not Mia's nor Rita's


def test_text_without_any_version_is_kept_as_one_before_the_import_proposes(editor):
    chapters, recipes = edition_2016()
    apply(editor, chapters, recipes[:2])
    Recipe.objects.bulk_create([Recipe(number="1.3", title="Für wen?", slug="fuer-wen", body="Roh.\n",
                                       chapter=Chapter.objects.get(number=1), sort_key="001.003")])
    assert outcomes(chapters, recipes)["1.3"] == CONFLICT
    apply(editor, chapters, recipes)
    recipe = Recipe.objects.get(number="1.3")
    assert recipe.body == "Roh.\n" and EditProposal.objects.get().recipe == recipe
    assert [v.field_dict["body"] for v in Version.objects.get_for_object(recipe)] == ["Roh.\n"]

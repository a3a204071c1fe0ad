"""`manage.py import_edition`: one transaction, revisions per change, never overwriting site edits."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from editions.models import Edition
from recipes.models import Chapter, Recipe, RevisionInfo
from recipes.services import recipe_save

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("import_edition", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_dry_run_json_prints_the_structure_and_imports_nothing(sample_pdf):
    data = json.loads(run(sample_pdf, "--edition", "Ausgabe 2016", "--dry-run", "--json"))
    numbers = [heading["number"] for heading in data["headings"]]
    assert numbers[:3] == ["1", "1.1", "1.2"] and "2.1.2" in numbers
    chapter = data["headings"][0]
    assert chapter["level"] == 1 and chapter["subtitle"] == "Zu dieser Publikation"
    assert chapter["teaser"].startswith("Lesen Sie dieses Kapitel")
    assert {"level", "number", "title", "page", "markdown"} <= set(data["headings"][1])
    assert data["pages"] > 0
    assert not Recipe.objects.exists() and not Edition.objects.exists()


def test_dry_run_reports_what_would_happen_and_changes_nothing(sample_pdf):
    output = run(sample_pdf, "--edition", "Ausgabe 2016", "--dry-run")
    assert "Probelauf" in output and "neu" in output
    assert not Chapter.objects.exists() and not Version.objects.exists()


def test_import_creates_chapters_and_recipes_each_with_an_import_revision(sample_pdf, editor):
    run(sample_pdf, "--edition", "Ausgabe 2016", "--user", editor.email)
    recipe = Recipe.objects.get(number="1.1")
    assert recipe.title == "Worum geht es?" and recipe.source_edition == "Ausgabe 2016"
    assert recipe.page_start and "| Vorhaben | Nutzen | Dauer |" in recipe.body
    version = Version.objects.get_for_object(recipe).get()
    assert version.revision.user == editor  # who imported it; the text is the edition's
    assert version.revision.comment.startswith(
        f"aus Ausgabe 2016 übernommen, importiert von {editor.public_name}, S. {recipe.page_start}")
    assert version.revision.info.kind == RevisionInfo.Kind.IMPORT
    assert version.revision.info.source_label == "Ausgabe 2016 · Bundesministerium des Innern"
    edition = Edition.objects.get(name="Ausgabe 2016")
    assert edition.slug == "2016"
    assert edition.versions.count() == Chapter.objects.count() + Recipe.objects.count()


def test_reimporting_the_same_file_changes_nothing(sample_pdf):
    run(sample_pdf, "--edition", "Ausgabe 2016")
    before = Version.objects.count()
    output = run(sample_pdf, "--edition", "Ausgabe 2016")
    assert Version.objects.count() == before
    assert "0 neu, 0 ersetzt, 0 zusammengeführt" in output


def test_a_corrected_file_creates_versions_only_where_text_changed(sample_pdf, tmp_path):
    from tests.editions.pdfbuilder import Style, build_pdf
    from tests.editions.samplebook import sample_book

    run(sample_pdf, "--edition", "Ausgabe 2016")
    book = sample_book()
    book.chapters[0].sections[0].title = "Worum geht es eigentlich?"
    corrected = tmp_path / "korrigiert.pdf"
    corrected.write_bytes(build_pdf(book, Style()).data)
    run(corrected, "--edition", "Ausgabe 2016")
    assert Recipe.objects.get(number="1.1").title == "Worum geht es eigentlich?"
    assert Version.objects.get_for_object(Recipe.objects.get(number="1.1")).count() == 2
    assert Version.objects.get_for_object(Recipe.objects.get(number="1.2")).count() == 1


def _edit_on_site_then_reimport_corrected(sample_pdf, tmp_path, moderator, *user_args):
    from tests.editions.pdfbuilder import Style, build_pdf
    from tests.editions.samplebook import sample_book

    run(sample_pdf, "--edition", "Ausgabe 2016", *user_args)
    recipe = Recipe.objects.get(number="1.1")
    recipe.body += "\n\nErfahrung aus Düren: das hat gut funktioniert."
    recipe_save(recipe=recipe, user=moderator, comment="Erfahrung ergänzt")
    book = sample_book()
    book.chapters[0].sections[0].title = "Worum geht es eigentlich?"
    corrected = tmp_path / "korrigiert.pdf"
    corrected.write_bytes(build_pdf(book, Style()).data)
    return recipe, corrected


def test_a_recipe_edited_on_the_site_and_in_the_edition_is_merged_without_a_proposal(
        sample_pdf, tmp_path, moderator, editor):
    from proposals.models import EditProposal

    recipe, corrected = _edit_on_site_then_reimport_corrected(sample_pdf, tmp_path, moderator)
    output = run(corrected, "--edition", "Ausgabe 2016", "--user", editor.email)
    recipe.refresh_from_db()
    # the edition's correction and the site's addition, in one revision by the edition
    assert recipe.title == "Worum geht es eigentlich?" and "Erfahrung aus Düren" in recipe.body
    assert not EditProposal.objects.exists()
    info = Version.objects.get_for_object(recipe).first().revision.info
    assert info.kind == RevisionInfo.Kind.MERGE and info.source_edition == "Ausgabe 2016"
    assert "Zusammengeführt: 1.1" in output


def test_reimporting_the_unchanged_file_keeps_site_edits_without_proposals(sample_pdf, tmp_path, moderator):
    from proposals.models import EditProposal

    recipe, _corrected = _edit_on_site_then_reimport_corrected(sample_pdf, tmp_path, moderator)
    run(sample_pdf, "--edition", "Ausgabe 2016")
    recipe.refresh_from_db()
    assert "Erfahrung aus Düren" in recipe.body
    assert not EditProposal.objects.exists()


def test_a_conflict_becomes_a_proposal_written_by_the_edition_even_without_an_importing_person(
    sample_pdf, tmp_path, moderator
):
    from proposals.models import EditProposal

    recipe, corrected = _edit_on_site_then_reimport_corrected(sample_pdf, tmp_path, moderator)
    recipe.title = "Worum es geht"  # the title changed on both sides: a real conflict
    recipe_save(recipe=recipe, user=moderator, comment="Titel")
    output = run(corrected, "--edition", "Ausgabe 2016")
    recipe.refresh_from_db()
    assert recipe.title == "Worum es geht" and "Erfahrung aus Düren" in recipe.body
    proposal = EditProposal.objects.get(recipe=recipe)
    assert proposal.author is None and proposal.source_label == "Ausgabe 2016 · Bundesministerium des Innern"
    assert "dieselben Stellen geändert (Titel)" in proposal.summary
    assert "Als Vorschlag: 1.1" in output


def test_nothing_is_deleted_by_an_import(sample_pdf, tmp_path):
    from tests.editions.pdfbuilder import Style, build_pdf
    from tests.editions.samplebook import sample_book

    run(sample_pdf, "--edition", "Ausgabe 2016")
    count = Recipe.objects.count()
    shorter = tmp_path / "ohne-2-3.pdf"
    shorter.write_bytes(build_pdf(sample_book(skip_section="2.3"), Style()).data)
    run(shorter, "--edition", "Ausgabe 2016")
    assert Recipe.objects.count() == count


@pytest.mark.parametrize("content, message", [
    (b"Das ist nur Text.", "keine PDF-Datei"),
    (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "beschädigt"),
])
def test_bad_input_gets_a_german_message_and_changes_nothing(tmp_path, content, message):
    path = tmp_path / "kaputt.pdf"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        run(path, "--edition", "Ausgabe 2016")
    assert message in str(error.value)
    assert not Recipe.objects.exists()


def test_markdown_folder_import_uses_the_same_rules(tmp_path, editor):
    chapter = tmp_path / "01-x"
    chapter.mkdir()
    (chapter / "kapitel.md").write_text("---\nnumber: 1\ntitle: Anfang\n---\nEinleitung.\n")
    (chapter / "1.1-a.md").write_text(
        '---\nnumber: "1.1"\ntitle: Erstes\npages: "3-4"\ntags:\n  thema: [Strategie]\n---\nText.\n')
    run(tmp_path, "--edition", "Ausgabe 2027", "--user", editor.email)
    recipe = Recipe.objects.get(number="1.1")
    assert recipe.tags.get().name == "Strategie" and recipe.pages_label == "S. 3–4"
    assert Version.objects.get_for_object(recipe).get().revision.comment == (
        f"aus Ausgabe 2027 übernommen, importiert von {editor.public_name}, S. 3–4")
    assert "0 neu" in run(tmp_path, "--edition", "Ausgabe 2027")

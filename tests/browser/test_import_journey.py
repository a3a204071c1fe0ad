"""The editor's journey through an import in headless Chromium, done through the pages:
upload → progress → preview → choose → apply; afterwards the 2016 edition shows the 2016 text
while the live recipe shows what a contributor wrote. The ORM only sets the stage (demo book,
one contributor edit) and works the task queue, as `manage.py db_worker` does in production."""

import io
import re
import threading
from unittest import mock

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from playwright.sync_api import expect

from recipes.models import Recipe
from recipes.services import recipe_save
from tests.browser.conftest import screenshot
from tests.browser.second_factor import totp_code
from tests.editions.editionhelpers import work_the_queue as run_every_queued_task
from tests.editions.pdfbuilder import Style, build_pdf
from tests.editions.samplebook import sample_book
from tests.factories import PASSWORD

# The header link with what waits: "Vorschläge", "Vorschläge 1 offen".
WORK_LINK_VORSCHLAEGE = re.compile(r"^Vorschläge( \d+ offen)?$")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TIMEOUT_MS = 15_000
CONTRIBUTOR_TEXT = "Unsere Erfahrung aus Düren aus dem Jahr 2026"


@pytest.fixture(autouse=True)
def _worker_and_server_take_turns():
    """While the queue worker runs in the test's thread, the live server's requests wait.

    In the SQLite run both threads share one in-memory database through SQLite's shared cache,
    which answers a read during another connection's write with "database table is locked" at
    once, where a file database or PostgreSQL would wait. The page's own refresh ran into the
    worker's last write that way (a 503 in CI). In production the worker is its own process on a
    real database, so the turns are a property of the test bench, not of the site."""
    serve = WSGIHandler.__call__

    def one_at_a_time(handler, environ, start_response):
        with TURNS:
            return serve(handler, environ, start_response)

    with mock.patch.object(WSGIHandler, "__call__", one_at_a_time):
        yield


TURNS = threading.Lock()


def work_the_queue():
    with TURNS:
        run_every_queued_task()


@pytest.fixture
def stage(settings, tmp_path, contributor):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo_book", stdout=io.StringIO())
    recipe = Recipe.objects.get(number="1.2")
    recipe.body = f"{CONTRIBUTOR_TEXT}: klein anfangen.\n"
    recipe_save(recipe=recipe, user=contributor, comment="Erfahrung aus Düren")
    return recipe


def sign_in(page, live_server, user):
    page.goto(live_server.url)
    sign_in_link = page.get_by_role("link", name="Anmelden", exact=True)
    if not sign_in_link.is_visible():  # on a phone the navigation folds into "Menü"
        page.get_by_text("Menü").click()
    sign_in_link.click()
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_label("Passwort:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmeldung").click()
    page.get_by_label("Code").fill(totp_code(user))
    page.get_by_role("button", name="Anmeldung").click()


def test_upload_progress_preview_choose_apply_and_the_edition_keeps_its_2016_text(
        live_server, page, browser, stage, editor):
    page.set_default_timeout(TIMEOUT_MS)
    sign_in(page, live_server, editor)

    # Upload, from the link in the navigation.
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Ausgabe importieren")).to_be_visible()
    page.set_input_files("input[type=file]", files=[{
        "name": "kochbuch-2016.pdf", "mimeType": "application/pdf",
        "buffer": build_pdf(sample_book(), Style()).data}])
    page.get_by_label("Datum der Ausgabe").fill("2016-09-22")
    page.get_by_role("button", name="Hochladen und prüfen").click()

    # Progress: waiting for the worker, then (refreshing by itself) the preview.
    expect(page.locator("#import-status")).to_contain_text("Wartet auf den Hintergrunddienst")
    expect(page.locator("#import-status progress")).to_be_visible()
    screenshot(page, "import-01-waiting")
    work_the_queue()
    expect(page.get_by_role("heading", name="Vorschau: Was der Import ändern würde")).to_be_visible(timeout=TIMEOUT_MS)

    # The forecast: demo text replaced, the contributor's recipe a conflict with a true reason.
    conflict = page.locator(".forecast-item--conflict")
    expect(conflict).to_have_count(1)
    expect(conflict).to_contain_text("Ein Kochbuch?")
    expect(conflict).to_contain_text("Der Demo-Text wurde auf der Website von Mia Muster")
    expect(page.locator(".forecast-item--replaced").first).to_contain_text("Demo-Text")
    conflict.locator("summary").click()
    expect(conflict.locator(".diff")).to_contain_text(CONTRIBUTOR_TEXT)
    screenshot(page, "import-02-preview")
    page.get_by_role("link", name=re.compile(r"^Konflikt \(1\)")).click()
    expect(page.locator(".forecast-item")).to_have_count(1)

    # Choose: the conflict becomes a proposal (preselected, chosen here explicitly), apply.
    page.locator(".forecast-item--conflict").get_by_label("als Vorschlag").check()
    page.get_by_role("button", name="Import anwenden").click()
    expect(page.locator("#import-status")).to_contain_text("wird importiert")
    work_the_queue()
    expect(page.get_by_role("heading", name="Ergebnis")).to_be_visible()
    expect(page.locator("main")).to_contain_text("1 als Änderungsvorschlag")
    screenshot(page, "import-03-done")

    # The 2016 edition shows the 2016 text; the live recipe the contributor's.
    page.get_by_role("link", name="Zu den Ausgaben").click()
    page.get_by_role("link", name=re.compile("Ausgabe 2016")).first.click()
    expect(page.locator("main")).to_contain_text("22. September 2016")
    page.get_by_role("link", name=re.compile("Ein Kochbuch")).first.click()
    expect(page.locator("main")).to_contain_text("Beginnen Sie klein")
    expect(page.locator("main")).not_to_contain_text(CONTRIBUTOR_TEXT)
    screenshot(page, "import-04-edition-2016")
    page.goto(live_server.url + stage.get_absolute_url())
    expect(page.locator("main")).to_contain_text(CONTRIBUTOR_TEXT)

    # The proposal is the edition's; the importing editor may accept it from the queue.
    page.get_by_role("link", name=WORK_LINK_VORSCHLAEGE).click()
    expect(page.locator(".proposal-table")).to_contain_text("Ausgabe 2016 · Bundesministerium des Innern")


def test_the_preview_reads_on_a_phone(live_server, browser, stage, editor):
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        from django.core.files.base import ContentFile

        from editions.models import ImportJob

        job = ImportJob(original_name="kochbuch-2016.pdf", edition_name="Ausgabe 2016", created_by=editor)
        job.upload.save("kochbuch-2016.pdf", ContentFile(build_pdf(sample_book(), Style()).data), save=True)
        from editions.tasks import parse_upload

        parse_upload.call(job.pk)
        sign_in(page, live_server, editor)
        page.goto(live_server.url + job.get_absolute_url())
        expect(page.locator(".forecast-item--conflict")).to_have_count(1)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"Die Vorschau ist auf dem Telefon {width} px breit."
        screenshot(page, "import-05-preview-phone")
    finally:
        context.close()

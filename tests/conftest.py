import pytest
from django.core.cache import cache

from accounts.roles import MITWIRKENDE, MODERATION, REDAKTION
from tests.factories import make_recipe, make_user

# Tests that take long (browser tests wait for Chromium; the XSS corpus posts every form hundreds
# of times; bandit and the two gunicorns of the scale-out test run in child processes). Run first,
# pytest-xdist spreads them over its workers at the start instead of leaving one worker with a
# long tail at the end.
SLOW_FIRST = (
    "tests/browser/",
    "tests/security/test_xss.py",
    "tests/test_scale_out.py",
    "tests/security/test_authorization_matrix.py::test_every_role_is_kept_out_of_the_admin_models",
    "tests/test_code_checks.py",
    "tests/recipes/test_demo_book.py",
    "tests/editions/test_import_command.py",
)


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: not item.nodeid.startswith(SLOW_FIRST))  # stable: otherwise as collected


@pytest.fixture(autouse=True)
def fresh_cache():
    """The local-memory cache outlives a test's rolled-back transaction: start each test empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def small_book(db):
    """Chapter 7 with a section and two subsections, and chapter 6 with one section."""
    make_recipe("6.1", "IT-Komponenten im Überblick", "Die **Komponenten** im Überblick.")
    section = make_recipe("7.1", "Bausteine eines kommunalen Musterprozesses",
                          "Zwölf Bausteine, siehe [[7.1.3]].", thema=["Prozesse"])
    make_recipe("7.1.3", "Eingangsbearbeitung in der Kommunalverwaltung",
                "## Posteingang\n\nDer Posteingang wird gescannt.\n\n## Verteilung\n\nDann verteilt.",
                thema=["Prozesse"], stichwort=["Scannen"], page_start=101, page_end=102,
                source_edition="Ausgabe 2016")
    make_recipe("7.1.4", "Sachbearbeitung", "Die Sachbearbeitung folgt.")
    return section.chapter


@pytest.fixture
def contributor(db):
    return make_user("mia@kommune.example", role=MITWIRKENDE, display_name="Mia Muster",
                     institution="Stadt Musterstadt", bundesland="NW")


@pytest.fixture
def moderator(db):
    return make_user("moritz@kommune.example", role=MODERATION, display_name="Moritz Moderation")


@pytest.fixture
def editor(db):
    return make_user("rita@kommune.example", role=REDAKTION, display_name="Rita Redaktion")


@pytest.fixture
def unverified(db):
    return make_user("udo@kommune.example", verified=False, display_name="Udo Unbestätigt")


@pytest.fixture
def other_contributor(db):
    return make_user("omar@kommune.example", role=MITWIRKENDE, display_name="Omar Ortmann",
                     funktion="Amtsleiter", institution="Kreis Beispiel", bundesland="BY",
                     show_institution=False)

import gc
import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.base import Template

from accounts.roles import MITWIRKENDE, MODERATION, REDAKTION
from tests.database_template import migrations_from_template
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


# Django's own rendering, before the test environment wraps it to record every template and a
# copy of its context for ``response.context`` (tests/conftest.py: template_context).
PLAIN_TEMPLATE_RENDER = Template._render


# What makes a test use the database under test (directly or through a fixture that needs it).
DATABASE_FIXTURES = {"db", "transactional_db", "live_server"}


def uses_the_database(item) -> bool:
    return (bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
            or item.get_closest_marker("django_db") is not None
            or item.get_closest_marker("postgresql") is not None)


def pytest_collection_modifyitems(config, items):
    # `make test` runs the suite on SQLite and then on PostgreSQL; a test that never touches the
    # database (the text engine, the PDF parser, the German stemmer, settings in a child process)
    # gives the same answer in both runs, so the PostgreSQL run leaves it out
    # (tests/run_suites.sh sets TEST_DATABASE_TESTS_ONLY=1 there).
    if os.environ.get("TEST_DATABASE_TESTS_ONLY") == "1":
        database_free = [item for item in items if not uses_the_database(item)]
        if database_free:
            config.hook.pytest_deselected(items=database_free)
            items[:] = [item for item in items if uses_the_database(item)]
    # Tests of what only PostgreSQL has (row locks, several app servers on one database, a
    # restart of the server) are skipped in the SQLite run, with the reason in the summary.
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="nur mit PostgreSQL (läuft im PostgreSQL-Lauf)")
        for item in items:
            if item.get_closest_marker("postgresql"):
                item.add_marker(skip)
    items.sort(key=lambda item: not item.nodeid.startswith(SLOW_FIRST))  # stable: otherwise as collected


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_keepdb,
                    django_db_createdb, django_db_modify_db_settings):
    """pytest-django's set-up of the test databases, with the migration copied from a template
    (tests/database_template.py) instead of run in every pytest process."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock(), migrations_from_template():
        databases = setup_databases(verbosity=request.config.option.verbose, interactive=False,
                                    aliases=aliases, serialized_aliases=serialized_aliases, keepdb=keepdb)
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(databases, verbosity=request.config.option.verbose)


@pytest.fixture(scope="session", autouse=True)
def templates_render_unrecorded(django_test_environment):
    """The test client records each template a page renders with a copy of its context (for
    ``response.context``): a tenth of the time of the tests that render pages by the thousand.
    Only tests marked ``template_context`` read it, and get the recording back."""
    Template._render = PLAIN_TEMPLATE_RENDER


@pytest.fixture(autouse=True)
def template_context(request, templates_render_unrecorded):
    if request.node.get_closest_marker("template_context") is None:
        yield
        return
    from django.test.utils import instrumented_test_render

    Template._render = instrumented_test_render
    yield
    Template._render = PLAIN_TEMPLATE_RENDER


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


def pytest_collection_finish(session):
    # Django, the app and the collected tests live as long as the process: the garbage
    # collector need not walk them again in each of its thousands of collections.
    gc.collect()
    gc.freeze()

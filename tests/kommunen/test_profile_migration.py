"""The migration that gave profiles their Kommune: clear names are matched, the text stays."""

import importlib

from django.apps import apps

from tests.factories import make_user

migration = importlib.import_module("accounts.migrations.0004_match_kommune")


def test_existing_profiles_get_the_kommune_their_text_clearly_names(db):
    dueren = make_user("a@dueren.example", institution="Stadt Düren", bundesland="NW")
    landkreis = make_user("b@cochem.example", institution="landkreis cochem-zell")
    ambiguous = make_user("c@neustadt.example", institution="Neustadt")
    office = make_user("d@amt.example", institution="Amt 10 – Organisation, Kreisverwaltung Musterkreis")
    wrong_land = make_user("e@dueren.example", institution="Düren", bundesland="BY")
    migration.match_profiles(apps, None)
    for user in (dueren, landkreis, ambiguous, office, wrong_land):
        user.refresh_from_db()
    assert dueren.kommune.name == "Düren" and dueren.institution == "Stadt Düren"
    assert landkreis.kommune.ags == "07135"
    assert ambiguous.kommune is None and ambiguous.institution == "Neustadt"
    assert office.kommune is None
    assert wrong_land.kommune is None

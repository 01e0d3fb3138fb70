"""Toponym resolution: choose, for every place name of one document, the
gazetteer entry it denotes, jointly, from population and the document's
own geography.

Each candidate gets a score (log scale, higher is better):

- **prior**: populated places ``log10(population + 100)`` (2 for a hamlet
  of unknown size, 6.3 for a city of two million); countries and continents
  8.5; first-level regions 5.5 (so a same-name city over ~300,000 people
  wins: "Aleppo", bare "Idlib" is the city); counties 6.0 when named in
  full ("Laurel County"), 3.5 by their bare name. An alias match costs 0.3,
  a transliteration-skeleton match 1.0, a fuzzy match 1.5.
- **local**: a qualifier after a comma ("Gainesville, Ga.", "Paris,
  France") +6 inside it, -3 outside; a feature word after the name
  ("province", "governorate", "state") +4 for regions and counties, -1 for
  towns; "district"/"crossing" -1 for anything but a town.
- **context**, from every *other* name of the document (leave-one-out by
  name, so "Paris" three times is not its own evidence). For each other
  name and each unit (country, admin1, admin2) the unit's *availability*
  is exp(best score of the name's candidates in the unit - the name's best
  score): "Henderson County" (equal candidates in eight states) supports
  each of them fully, "Lexington" supports Kentucky fully and Massachusetts
  at e^-1. Summed over names (plus seeds: the caller's countries at 2 each,
  nationality adjectives at 0.5), w, and scored f(w) = w / (w + 1):
  +3.0 f(country) +1.0 f(neighbouring countries) +2.5 f(admin1)
  +1.5 f(admin2) +1.5 f(nearby), "nearby" summing, per other name, the
  availability of its closest candidate within 50 km (half within 150 km).

Three passes (availabilities from the previous pass's scores). The
confidence of a choice is its softmax share, times 0.8 for a fuzzy match.

Weights were set on LGL with gold spans (``bench/geo.py``; acc@161): one at
a time, W_COUNTRY 1.5/2.5/3.5 -> 0.842/0.848/0.853; W_ADMIN1 1.5/2.5/3.5 ->
0.837/0.848/0.850; W_ADMIN2 0.5/1.5/2.5 -> 0.842/0.848/0.849; W_NEAR
0.75/1.5/2.5 -> 0.846/0.848/0.851; region prior 5.0/5.5/6.0 ->
0.844/0.848/0.850 (5.5 kept: at 6.0 bare "Idlib" becomes the province);
country prior 7.5/8.5/9.5 -> 0.851/0.848/0.841; neighbours 0/1/2 ->
0.851/0.848/0.849. A flat optimum: no weight moves the score by more than
a point, so the values are not fitted to noise.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from .gazetteer import CITY, CONTINENT, COUNTRY, COUNTY, REGION, Candidate, Gazetteer, normalise

HOW_COST = {"name": 0.0, "alias": 0.3, "skeleton": 1.0, "fuzzy": 1.5}
#: matches that only look like the name: they never support other names
LOOK_ALIKE = frozenset({"skeleton", "fuzzy"})
W_COUNTRY, W_ADMIN1, W_ADMIN2 = 3.0, 2.5, 1.5
W_NEAR, W_NEARISH = 1.5, 0.75
W_NEIGHBOUR = 1.0
W_REGION = 5.5
W_COUNTRY_PRIOR = 8.5
W_COUNTY = 6.0
W_QUAL_OK, W_QUAL_BAD = 6.0, -3.0
W_FEATURE_OK, W_FEATURE_BAD = 4.0, -1.0
REGION_FEATURES = {"region"}


@dataclass
class Toponym:
    """One place name to resolve: a character span and what surrounds it."""

    start: int
    end: int
    text: str
    label: str | None = None  # spaCy label, "RULER" for gazetteer-only, "GOLD" for given spans
    feature: str | None = None  # "region" | "district" | "crossing" (the word after the name)
    qualifier: tuple[str, str] | None = None  # ("admin1", "US.GA") or ("country", "FR")
    cue: bool = False  # a locative word before it ("in", "town of")
    after: int | None = None  # in a list ("X and Y"): where the previous item ends
    inst: bool = False  # inside an entity, followed by "Police", "City Council"...
    lookup_text: str | None = None  # name to look up when not ``text`` ("Idlib" for "Idlib Governorate")
    cands: list[Candidate] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    base: list[float] = field(default_factory=list)
    best: int | None = None  # position in cands
    confidence: float = 0.0
    support: float = 0.0  # context part of the best score

    @property
    def key(self) -> str:
        return normalise(self.lookup_text or self.text)  # memoised by normalise


def f(w: float) -> float:
    return w / (w + 1.0)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def prior(gaz: Gazetteer, c: Candidate) -> float:
    row = gaz.row(c.index)
    kind, pop = row[3], row[9]
    if kind in (COUNTRY, CONTINENT):
        base = W_COUNTRY_PRIOR
    elif kind == REGION:
        base = W_REGION
    elif kind == COUNTY:
        base = W_COUNTY if c.how == "name" else W_COUNTY - 2.5
    else:
        base = math.log10(pop + 100)
    return base - HOW_COST.get(c.how, 1.5)


def _local(gaz: Gazetteer, t: Toponym, c: Candidate) -> float:
    """Prior plus what the toponym's own surroundings say (qualifier, feature word)."""
    row = gaz.row(c.index)
    kind, cc, a1 = row[3], row[6], row[7]
    s = prior(gaz, c)
    if t.qualifier:
        level, code = t.qualifier
        ok = (a1 == code) if level == "admin1" else (cc == code)
        s += W_QUAL_OK if ok and kind != COUNTRY else (W_QUAL_BAD if not ok else 0.0)
    if t.feature in REGION_FEATURES:
        s += W_FEATURE_OK if kind in (REGION, COUNTY) else W_FEATURE_BAD
    elif t.feature in ("district", "crossing") and kind != CITY:
        s += W_FEATURE_BAD
    return s


def _units(row: tuple) -> list[str]:
    kind, cc, a1, a2 = row[3], row[6], row[7], row[8]
    if kind == CONTINENT:
        return []
    out = [f"c:{cc}"]
    if kind != COUNTRY and a1:
        out.append(f"a1:{a1}")
    if kind in (CITY, COUNTY) and a2:
        out.append(f"a2:{a2}")
    return out


class Geography:
    """What the other names of a document say about where it is: for each
    name (key) and each unit (country "c:SY", admin1 "a1:US.GA", admin2
    "a2:US.GA.121"), how available that unit is to the name: exp(score of
    its best candidate in the unit - score of its best candidate), so
    "Henderson County" (equal candidates in eight states) supports each of
    them fully and "Lexington" supports Kentucky fully and Massachusetts at
    e^-1. Plus points of plausible candidates for proximity, and seeds
    (caller's countries, nationality adjectives) under the key "".

    Built once per pass and then only read, so weights, proximity sums and
    whole context scores are memoised; proximity uses a grid of cells
    twice the size of its box, so a candidate looks at 9 cells, not at
    every point of the document."""

    def __init__(self, seed: dict[str, float] | None = None) -> None:
        self.avail: dict[str, dict[str, float]] = {"": dict(seed or {})}
        self.points: dict[str, list[tuple[float, float, float]]] = {}
        self.total: Counter = Counter(seed or {})
        self._memo: dict = {}
        self._grid: dict | None = None
        self._cells: dict = {}

    def add_name(self, key: str, units: dict[str, float], points: list[tuple[float, float, float]]) -> None:
        self.avail[key] = units
        self.total.update(units)
        self.points[key] = points
        self._memo.clear()
        self._grid = None

    def weight(self, unit: str, exclude: str) -> float:
        w = self._memo.get((unit, exclude))
        if w is None:
            own = self.avail.get(exclude)
            w = self._memo[(unit, exclude)] = self.total[unit] - (own.get(unit, 0.0) if own and exclude else 0.0)
        return w

    def near(self, pt: tuple[float, float], exclude: str) -> float:
        """Sum over other names of the availability of their closest
        candidate within 50 km (half within 150 km)."""
        grid = self._grid if self._grid is not None else self._build_grid()
        if grid is None or pt[0] is None or pt[1] is None:
            return self._near_scan(pt, exclude)
        lat0, lon0 = pt
        cell = (math.floor(lat0 / _CELL_LAT), math.floor(lon0 / _CELL_LON))
        around = grid.get(cell)
        if around is None:
            ci, cj = cell
            around = grid[cell] = [p for di in (-1, 0, 1) for dj in (-1, 0, 1) for p in self._cells.get((ci + di, cj + dj), ())]
        best: dict[int, float] = {}
        for n, key, lat, lon, a in around:
            if key == exclude or a <= best.get(n, 0.0):
                continue
            if abs(lat - lat0) < 1.5 and abs(lon - lon0) < 2.5:
                d = km(pt, (lat, lon))
                v = a if d <= 50 else a / 2 if d <= 150 else 0.0
                if v > best.get(n, 0.0):
                    best[n] = v
        total = 0.0
        for n in sorted(best):  # in the order of the names, as the plain scan adds them
            total += best[n]
        return total

    def _near_scan(self, pt: tuple[float, float], exclude: str) -> float:
        total = 0.0
        for key, pts in self.points.items():
            if key == exclude:
                continue
            best = 0.0
            for lat, lon, a in pts:
                if a > best and abs(lat - pt[0]) < 1.5 and abs(lon - pt[1]) < 2.5:
                    d = km(pt, (lat, lon))
                    best = max(best, a if d <= 50 else a / 2 if d <= 150 else 0.0)
            total += best
        return total

    def _build_grid(self) -> dict | None:
        """Points by grid cell (``_cells``); returns the memo of the points
        around each cell asked for (its own and the 8 next to it)."""
        cells: dict[tuple[int, int], list] = {}
        for n, (key, pts) in enumerate(self.points.items()):
            for lat, lon, a in pts:
                if lat is None or lon is None:
                    return None  # a hand-built place without coordinates: scan
                cells.setdefault((math.floor(lat / _CELL_LAT), math.floor(lon / _CELL_LON)), []).append((n, key, lat, lon, a))
        self._cells = cells
        self._grid = {}
        return self._grid


#: proximity grid cells, twice the box of :meth:`Geography.near` (1.5 x 2.5 degrees)
_CELL_LAT, _CELL_LON = 3.0, 5.0


def context(gaz: Gazetteer, t: Toponym, c: Candidate, geo: Geography) -> float:
    """The context score of candidate ``c`` of ``t`` (memoised in ``geo``)."""
    k = t.key
    ctx = geo._memo.get((c.index, k))
    if ctx is None:
        ctx = geo._memo[(c.index, k)] = _context(gaz, gaz.row(c.index), k, geo)
    return ctx


def _contexts(gaz: Gazetteer, t: Toponym, geo: Geography) -> list[float]:
    """The context score of each of ``t``'s candidates (memoised per
    candidate and name in ``geo``: a name's mentions share their candidates)."""
    k = t.key
    memo = geo._memo
    out = []
    for c in t.cands:
        ctx = memo.get((c.index, k))
        if ctx is None:
            ctx = memo[(c.index, k)] = _context(gaz, gaz.row(c.index), k, geo)
        out.append(ctx)
    return out


def _context(gaz: Gazetteer, row: tuple, k: str, geo) -> float:
    kind, lat, lon, cc, a1, a2 = row[3], row[4], row[5], row[6], row[7], row[8]
    if kind == CONTINENT:
        return 0.0
    ctx = _unit_context(gaz, kind, cc, a1, a2, k, geo)
    if kind in (CITY, COUNTY) and geo.points:
        ctx += W_NEAR * f(geo.near((lat, lon), k))
    return ctx


def _unit_context(gaz: Gazetteer, kind: str, cc: str, a1: str, a2: str, k: str, geo) -> float:
    ctx = W_COUNTRY * f(geo.weight(f"c:{cc}", k))
    if cc:
        memo = geo._memo
        nb = memo.get(("nb", cc, k))
        if nb is None:
            nb = memo[("nb", cc, k)] = sum(geo.weight(f"c:{n}", k) for n in gaz.neighbours(cc))
        ctx += W_NEIGHBOUR * f(nb)
    if kind != COUNTRY and a1:
        ctx += W_ADMIN1 * f(geo.weight(f"a1:{a1}", k))
    if kind in (CITY, COUNTY) and a2:
        ctx += W_ADMIN2 * f(geo.weight(f"a2:{a2}", k))
    return ctx


def _name_parts(gaz: Gazetteer, toponyms: list[Toponym]) -> tuple[dict[str, dict[str, float]], dict[str, dict[int, tuple[float, float, float]]]]:
    """Per name (key, in order of first mention): the availability of each
    unit and the plausible points, the best over the name's mentions."""
    by_key: dict[str, dict[str, float]] = {}
    pts: dict[str, dict[int, tuple[float, float, float]]] = {}
    info = _info(gaz)
    for t in toponyms:
        if not t.cands or not t.scores:
            continue
        top = max(t.scores)
        key = t.key
        units = by_key.setdefault(key, {})
        for c, sc in zip(t.cands, t.scores):
            a = math.exp(sc - top)
            if a < 0.01 or not lends_geography(gaz, c):
                continue
            i = c.index
            cu = info.get(i)
            if cu is None:
                cu = info[i] = _index_info(gaz, i)
            for u in cu[0]:
                if a > units.get(u, 0.0):
                    units[u] = a
            if cu[1] and a >= 0.1:
                p = pts.setdefault(key, {})
                if a > p.get(i, (0, 0, 0))[2]:
                    p[i] = (cu[2], cu[3], a)
    return by_key, pts


def weak_match(gaz: Gazetteer, c: Candidate) -> bool:
    """A match that may be a coincidence: a look-alike name (fuzzy or
    skeleton), or another name of a town under 100,000 people (GeoNames
    lists "Zerin" for Yizre'el and "Kanaan" for Canaan, NH)."""
    if c.how in LOOK_ALIKE:
        return True
    if c.how == "alias":
        row = gaz.row(c.index)
        return row[3] in (CITY, COUNTY) and row[9] < 100_000
    return False


def lends_geography(gaz: Gazetteer, c: Candidate) -> bool:
    """Whether candidate ``c`` counts as the document's geography for its
    other names: a weak match does not (two coincidences would otherwise
    vouch for each other)."""
    return not weak_match(gaz, c)


def _info(gaz: Gazetteer) -> dict[int, tuple]:
    """Per place index: its units, whether it is a point for proximity, and
    its coordinates (memoised with the gazetteer)."""
    return gaz.memo.setdefault("geo_resolve.info", {})


def _index_info(gaz: Gazetteer, i: int) -> tuple:
    row = gaz.row(i)
    return tuple(_units(row)), row[3] in (CITY, COUNTY), row[4], row[5]


def _geography(gaz: Gazetteer, toponyms: list[Toponym], seed: dict[str, float]) -> Geography:
    geo = Geography(seed)
    by_key, pts = _name_parts(gaz, toponyms)
    for key, units in by_key.items():
        geo.add_name(key, units, list(pts.get(key, {}).values()))
    return geo


class _OneMore:
    """The geography of ``others`` plus one more toponym put first, read
    only for that toponym (its key excluded): exactly what
    ``_geography(gaz, [t] + others, seed)`` gives for it (the same sums in
    the same order), without rebuilding the others' part for every ``t``."""

    def __init__(self, base: _Others, key: str, units: dict[str, float] | None) -> None:
        self.base, self.key = base, key
        if units is not None and key in base.by_key:
            units = dict(units)
            for u, a in base.by_key[key].items():
                if a > units.get(u, 0.0):
                    units[u] = a
        self.own = units  # the key's units as the full geography would hold them
        self.points = bool(units is not None or base.geo.points)
        self._memo: dict = {}

    def weight(self, unit: str, exclude: str) -> float:
        assert exclude == self.key
        w = self._memo.get(unit)
        if w is not None:
            return w
        own, base = self.own, self.base
        acc = base.seed.get(unit)
        mine = own.get(unit) if own else None
        if mine is not None:
            acc = mine if acc is None else mine + acc
        for key, v in base.contrib.get(unit, ()):
            if key != exclude:
                acc = v if acc is None else v + acc
        total = 0.0 if acc is None else acc
        # Geography.weight: minus the key's own share (nothing when it has no units)
        w = self._memo[unit] = total - (mine if own and mine is not None else 0.0)
        return w

    def near(self, pt: tuple[float, float], exclude: str) -> float:
        return self.base.geo.near(pt, exclude)  # the toponym's own points are excluded anyway


class _Others:
    """The parts of a geography that come from already resolved toponyms."""

    def __init__(self, gaz: Gazetteer, others: list[Toponym], seed: dict[str, float]) -> None:
        self.seed = dict(seed)
        self.by_key, pts = _name_parts(gaz, others)
        self.geo = Geography(seed)
        self.contrib: dict[str, list[tuple[str, float]]] = {}
        for key, units in self.by_key.items():
            self.geo.add_name(key, units, list(pts.get(key, {}).values()))
            for u, v in units.items():
                self.contrib.setdefault(u, []).append((key, v))


def _prepare(gaz: Gazetteer, t: Toponym) -> None:
    if len(t.cands) > MAX_CANDIDATES:
        t.cands.sort(key=lambda c: -prior(gaz, c))
        del t.cands[MAX_CANDIDATES:]
    t.base = [_local(gaz, t, c) for c in t.cands]
    t.scores = list(t.base)


def resolve_each(gaz: Gazetteer, toponyms: list[Toponym], seed: dict[str, float] | None, others: list[Toponym]) -> None:
    """For each toponym on its own, what ``resolve_toponyms(gaz, [t], seed,
    passes=1, others=others)`` does, sharing the work on ``others``."""
    seed = seed or {}
    base = None
    for t in toponyms:
        if not t.key:  # a name outside the Latin script: the plain way
            resolve_toponyms(gaz, [t], seed, passes=1, others=others)
            continue
        if base is None:
            base = _Others(gaz, others, seed)
        _prepare(gaz, t)
        own = _name_parts(gaz, [t])[0].get(t.key)
        geo = _OneMore(base, t.key, own)
        ctx = [_context(gaz, gaz.row(c.index), t.key, geo) for c in t.cands]
        t.scores = [b + x for b, x in zip(t.base, ctx)]
        _finish(gaz, t, ctx)


def _finish(gaz: Gazetteer, t: Toponym, ctx: list[float]) -> None:
    if not t.cands:
        t.best, t.confidence, t.support = None, 0.0, 0.0
        return
    scores = t.scores
    top = max(scores)
    tied = [j for j, s in enumerate(scores) if s == top]
    # the best score, then the most people; the first of equals
    i = tied[0] if len(tied) == 1 else max(tied, key=lambda j: gaz.row(t.cands[j].index)[9])
    z = sum(math.exp(s - top) for s in scores)
    t.best, t.support = i, ctx[i]
    t.confidence = round((1.0 / z) * (0.8 if t.cands[i].how == "fuzzy" else 1.0), 3)


MAX_CANDIDATES = 60


def resolve_toponyms(gaz: Gazetteer, toponyms: list[Toponym], seed: dict[str, float] | None = None, *,
                     passes: int = 3, others: list[Toponym] | None = None) -> Geography:
    """Choose a candidate for every toponym (candidates must be filled).
    ``others``: toponyms already resolved whose geography counts as context
    but which are not re-resolved. Returns the last geography."""
    seed = seed or {}
    for t in toponyms:
        _prepare(gaz, t)
    geo = _geography(gaz, toponyms + (others or []), seed)
    for _ in range(passes):
        ctxs, same = [], True
        for t in toponyms:
            ctx = _contexts(gaz, t, geo)
            scores = [b + x for b, x in zip(t.base, ctx)]
            same = same and scores == t.scores
            t.scores = scores
            ctxs.append(ctx)
        for t, ctx in zip(toponyms, ctxs):
            _finish(gaz, t, ctx)
        if same:  # the scores the geography came from: every further pass gives the same again
            return geo
        geo = _geography(gaz, toponyms + (others or []), seed)
    return geo

"""Places: find place names in a document and resolve them to gazetteer
entries with a precision (exact | city | district | region | country).

Finding (:func:`sitrep.nlp.geo_spans.candidate_toponyms`):
1. spaCy's GPE/LOC/FAC entities, without a leading "the" and with a
   trailing feature word split off ("Hama province" -> "Hama" + region).
2. Runs of capitalised words (joined by "al-", "de", "of", hyphens,
   apostrophes) after a locative cue ("in", "near", "the town of", a list
   "X and Y") or before a feature word ("district", "crossing"), whole:
   exactly, else fuzzily among the document's countries ("Maaret al-Numan").
3. A gazetteer entity ruler over the other runs, longest match first, never
   splitting "Al-Mughayr": places spaCy mislabels are found ("Aleppo" is
   NORP in every context, "Al-Bukamal" ORG, "Khan Sheikhoun" PERSON) and
   places inside names ("Gainesville Police", "U.S. Census").
Nationality adjectives and people nouns ("Iraqi", "Syrians"), languages
and faiths (``geo_data.NOT_PLACES``) are never places; adjectives add their
country to the context.

Keeping (:func:`_accept`): spaCy's places always (unresolved ones with
``place=None``), as are "<Name> district" and full county names. A name
spaCy labelled otherwise, or not at all, needs evidence, because a
gazetteer of every town of 500 people holds "Hope", "Mobile", "Reading":
not a common word (``geo_data.COMMON_WORDS``), a stop word or an acronym;
not the surname of a person named in full in the document; and then one of
- the same name already kept in the document (one sense per document);
- a country, region or continent name (not for PERSON without a cue);
- a cue, feature word, qualifier or list, with context support >= 1 (the
  document's country) or over 100,000 people (fuzzy matches: cue and
  support);
- inside an organisation's name at its start or after "of", or before
  "Police"/"City Council"...: support >= 2, or >= 1 with 10,000 people when
  the name recurs;
- PERSON/ORG/ruler-only: over 100,000 people with support >= 1.5;
  ruler-only: support >= 3 (country and admin1), or >= 2 when it recurs.
Alias-only matches need a cue. In the last step a guess with no support
(< 0.3) while other names have some is dropped to ``place=None`` when it
is a region, a county or a town under 100,000 people ("the Gulf" is not
Papua New Guinea's Gulf Province). A weak match (a fuzzy or
skeleton look-alike, or another name of a town under 100,000 people)
stands only with support >= 1, its country in the document's context, and
never lends support to other names: an unknown "Varnesia" is not India's
Varanasi, and two coincidences do not vouch for each other. (LGL with gold
spans: 0.853 -> 0.855 within 161 km; end to end F1 0.801 -> 0.800.) Each rule was kept when it raised
LGL's end-to-end F1 (bench/geo.py; from 0.76 to 0.80 overlap F1): the
inside-names rule alone +2 points of recall, the surname and common-word
rules +3 points of precision.

Districts: "<Name> district|neighbourhood|quarter" resolves to its city
("of Aleppo" after it, "the city's" before it, else the last city named
before it) with precision "district" and a Place of kind "district" at the
city's coordinates; later bare mentions of the name in the same document
resolve the same way. "<Name> crossing" resolves to the town, kind
"crossing", precision "city" (the crossing is at the town). Regions
("Idlib province", "Kurdistan Region") have precision "region" and
centroid coordinates (see :mod:`sitrep.nlp.gazetteer`); countries
"country"; towns "city". "exact" is reserved for point features named
directly, which the GeoNames-based gazetteer does not hold.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import geo_data
from .gazetteer import CITY, CONTINENT, COUNTRY, COUNTY, CROSSING, DISTRICT, REGION, Candidate, Gazetteer, Place, get_gazetteer, normalise
from .geo_resolve import Toponym, resolve_each, resolve_toponyms, weak_match
from .geo_spans import _REGION_AFTER, PLACE_LABELS, _chunks, _qualifier, candidate_toponyms
from .pipeline import doc_text

__all__ = ["Place", "PlaceMention", "Gazetteer", "find_places", "resolve", "candidate_toponyms", "resolve_spans"]

PRECISIONS = ("exact", "city", "district", "region", "country")
MAX_ALIASES = 8


@dataclass
class PlaceMention:
    """A place name in a text: character span, resolution and precision."""

    start: int
    end: int
    text: str
    place: Place | None
    precision: str
    score: float


# ---------------------------------------------------------------- resolving
def _context_isos(gaz: Gazetteer, context_countries: Sequence[str]) -> list[str]:
    """ISO-2 codes for ``context_countries`` given as codes or names (a
    dateline such as "Erbil" gives IQ)."""
    out = []
    for c in context_countries:
        if len(c) == 2 and c.isupper():
            out.append(c)
            continue
        cands = gaz.candidates(c, fuzzy=False)
        if cands:
            best = max(cands, key=lambda x: (gaz.row(x.index)[3] == COUNTRY, gaz.row(x.index)[9]))
            out.append(gaz.row(best.index)[6])
    return out


def _seed(isos: Sequence[str], demonym_cc: dict[str, float]) -> dict[str, float]:
    """Outside evidence: the caller's countries (weight 2 each: a dateline is
    strong) and nationality adjectives (0.5 each, at most 1 per country)."""
    seed = {f"c:{cc}": w for cc, w in demonym_cc.items()}
    for cc in isos:
        seed[f"c:{cc}"] = seed.get(f"c:{cc}", 0.0) + 2.0
    return seed


TRUSTED = PLACE_LABELS | {"GOLD", "QUAL"}


_COUNTY_WORDS = ("county", "parish", "borough", "district", "province", "governorate")


def _accept(t: Toponym, gaz: Gazetteer, ends: set[int], known: set[str], counts: Counter, surnames: set[str]) -> bool:
    """Keep a name spaCy did not call a place only with evidence (module
    docstring). ``ends``: where kept places end (lists: "X and Y");
    ``known``: names already kept in this document (one sense per
    document); ``counts``: how often each name is a candidate;
    ``surnames``: last words of the document's multi-word person names."""
    if t.label in TRUSTED or (t.feature == "district" and not t.label.startswith("IN-")):
        return True  # "<Name> district" is a part of a city, in the gazetteer or not
    if t.best is None or (t.label == "IN-PERSON" and not t.inst):
        return False  # "Paris" in "Paris Hilton"
    c = t.cands[t.best]
    row = gaz.row(c.index)
    kind, pop = row[3], row[9]
    if t.key in surnames and not t.inst:
        return False  # "Clinton" after "Bill Clinton"
    if t.key in known and c.how in ("name", "alias"):
        return True
    strong = t.feature is not None or t.cue or t.qualifier is not None or (t.after is not None and t.after in ends)
    if c.how in ("fuzzy", "skeleton"):
        return strong and t.support >= 1.0 and t.label in ("RULER", "PERSON")
    if kind in (COUNTRY, CONTINENT) or (kind == REGION and c.how == "name"):
        return t.label != "PERSON" or strong
    if kind == COUNTY and c.how == "name" and t.text.lower().endswith(_COUNTY_WORDS):
        return True
    if c.how == "alias" and not strong:
        return False
    if t.label.startswith("IN-"):  # in an organisation's name: "Gainesville Police", "U.S. Census"
        return t.inst and c.how == "name" and (t.support >= 2.0 or (counts[t.key] >= 2 and t.support >= 1.0 and pop >= 10_000))
    if strong:
        return t.support >= 1.0 or pop >= 100_000
    if t.label == "NORP":
        return pop >= 100_000 or t.support >= 1.5
    if t.label in ("PERSON", "ORG"):
        return pop >= 100_000 and t.support >= 1.5
    if pop >= 100_000:
        return t.support >= 1.5
    return t.support >= 3.0 or (counts[t.key] >= 2 and t.support >= 2.0)


def _district_parent(doc, t: Toponym, mentions: list[PlaceMention]) -> PlaceMention | None:
    text = doc_text(doc)
    m = re.match(r"\s+(?:district|neighbou?rhood|quarter|suburb|camp)\s+(?:of|in)\s+(?:the\s+city\s+of\s+)?([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)", text[t.end:])
    cities = [pm for pm in mentions if pm.place is not None and pm.place.kind == CITY and pm.end <= t.start]
    if m:
        name = normalise(m.group(1))
        for pm in mentions:
            if pm.place is not None and pm.place.kind == CITY and normalise(pm.text) == name and pm.start >= t.end:
                return pm
    return cities[-1] if cities else None


def _mention(gaz: Gazetteer, t: Toponym) -> PlaceMention:
    if t.best is None:
        return PlaceMention(t.start, t.end, t.text, None, "city", 0.0)
    place = gaz.place(t.cands[t.best].index)
    # the surface form first (reports match places by name or alias), then a few Latin alternate names
    extra = [a for a in place.aliases if a[:1].isupper() and a.isascii()][:MAX_ALIASES]
    aliases = tuple(dict.fromkeys((t.text, place.name, *extra)))
    place = replace(place, aliases=aliases)
    if t.lookup_text and t.text in geo_data.SPECIAL_REGIONS:  # "Kurdistan Region": its capital's point
        cc = geo_data.SPECIAL_REGIONS[t.text][0]
        place = Place(f"p-{cc}-{normalise(t.text).replace(' ', '-')}", t.text, REGION, place.lat, place.lon, cc, 0,
                      (t.text,), place.admin1)
    precision = {CONTINENT: "country", COUNTRY: "country", REGION: "region", COUNTY: "region"}.get(place.kind, "city")
    if t.feature == "crossing" and place.kind == CITY:
        place = replace(place, id=f"{place.id}/crossing", name=f"{t.text} crossing", kind=CROSSING,
                        aliases=(f"{t.text} crossing", *aliases))
    return PlaceMention(t.start, t.end, t.text, place, precision, t.confidence)


def _as_district(t: Toponym, parent: PlaceMention | None, conf: float) -> PlaceMention:
    if parent is None or parent.place is None:
        return PlaceMention(t.start, t.end, t.text, None, "district", 0.0)
    city = parent.place
    slug = re.sub(r"[^a-z0-9]+", "-", normalise(t.text)).strip("-")
    place = Place(f"{city.id}/{slug}", t.text, DISTRICT, city.lat, city.lon, city.country, 0, (t.text,), city.admin1, city.admin2)
    return PlaceMention(t.start, t.end, t.text, place, "district", round(conf, 3))


def _kept_toponyms(doc, gaz: Gazetteer, context_countries: Sequence[str], given: list[Toponym] = ()) -> list[Toponym]:
    """The document's place names, resolved jointly: the names spaCy calls
    places (and ``given`` ones, which replace what they overlap) set the
    geography; every other candidate is judged against it (:func:`_accept`);
    then all kept ones are resolved together."""
    isos = _context_isos(gaz, context_countries)
    tops, demonym_cc = candidate_toponyms(doc, gaz, isos) if doc is not None else ([], {})
    if given:
        tops = sorted([t for t in tops if not any(t.start < g.end and g.start < t.end for g in given)] + list(given),
                      key=lambda t: t.start)
    seed = _seed(isos, demonym_cc)
    trusted = [t for t in tops if t.label in TRUSTED]
    resolve_toponyms(gaz, trusted, seed)
    ends = {t.end for t in trusted}
    known = {t.key for t in trusted if t.best is not None}
    counts = Counter(t.key for t in tops if t.label != "IN-PERSON")
    surnames = {normalise(e[-1].text) for e in (doc.ents if doc is not None else ()) if e.label_ == "PERSON" and len(e) > 1}
    rest = [t for t in tops if t.label not in TRUSTED]
    resolve_each(gaz, rest, seed, trusted)  # each on its own against the trusted geography
    accepted: set[int] = set()
    for _ in range(2):  # a second round sees the names the first one kept
        for t in rest:
            if id(t) not in accepted and _accept(t, gaz, ends, known, counts, surnames):
                accepted.add(id(t))
                ends.add(t.end)
                known.add(t.key)
    kept = [t for t in tops if t.label in TRUSTED or id(t) in accepted]
    resolve_toponyms(gaz, kept, seed)
    return kept


def _resolve(doc, gaz: Gazetteer, context_countries: Sequence[str]) -> list[PlaceMention]:
    kept = _kept_toponyms(doc, gaz, context_countries)
    _drop_look_alikes(gaz, kept)
    anchored = any(t.support >= 1.0 for t in kept if t.best is not None)
    for t in kept:  # a guess far from the document's geography is worse than none
        if t.best is None:
            continue
        if anchored and t.support < 0.3:
            row = gaz.row(t.cands[t.best].index)
            if row[3] in (REGION, COUNTY) or (row[3] == CITY and row[9] < 100_000):
                t.best, t.confidence = None, 0.0
    is_district = [t.feature == "district" and (t.best is None or gaz.row(t.cands[t.best].index)[3] != CITY
                                                or gaz.row(t.cands[t.best].index)[9] < 100_000) for t in kept]
    base = [None if d else _mention(gaz, t) for t, d in zip(kept, is_district)]
    cities = [m for m in base if m is not None]
    mentions: list[PlaceMention] = []
    learned: dict[str, PlaceMention] = {}
    for t, d, pm in zip(kept, is_district, base):
        if d:
            pm = _as_district(t, _district_parent(doc, t, cities), 0.6 if t.best is None else t.confidence)
            if pm.place is not None:
                learned[normalise(t.text)] = pm
        mentions.append(pm)
    # one sense per document: later bare mentions of a learned district name
    if learned:
        text = doc_text(doc)
        for ci, cj in _chunks(doc):
            s, e = doc[ci].idx, doc[cj - 1].idx + len(doc[cj - 1].text)
            pm = learned.get(normalise(text[s:e]))
            if pm is not None and not any(m.start < e and s < m.end for m in mentions):
                mentions.append(replace(pm, start=s, end=e, text=text[s:e]))
    mentions.sort(key=lambda m: m.start)
    return mentions


def find_places(doc, *, gazetteer: Gazetteer | None = None, context_countries: Sequence[str] = ()) -> list[PlaceMention]:
    """Place mentions of a spaCy ``Doc``, each a character span into
    ``doc.text`` with its resolved place (None when no gazetteer entry
    fits), precision and confidence. ``context_countries``: ISO-2 codes or
    names (a dateline such as "Erbil") that seed the document's geography.
    When the ``sitrep_places`` component ran with the same arguments, its
    result is returned."""
    gaz = gazetteer or get_gazetteer()
    cached = doc.user_data.get("sitrep_places") if hasattr(doc, "user_data") else None
    if cached is not None and tuple(cached[0]) == (_gaz_key(gaz), *context_countries):
        return [_from_plain(m) for m in cached[1]]
    return _resolve(doc, gaz, context_countries)


def _gaz_key(gaz: Gazetteer) -> str:
    from . import gazetteer as _g

    return "default" if gaz is _g._default.get(os.getpid()) else f"custom-{id(gaz)}"


def _to_plain(m: PlaceMention) -> list:
    """msgpack-able, so a Doc with cached places still crosses processes."""
    p = m.place
    place = None if p is None else [p.id, p.name, p.kind, p.lat, p.lon, p.country, p.population, list(p.aliases), p.admin1, p.admin2]
    return [m.start, m.end, m.text, place, m.precision, m.score]


def _from_plain(x: list) -> PlaceMention:
    p = x[3]
    place = None if p is None else Place(*p[:7], tuple(p[7]), p[8], p[9])
    return PlaceMention(x[0], x[1], x[2], place, x[4], x[5])


def resolve_spans(doc_or_text, spans: Sequence[tuple[int, int]], *, gazetteer: Gazetteer | None = None,
                  context_countries: Sequence[str] = (), extra_context: bool = True) -> list[PlaceMention]:
    """Resolve given (gold) spans of one document jointly. Every span is
    taken to be a place, so a nationality adjective ("Russian") resolves to
    its country. With ``extra_context`` and a ``Doc``, the places
    :func:`find_places` would keep elsewhere add to the context."""
    gaz = gazetteer or get_gazetteer()
    text = doc_or_text if isinstance(doc_or_text, str) else doc_or_text.text
    tops = gold_toponyms(gaz, text, spans)
    doc = None if isinstance(doc_or_text, str) or not extra_context else doc_or_text
    _kept_toponyms(doc, gaz, context_countries, tops)
    return [_mention(gaz, t) for t in tops]


def gold_toponyms(gaz: Gazetteer, text: str, spans: Sequence[tuple[int, int]]) -> list[Toponym]:
    """Toponyms for spans known to be places, with their candidates."""
    tops = []
    for s, e in spans:
        t = Toponym(s, e, text[s:e], "GOLD")
        _fill_gold(gaz, t, text)
        tops.append(t)
    return tops


def _fill_gold(gaz: Gazetteer, t: Toponym, text: str) -> None:
    name = t.text.strip()
    low = name.lower()
    idx = None
    if low in geo_data.DEMONYMS or low.rstrip("s") in geo_data.DEMONYMS:
        idx = gaz.country_index(geo_data.DEMONYMS.get(low) or geo_data.DEMONYMS[low.rstrip("s")])
    elif name in geo_data.US_STATE_ABBR and (name.endswith(".") or re.search(r",\s*$", text[: t.start])):
        idx = gaz.admin_index(geo_data.US_STATE_ABBR[name])
    if idx is not None:
        t.cands = [Candidate(idx, 1.0, "name")]
        return
    if name in geo_data.SPECIAL_REGIONS:
        t.lookup_text = geo_data.SPECIAL_REGIONS[name][1]
    t.cands = gaz.candidates(t.lookup_text or name)
    m = re.match(r"\s+(\w+)", text[t.end:])
    if m:
        w = m.group(1).lower()
        t.feature = "region" if w in _REGION_AFTER else "district" if w in geo_data.DISTRICT_WORDS else "crossing" if w == "crossing" else None
    t.qualifier = _qualifier(text, t.end, gaz, t.cands)[0]


def resolve(name: str, *, context_countries: Sequence[str] = (), gazetteer: Gazetteer | None = None) -> PlaceMention | None:
    """Resolve one place name out of context (or with ``context_countries``);
    the name is taken to be a place, so "Russian" gives Russia. None when
    the gazetteer has no candidate."""
    gaz = gazetteer or get_gazetteer()
    tops = gold_toponyms(gaz, name, [(0, len(name))])
    _kept_toponyms(None, gaz, context_countries, tops)
    _drop_look_alikes(gaz, tops)
    pm = _mention(gaz, tops[0])
    return pm if pm.place is not None else None


def _drop_look_alikes(gaz: Gazetteer, tops: Sequence[Toponym]) -> None:
    """A weak match (a look-alike name, or another name of a small town:
    :func:`~sitrep.nlp.geo_resolve.weak_match`) counts only in a country the
    document is about: an unknown "Varnesia" is not India's Varanasi."""
    for t in tops:
        if t.best is not None and t.support < 1.0 and weak_match(gaz, t.cands[t.best]):
            t.best, t.confidence = None, 0.0


# ---------------------------------------------------------------- spaCy component
try:
    from spacy.language import Language
    from spacy.util import filter_spans

    @Language.factory("sitrep_places", default_config={"context_countries": []})
    def make_place_ruler(nlp, name: str, context_countries: list[str]):
        return PlaceRuler(tuple(context_countries))
except ImportError:  # pragma: no cover - spaCy is a dependency
    Language = None


class PlaceRuler:
    """The gazetteer entity ruler as a spaCy component (after "ner"): it
    resolves the document's places, relabels those spaCy called NORP, ORG
    or PERSON (or missed) as GPE in ``doc.ents`` and caches the mentions
    for :func:`find_places`. The gazetteer opens on the first document."""

    def __init__(self, context_countries: tuple[str, ...] = ()):
        self.context_countries = context_countries
        self.gazetteer: Gazetteer | None = None  # None: the full one (tests set a small one)

    def __call__(self, doc):
        gaz = self.gazetteer or get_gazetteer()
        mentions = _resolve(doc, gaz, self.context_countries)
        doc.user_data["sitrep_places"] = ([_gaz_key(gaz), *self.context_countries], [_to_plain(m) for m in mentions])
        new = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label="GPE", alignment_mode="contract")
            if span is not None and len(span):
                new.append(span)
        if new:
            # entities that overlap a place give way, unless spaCy called them places too
            new_toks = {k for s in new for k in range(s.start, s.end)}
            keep = [e for e in doc.ents if new_toks.isdisjoint(range(e.start, e.end)) or e.label_ in PLACE_LABELS]
            keep_toks = {k for e in keep for k in range(e.start, e.end)}
            doc.ents = filter_spans(keep + [s for s in new if keep_toks.isdisjoint(range(s.start, s.end))])
        return doc


def add_to_pipeline(nlp) -> None:
    """Add the ``sitrep_places`` component after "ner" (for
    ``sitrep.nlp.pipeline.EXTRA_COMPONENTS``)."""
    if "sitrep_places" not in nlp.pipe_names:
        nlp.add_pipe("sitrep_places", after="ner" if "ner" in nlp.pipe_names else None)


def _register() -> None:
    from . import pipeline

    pipeline.EXTRA_COMPONENTS.setdefault("sitrep_places", add_to_pipeline)


_register()

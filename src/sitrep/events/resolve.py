"""The corpus stage for events: mentions of one story that describe the same
real-world event become one event, with a date, place, actors, count and
status chosen from its mentions, and a count of independent sources.

Resolution is :func:`sitrep.events.coref.resolve` over the mentions of each
story (blocked by story and event family, scored on trigger, context,
actors, places and time; conflicting details lower the score but do not
forbid a merge: that is what a discrepancy is).

Choosing an event's values when its mentions disagree
    date     the explicit (not inferred) date supported by the most
             independent sources (a source supports a date when its
             interval contains it), then by mentions, then the earliest;
             with no explicit date, the publication context (``inferred``);
    place    the place named by the most mentions, finer precision first;
    count    the count of the mention from the best-supported source;
    status   ``denied`` only when every source denies, ``planned`` when
             every mention is planned, ``asserted`` when some source
             asserts, else the most common status.

Independent sources
    Two mentions are the same source when their documents are in one
    independence group (copies and rewrites of one original, or one agency
    story: :func:`sitrep.lineage.independence_groups`), or when they
    attribute the claim to the same original source across outlets: the same
    named entity, or the same specific anonymous description ("two Iraqi
    security sources"); generic descriptions ("sources", "residents") never
    join two outlets.

Event ids are ``v-`` + a hash of the story and the event's first mention
(earliest document by publication, then position), so re-running gives the
same ids.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable, Mapping, Sequence

from . import taxonomy as tx
from .coref import CorefMention, CorefParams, resolve as coref_resolve

_GENERIC_ATTRIBUTION = re.compile(
    r"^(?:the |some |other |several |multiple |many |two |three |four |one |a |an )*"
    r"(?:sources?|residents?|officials?|witnesses|activists|reports?|people|observers)\b[\w\s]{0,12}$", re.I)
_STOP = frozenset("a an the of to in on at for from by with and or its their his her our this that these those".split())


#: types precise enough that any two triggers of the type name the same kind
#: of happening ("crossed" ~ "entered" ~ "were sent"), so the type is the
#: predicate compared; the other types keep their lemma ("said" ≠ "warned")
_PREDICATE_TYPES = frozenset({"movement", "capture", "airstrike", "shelling", "killing", "withdrawal", "arrest",
                              "appointment"})
_DESTINATION_TYPES = frozenset({"movement", "withdrawal"})


@dataclass
class Mention:
    """One event mention with the document context the corpus stage needs."""

    key: str                 # "<doc>:<n>"
    doc: str
    story: str
    data: dict               # the per-document mention dict (see mentions.py)
    sentence: str
    published: date | None
    group: int               # independence group index
    agents: list[str] = field(default_factory=list)    # corpus entity ids
    targets: list[str] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.data["type"]

    @property
    def status(self) -> str:
        return self.data["status"]

    @property
    def time(self) -> dict | None:
        t = self.data.get("time")
        return t if t and not t.get("inferred") else None

    @property
    def attribution(self) -> str | None:
        a = self.data.get("attribution")
        return a["text"] if a else None


@dataclass
class Event:
    id: str
    story: str
    type: str
    mentions: list[Mention]
    summary: str = ""
    date: dict | None = None
    place: dict | None = None
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    count: dict | None = None
    status: str = "asserted"
    independent_sources: int = 0
    source_of: dict[str, int] = field(default_factory=dict)   # mention key → source index


def _date(s: str | None) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


def source_key(m: Mention, attribution_entities: Iterable[str] = ()) -> str | None:
    """What identifies the original source behind a mention across outlets
    (``None`` when only the outlet can: generic or missing attribution)."""
    ents = sorted(attribution_entities)
    if ents:
        return "e:" + ",".join(ents)
    text = (m.attribution or "").strip()
    if not text:
        return None
    words = [w for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP]
    if len(words) < 3 or _GENERIC_ATTRIBUTION.match(text.strip()):
        return None
    return "t:" + " ".join(words)


def count_sources(mentions: Sequence[Mention], attribution_ids: Mapping[str, list[str]] | None = None) -> dict[str, int]:
    """Source index for each mention key (see the module docstring)."""
    attribution_ids = attribution_ids or {}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for m in mentions:
        node = "m:" + m.key
        union(node, f"g:{m.group}")
        key = source_key(m, attribution_ids.get(m.key, ()))
        if key:
            union(node, key)
    roots: dict[str, int] = {}
    out = {}
    for m in sorted(mentions, key=lambda m: m.key):
        out[m.key] = roots.setdefault(find("m:" + m.key), len(roots))
    return out


def _coref_mention(m: Mention, place_parents: Mapping[str, Iterable[str]]) -> CorefMention:
    d = m.data
    t = m.time
    start, end = d["trigger"]
    s0 = d["sentence"][0]
    places: set[str] = set()
    place = d.get("place") or {}
    if place.get("id") and (d["type"] in _DESTINATION_TYPES or place.get("kind") != "country"):
        # a movement's destination is compared as named (into Syria ≠ into
        # Aleppo); elsewhere a country is too coarse to tell two events
        # apart, and two different towns are different places
        places.add(place["id"])
    actors = set(m.agents)
    count = None
    if d.get("count"):
        count = (d["count"].get("low"), d["count"].get("high"))
    return CorefMention(
        id=m.key, doc=m.doc, group=m.story + ("|planned" if m.status == "planned" else ""), trigger=m.sentence[start - s0:end - s0],
        lemma=d["type"] if d["type"] in _PREDICATE_TYPES else d["lemma"],
        sentence=m.sentence, start=start - s0, end=end - s0, type=d["type"],
        earliest=_date(t["earliest"]) if t else None, latest=_date(t["latest"]) if t else None,
        places=frozenset(places), actors=frozenset(actors), count=count, position=d.get("sid"))


def _copy_key(c: CorefMention) -> tuple:
    """Mentions with the same key are one sentence of one report as copies
    and rewrites repeat it: the same trigger at the same place in the same
    words, with the same type, time, places, actors and count."""
    return (c.group, " ".join(c.sentence.split()), c.start, c.trigger, c.type, c.earliest, c.latest, c.places,
            c.actors, c.count)


def _resolve_copies_once(cms: list[CorefMention], params: CorefParams) -> list[int]:
    """Coreference with each repeated sentence resolved once: a story
    syndicated to hundreds of sites repeats every sentence, and the same
    sentence in two copies is the same event (the pair model, fitted on
    ECB+'s independently written reports, never saw verbatim repeats and
    scores them low). Labels are per input mention."""
    first: dict[tuple, int] = {}
    rep_of = [first.setdefault(_copy_key(c), i) for i, c in enumerate(cms)]
    reps = sorted(set(rep_of))
    labels = coref_resolve([cms[i] for i in reps], params)
    label_of = dict(zip(reps, labels))
    return [label_of[r] for r in rep_of]


def _event_id(story: str, first: Mention) -> str:
    h = hashlib.sha1(f"{story}|{first.doc}|{first.data['trigger'][0]}".encode()).hexdigest()[:12]
    return "v-" + h


def _choose_date(ms: list[Mention], source_of: dict[str, int]) -> dict | None:
    explicit = [m for m in ms if m.time and _date(m.time.get("earliest"))]
    if not explicit:
        pubs = sorted(m.published for m in ms if m.published)
        if not pubs:
            return None
        p = pubs[0].isoformat()
        return {"value": p, "precision": "day", "earliest": p, "latest": p, "inferred": True}
    candidates: set[date] = set()
    for m in explicit:
        if m.time.get("precision") == "day" or m.time.get("mod") == "ON_OR_AFTER":
            candidates.add(_date(m.time["earliest"]))
    if not candidates:
        candidates = {_date(m.time["earliest"]) for m in explicit}

    def support(day: date) -> tuple[int, int, int]:
        sources, mentions, exact = set(), 0, 0
        for m in explicit:
            lo, hi = _date(m.time["earliest"]), _date(m.time.get("latest")) or _date(m.time["earliest"])
            if m.time.get("mod") == "ON_OR_AFTER":
                hi = lo
            if lo <= day <= hi:
                sources.add(source_of[m.key])
                mentions += 1
                exact += lo == hi == day
        return len(sources), exact, mentions

    best = max(sorted(candidates), key=support)
    holders = [m for m in explicit if _date(m.time["earliest"]) == best]
    precision = holders[0].time.get("precision") if holders else "day"
    lows = [_date(m.time["earliest"]) for m in explicit]
    highs = [_date(m.time.get("latest")) or _date(m.time["earliest"]) for m in explicit]
    return {"value": best.isoformat(), "precision": precision or "day",
            "earliest": min(lows).isoformat(), "latest": max(highs).isoformat(), "inferred": False}


def _choose_place(ms: list[Mention]) -> dict | None:
    rank = {"exact": 0, "district": 1, "city": 2, "region": 3, "country": 4}
    places = [m.data["place"] for m in ms if m.data.get("place") and m.data["place"].get("id")]
    if not places:
        return None
    counts = Counter(p["id"] for p in places)
    best = min(places, key=lambda p: (-counts[p["id"]], rank.get(p.get("precision") or "", 5), p["id"]))
    return best


def _choose_status(ms: list[Mention], source_of: dict[str, int]) -> str:
    by_source: dict[int, set[str]] = defaultdict(set)
    for m in ms:
        by_source[source_of[m.key]].add(m.status)
    statuses = [s for v in by_source.values() for s in v]
    if all(s == "denied" for s in statuses):
        return "denied"
    if all(s == "planned" for s in statuses):
        return "planned"
    if any(s == "asserted" for s in statuses):
        return "asserted"
    return Counter(s for s in statuses if s not in ("denied",)).most_common(1)[0][0]


def _summary(ms: list[Mention]) -> str:
    def rank(m: Mention):
        d = m.data
        return (m.status != "asserted", d["type"] in ("statement", "threat"), -(bool(d.get("agent")) +
                bool(d.get("place")) + bool(m.time) + bool(d.get("count"))), m.published or date.max, m.key)

    best = min(ms, key=rank)
    return best.data.get("summary") or best.sentence


def build_events(mentions: Sequence[Mention], *, place_parents: Mapping[str, Iterable[str]] | None = None,
                 attribution_ids: Mapping[str, list[str]] | None = None,
                 params: CorefParams | None = None) -> list[Event]:
    """Events from mentions (of any number of stories), ordered by date."""
    place_parents = place_parents or {}
    ms = [m for m in mentions if m.story]
    if not ms:
        return []
    cms = [_coref_mention(m, place_parents) for m in ms]
    labels = _resolve_copies_once(cms, params or CorefParams())
    clusters: dict[int, list[Mention]] = defaultdict(list)
    for m, label in zip(ms, labels):
        clusters[label].append(m)
    events = []
    for members in _merge_same_happening(list(clusters.values())):
        members.sort(key=lambda m: (m.published or date.max, m.doc, m.data["trigger"][0]))
        source_of = count_sources(members, attribution_ids)
        types = Counter(m.type for m in members if m.status != "denied") or Counter(m.type for m in members)
        etype = min(types, key=lambda t: (-types[t], t))
        actors: list[str] = []
        targets: list[str] = []
        for m in members:
            for a in m.agents:
                if a not in actors:
                    actors.append(a)
        for m in members:
            for a in m.targets:
                if a not in actors and a not in targets:
                    targets.append(a)
        ev = Event(id=_event_id(members[0].story, members[0]), story=members[0].story, type=etype,
                   mentions=members, summary=_summary(members), date=_choose_date(members, source_of),
                   place=_choose_place(members), actors=actors, targets=targets, status=_choose_status(members, source_of),
                   independent_sources=len(set(source_of.values())), source_of=source_of)
        ev.count = _choose_count(members, source_of)
        events.append(ev)
    events.sort(key=lambda e: ((e.date or {}).get("value") or "9999", e.id))
    return events


def _best_day(ms: list[Mention]) -> date | None:
    days = Counter(_date(m.time["earliest"]) for m in ms
                   if m.time and m.time.get("precision") == "day" and m.time.get("earliest"))
    return min(days, key=lambda d: (-days[d], d)) if days else None


def _destinations(ms: list[Mention]) -> Counter:
    """Places of these mentions, each under its gazetteer id and under its
    name as written (two spellings of one id, or one name the gazetteer
    resolved two ways, both count as the same place)."""
    out: Counter = Counter()
    for m in ms:
        p = m.data.get("place") or {}
        if p.get("id"):
            out[p["id"]] += 1
            out["t:" + re.sub(r"\W+", " ", (p.get("text") or "").lower()).strip()] += 1
    return out


def _merge_same_happening(clusters: list[list[Mention]], max_days: int = 2) -> list[list[Mention]]:
    """Join clusters of one story that report the same kind of happening
    (a precise type: a movement, a capture…) at the same place within
    ``max_days`` of each other. Mention-pair coreference splits one
    event when outlets word it differently *and* disagree on its details
    (a monitor's "nearly 200 … through the crossing" against an agency's
    "at least 300 … along a dirt track"); at the level of whole clusters the
    shared place and date are clear. Planned and actual happenings never
    join, and clusters with no place or no explicit date are left alone."""
    info = []
    for ms in clusters:
        types = Counter(m.type for m in ms)
        etype = min(types, key=lambda t: (-types[t], t))
        dest = _destinations(ms)
        top = max(dest.values()) if dest else 0
        info.append({"story": ms[0].story, "type": etype, "planned": all(m.status == "planned" for m in ms),
                     "places": [p for p, n in dest.items() if n == top], "day": _best_day(ms)})
    parent = list(range(len(clusters)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[tuple, list[int]] = defaultdict(list)
    for i, x in enumerate(info):
        if x["type"] in _PREDICATE_TYPES and x["places"] and x["day"] and not x["planned"]:
            for p in x["places"]:
                by_key[(x["story"], x["type"], p)].append(i)
    for idx in by_key.values():
        idx.sort(key=lambda i: info[i]["day"])
        for a, b in zip(idx, idx[1:]):
            if (info[b]["day"] - info[a]["day"]).days <= max_days:
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    merged: dict[int, list[Mention]] = defaultdict(list)
    for i, ms in enumerate(clusters):
        merged[find(i)].extend(ms)
    return list(merged.values())


def _choose_count(ms: list[Mention], source_of: dict[str, int]) -> dict | None:
    counted = [m for m in ms if m.data.get("count") and m.status != "denied"]
    if not counted:
        return None
    per_source = Counter(source_of[m.key] for m in counted)
    best = min(counted, key=lambda m: (-per_source[source_of[m.key]], m.published or date.max, m.key))
    c = best.data["count"]
    return {"low": c.get("low"), "high": c.get("high"), "unit": c.get("unit"), "qualifier": c.get("qualifier"),
            "text": c.get("text")}


def event_entry(ev: Event, entity_name: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The ``sitrep/1`` form of an event."""
    date_ = ev.date or {}
    return {
        "id": ev.id, "story": ev.story, "type": ev.type, "summary": ev.summary,
        "date": {"value": date_.get("value"), "precision": date_.get("precision"),
                 "earliest": date_.get("earliest"), "latest": date_.get("latest"),
                 "inferred": bool(date_.get("inferred"))} if date_ else None,
        "place": ev.place["id"] if ev.place else None,
        "actors": list(ev.actors),
        "targets": list(ev.targets),
        "count": {k: ev.count.get(k) for k in ("low", "high", "unit", "qualifier")} if ev.count else None,
        "status": ev.status,
        "mentions": [{"document": m.doc, "sentence": m.sentence, "attributed_to": m.attribution,
                      "status": m.status, "start": m.data["sentence"][0], "end": m.data["sentence"][1],
                      "trigger": m.data["trigger"]}
                     for m in ev.mentions],
        "independent_sources": ev.independent_sources,
    }

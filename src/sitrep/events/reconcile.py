"""Reconciliation: for each event and field, the competing values of its
mentions, with who says each.

Rules (one function per field; each returns the values, grouped, and
whether they conflict):

count     intervals from the quantity layer ("nearly 200" → [180, 199],
          "at least 300" → [300, ∞), "hundreds" → [200, 999]); mentions
          whose intervals overlap give one value, so "hundreds" and "300"
          agree while "nearly 200" and "at least 300" conflict. Only counts
          of the same kind of thing are compared (fighters, troops and
          people are one kind; vehicles another).
date      explicit date intervals only (an inferred publication date is
          not a claim); overlapping intervals agree ("Sunday" and "1
          December" in a report of 2 December are the same day; "overnight"
          overlaps the two days it spans), disjoint ones conflict ("late on
          Sunday" → 1 Dec vs "late December 3").
route     the way taken; two routes agree when their content words mostly
          overlap ("using a dirt road to avoid the official border
          crossing" ~ "using dirt roads to avoid official border
          crossings"), else they conflict ("using the Al-Bukamal crossing").
actors    the named organisations among the agents; two sets agree when one
          contains the other (Badr ⊂ Badr + Nujaba), else they conflict
          (Badr and Nujaba vs Kata'ib Hezbollah and Fatemiyoun).
occurred  some sources assert (or report, or allege) the event, others deny
          it.
purpose   stated purposes ("to defend a shrine" vs "to aid our comrades on
          the front lines"); purposes of manner ("to avoid airstrikes") are
          not reasons; help/aid/assist/support/back are one word.

A conflict needs two values that do not come from the very same mentions'
source: copies of one text carry the same values, so they never conflict
with each other. Each discrepancy lists every value with its documents and
attributions, and a one-line summary.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from .resolve import Event, Mention

_PEOPLE_UNITS = frozenset("""
fighter person people troop soldier militant member man woman child civilian rebel combatant recruit
volunteer officer guard policeman gunman insurgent militiaman jihadist reinforcement
""".split())
_CIVILIAN_UNITS = frozenset("civilian child children woman women resident family refugee patient".split())
_STOP = frozenset("""
a an the of to in on at for from by with and or its their his her our this that these those into
as be is are was were been being it they them he she we us any all some which who what where when
""".split())
_SYNONYMS = {"help": "support", "aid": "support", "assist": "support", "back": "support", "bolster": "support",
             "reinforce": "support", "shore": "support", "roads": "road", "crossings": "crossing",
             "lines": "line", "forces": "force", "groups": "group", "fighters": "fighter", "using": "use",
             "used": "use", "uses": "use"}
_MANNER = frozenset("avoid evade escape dodge elude".split())
FIELDS = ("count", "date", "route", "actors", "occurred", "purpose")


def _words(text: str) -> frozenset[str]:
    out = set()
    for w in re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("’", "")):
        if w in _STOP or len(w) < 2:
            continue
        w = _SYNONYMS.get(w, w)
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return frozenset(out)


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _unit_kind(unit: str | None) -> str:
    """What a count counts: combatants, civilians, people of either kind,
    or another unit (vehicles, km); only counts of one kind are compared."""
    u = (unit or "").lower().rstrip("s")
    if u in _CIVILIAN_UNITS:
        return "civilians"
    if u in ("person", "people", "man", "woman", "") :
        return "people"
    return "combatants" if u in _PEOPLE_UNITS else u


class _Value:
    def __init__(self, label: str, value: Any, text: str):
        self.label = label
        self.value = value
        self.text = text
        self.mentions: list[Mention] = []
        self.texts: list[str] = []

    def add(self, m: Mention) -> None:
        self.mentions.append(m)

    def entry(self) -> dict[str, Any]:
        docs = list(dict.fromkeys(m.doc for m in self.mentions))
        who = list(dict.fromkeys(m.attribution for m in self.mentions if m.attribution))
        texts = list(dict.fromkeys(m.sentence for m in self.mentions))
        return {"value": self.value, "label": self.label, "text": self.text, "documents": docs,
                "attributed_to": who, "sentences": texts}


def _interval(lo, hi):
    lo = float("-inf") if lo is None else float(lo)
    hi = float("inf") if hi is None else float(hi)
    return lo, hi


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _group_intervals(items: list[tuple[Mention, tuple, str, Any, str]]) -> list[_Value]:
    """Group (mention, interval, label, value, text) by overlap with each
    group's first (narrowest) interval; a wide interval that overlaps
    several groups goes to the one it starts in (else the first)."""
    items = sorted(items, key=lambda x: (x[1][1] - x[1][0], x[0].published or date.max, x[0].key))
    groups: list[tuple[tuple, _Value]] = []
    for m, iv, label, value, text in items:
        hits = [(giv, v) for giv, v in groups if _overlap(iv, giv)]
        if hits:
            starting = [h for h in hits if h[0][0] <= iv[0] <= h[0][1]]
            (starting or hits)[0][1].add(m)
            continue
        v = _Value(label, value, text)
        v.add(m)
        groups.append((iv, v))
    return [v for _, v in groups]


def count_values(ms: Sequence[Mention]) -> list[_Value]:
    counted = [m for m in ms if m.data.get("count") and m.status != "denied"]
    if not counted:
        return []
    kinds: dict[tuple, list[Mention]] = {}
    for m in counted:
        # running totals ("since …", "so far") are compared only with each other
        key = (_unit_kind(m.data["count"].get("unit")), bool(m.data["count"].get("cumulative")))
        kinds.setdefault(key, []).append(m)
    main = max(kinds.values(), key=len)
    items = []
    for m in main:
        c = m.data["count"]
        lo, hi = c.get("low"), c.get("high")
        label = c.get("text") or ""
        number = c.get("value") if c.get("value") is not None else (lo if lo is not None else hi)
        qual = (c.get("qualifier") or "").lower()
        # "at least 300", "nearly 200", "7"; a vague amount is its own words ("hundreds", "a few hundred")
        numeric = number is not None and not re.search(r"hundred|thousand|dozen|score|several|few|many|handful|"
                                                       r"couple|million", qual)
        short = f"{qual} {int(number)}".strip() if numeric else (qual or label)
        items.append((m, _interval(lo, hi), short, short, label))
    return _group_intervals(items)


def date_values(ms: Sequence[Mention]) -> list[_Value]:
    items = []
    for m in ms:
        t = m.time
        if not t or not t.get("earliest") or m.status == "denied":
            continue
        lo = date.fromisoformat(t["earliest"][:10]).toordinal()
        hi = date.fromisoformat((t.get("latest") or t["earliest"])[:10]).toordinal()
        if t.get("mod") == "ON_OR_AFTER":
            hi = lo
        value = t["earliest"][:10] if lo == hi else f"{t['earliest'][:10]}/{(t.get('latest') or '')[:10]}"
        items.append((m, (lo, hi), value, value, t.get("text") or value))
    return _group_intervals(items)


def _group_texts(items: list[tuple[Mention, str]], threshold: float = 0.5, key=None) -> list[_Value]:
    """Group texts that say the same: the same ``key`` when one is given
    (a purpose's verb class), else mostly the same content words."""
    groups: list[tuple[Any, _Value]] = []
    for m, text in sorted(items, key=lambda x: (x[0].published or date.max, x[0].key)):
        w = _words(text)
        if not w:
            continue
        k = key(text) if key else None
        for gk, v in groups:
            same = (k == gk) if key else (_jaccard(w, gk) >= threshold or w <= gk or gk <= w)
            if same:
                v.add(m)
                if text not in v.texts:
                    v.texts.append(text)
                break
        else:
            v = _Value(text, text, text)
            v.texts = [text]
            v.add(m)
            groups.append((k if key else w, v))
    for _, v in groups:
        v.text = " / ".join(v.texts)
    return [v for _, v in groups]


def route_values(ms: Sequence[Mention]) -> list[_Value]:
    return _group_texts([(m, m.data["route"]) for m in ms if m.data.get("route") and m.status != "denied"])


def purpose_values(ms: Sequence[Mention]) -> list[_Value]:
    items = []
    for m in ms:
        p = m.data.get("purpose")
        if not p or m.status == "denied":
            continue
        first = re.findall(r"[a-z]+", p.lower())[:1]
        if first and first[0] in _MANNER:
            continue
        items.append((m, p))
    return _group_texts(items, key=_purpose_class)


_PURPOSE_CLASSES = {
    "support": "help aid assist support reinforce bolster back shore strengthen boost join".split(),
    "defend": "defend protect guard secure safeguard".split(),
    "fight": "fight counter confront attack combat battle repel push".split(),
    "capture": "capture seize retake recapture take reclaim liberate free".split(),
    "prevent": "prevent stop block halt deter".split(),
}
_PURPOSE_CLASS = {w: c for c, ws in _PURPOSE_CLASSES.items() for w in ws}


def _purpose_class(text: str) -> str:
    """The kind of a purpose, from its verb: "aid our comrades" and "support
    the army" are one (support), "defend a shrine" another."""
    words = re.findall(r"[a-z]+", text.lower())
    return _PURPOSE_CLASS.get(words[0], words[0]) if words else ""


def actor_values(ms: Sequence[Mention], entity_type: Mapping[str, str], entity_name: Mapping[str, str]) -> list[_Value]:
    sets: list[tuple[frozenset, Mention]] = []
    for m in ms:
        if m.status == "denied":
            continue
        orgs = frozenset(a for a in m.agents if entity_type.get(a) == "ORG")
        if orgs:
            sets.append((orgs, m))
    if not sets:
        return []
    # maximal sets; a set contained in another agrees with it
    sets.sort(key=lambda x: (-len(x[0]), x[1].published or date.max, x[1].key))
    groups: list[tuple[frozenset, _Value]] = []
    for s, m in sets:
        for gs, v in groups:
            if s <= gs:
                v.add(m)
                break
        else:
            names = sorted(entity_name.get(a, a) for a in s)
            v = _Value(" and ".join(names), names, m.data.get("agent") or " and ".join(names))
            v.add(m)
            groups.append((s, v))
    return [v for _, v in groups]


def occurred_values(ms: Sequence[Mention]) -> list[_Value]:
    yes = [m for m in ms if m.status in ("asserted", "unconfirmed", "alleged")]
    no = [m for m in ms if m.status == "denied"]
    if not yes or not no:
        return []
    a = _Value("asserted", "asserted", yes[0].sentence)
    for m in yes:
        a.add(m)
    d = _Value("denied", "denied", no[0].sentence)
    for m in no:
        d.add(m)
    return [a, d]


def _conflicting(values: list[_Value], source_of: Mapping[str, int]) -> bool:
    """At least two values, held by different sources or attributions."""
    if len(values) < 2:
        return False
    holders = [{(source_of.get(m.key), m.attribution) for m in v.mentions} for v in values]
    return any(holders[i] != holders[j] for i in range(len(holders)) for j in range(i + 1, len(holders)))


def _who(v: _Value, outlet_of: Mapping[str, str | None]) -> str:
    who = [a for a in dict.fromkeys(m.attribution for m in v.mentions) if a][:2]
    outlets = [o for o in dict.fromkeys(outlet_of.get(m.doc) for m in v.mentions) if o][:3]
    docs = len({m.doc for m in v.mentions})
    parts = []
    if who:
        parts.append("; ".join(who))
    if outlets:
        parts.append("via " + ", ".join(outlets))
    elif docs:
        parts.append(f"{docs} report{'s' if docs > 1 else ''}")
    return ", ".join(parts)


_FIELD_LABEL = {"count": "How many", "date": "When", "route": "Route", "actors": "Who", "occurred": "Whether it happened",
                "purpose": "Why"}


def discrepancies(events: Sequence[Event], *, entity_type: Mapping[str, str] | None = None,
                  entity_name: Mapping[str, str] | None = None,
                  outlet_of: Mapping[str, str | None] | None = None) -> list[dict[str, Any]]:
    """The discrepancy ledger of these events (``sitrep/1`` entries)."""
    entity_type = entity_type or {}
    entity_name = entity_name or {}
    outlet_of = outlet_of or {}
    out = []
    for ev in events:
        if len(ev.mentions) < 2:
            continue
        fields = {
            "count": count_values(ev.mentions),
            "date": date_values(ev.mentions),
            "route": route_values(ev.mentions),
            "actors": actor_values(ev.mentions, entity_type, entity_name),
            "occurred": occurred_values(ev.mentions),
            "purpose": purpose_values(ev.mentions),
        }
        for name, values in fields.items():
            if name == "occurred":
                if not values:
                    continue
            elif not _conflicting(values, ev.source_of):
                continue
            what = ev.summary if len(ev.summary) <= 90 else ev.summary[:87].rstrip() + "…"
            summary = f"{_FIELD_LABEL[name]} ({what}): " + " vs ".join(
                f"{v.label} ({_who(v, outlet_of)})" for v in values)
            xid = "x-" + hashlib.sha1(f"{ev.id}|{name}".encode()).hexdigest()[:12]
            out.append({"id": xid, "story": ev.story, "event": ev.id, "field": name, "summary": summary,
                        "values": [v.entry() for v in values]})
    return out

"""What a briefing says, computed from a ``sitrep/1`` report dict.

Every renderer (HTML, markdown, terminal) and the exports read the same
:class:`Briefing`, so the outputs agree. Nothing here formats for an output
format; text stays raw (untrusted) and each renderer escapes it.

Definitions:

- **fact status** (:func:`fact_status`): ``denied`` when the event's status
  is denied or the ledger has an ``occurred`` discrepancy on it;
  ``disputed`` when the ledger has any other discrepancy on it;
  ``confirmed`` when at least two independent sources report it; ``single
  source`` otherwise.
- **reports** are the distinct documents among an event's mentions;
  **independent sources** is the report's ``independent_sources``.
- **background**: an event whose latest possible date is more than
  ``BACKGROUND_DAYS`` before the story's first report; it is listed apart
  from the timeline and never leads the summary.
- **citations** point at sentences as written: ``body[start:end]`` of the
  cited document is the cited text (a mention whose sentence spans several
  paragraphs is cut to the paragraph holding its trigger).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable

from .text import capitalize, plain, safe_url, shorten, strip_dateline

BACKGROUND_DAYS = 60
MAX_FACTS = 12
MAX_TIMELINE = 40
MAX_GRAPH_NODES = 24
MAX_CITES_PER_CLAIM = 5

STATUSES = ("confirmed", "single source", "disputed", "denied")

FIELD_WORDS = {
    "count": "how many", "date": "when", "place": "where", "route": "the route",
    "actors": "who took part", "occurred": "whether it happened", "purpose": "why", "other": "the details",
}

FIELD_NOUNS = {
    "count": "numbers", "date": "date", "place": "place", "route": "route", "actors": "actors",
    "purpose": "purpose", "other": "details",
}

TYPE_LABELS = {
    "cross_border": "Movement", "movement": "Movement", "capture": "Capture", "airstrike": "Air strike",
    "shelling": "Shelling", "clash": "Clash", "killing": "Killing", "arrest": "Arrest",
    "withdrawal": "Withdrawal", "meeting": "Meeting", "statement": "Statement", "threat": "Threat",
    "denial": "Denial", "appointment": "Appointment", "support": "Support", "other": "Event",
}

_ACTOR_TYPES = {"PERSON", "ORG", "NORP", "GPE"}


def type_label(t: str | None) -> str:
    return TYPE_LABELS.get(t or "", plain(t or "event").replace("_", " ").capitalize())


# --- small utilities ------------------------------------------------------

def _d(s: Any) -> date | None:
    if not isinstance(s, str) or len(s) < 10:
        return None
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


def fact_status(event: dict, discrepancies: Iterable[dict] = ()) -> str:
    """confirmed / single source / disputed / denied (see the module doc)."""
    fields = {x.get("field") for x in discrepancies}
    if event.get("status") == "denied" or "occurred" in fields:
        return "denied"
    if fields:
        return "disputed"
    if (event.get("independent_sources") or 0) >= 2:
        return "confirmed"
    return "single source"


def support_text(reports: int, independent: int, note: str | None = None) -> str:
    """'3 reports, 1 independent source: agency story (Meridian Press Agency)'."""
    s = f"{reports} report{'s' if reports != 1 else ''}, {independent} independent source{'s' if independent != 1 else ''}"
    return f"{s}: {note}" if note else s


def count_text(count: dict | None) -> str:
    if not count:
        return ""
    low, high, q, unit = count.get("low"), count.get("high"), count.get("qualifier"), count.get("unit")
    if q in ("hundreds", "dozens", "thousands", "several", "scores", "tens"):
        num = q + (" of" if q != "several" and unit else "")
        q = None
    elif low is not None and high is not None and low != high:
        num = f"{low}–{high}"
    else:
        num = str(low if low is not None else high) if (low is not None or high is not None) else ""
    if unit and num and num not in ("1", "one") and not unit.endswith("s") and not unit[:1].isupper():
        unit = {"person": "people", "child": "children", "man": "men", "woman": "women"}.get(unit, unit + "s")
    parts = [str(x) for x in (q, num, unit) if x not in (None, "")]
    return plain(" ".join(parts))


def date_text(d: dict | None) -> str:
    """'2024-12-01', 'week of 2024-11-25', 'month 2024-11', 'year 2011',
    with '(publication date)' when the date was not in the text."""
    if not d or not d.get("value"):
        return "undated"
    v, p = d["value"], d.get("precision") or "day"
    if p == "year":
        s = v[:4]
    elif p == "month":
        s = v[:7]
    elif p == "week":
        e, l = d.get("earliest") or v, d.get("latest") or v
        s = f"{e}…{l}" if e != l else v
    else:
        e, l = d.get("earliest"), d.get("latest")
        s = v if not e or not l or e == l or d.get("inferred") else f"{v} (between {e} and {l})"
    if d.get("inferred"):
        s += " (publication date)"
    return s


def date_note(d: dict | None) -> str:
    """What the short date leaves out: 'between 2024-12-01 and 2024-12-03',
    'week 2025-11-01…2025-11-07', 'month', 'year', 'publication date'."""
    if not d or not d.get("value"):
        return ""
    p = d.get("precision") or "day"
    e, l = d.get("earliest"), d.get("latest")
    if d.get("inferred"):
        return "publication date"
    if p in ("month", "year"):
        return f"{p} precision"
    if p == "week":
        return f"week {e}…{l}" if e and l else "week precision"
    if e and l and e != l:
        return f"between {e} and {l}"
    return ""


def short_date(d: dict | None) -> str:
    """'2024-12-01', '2024-11', '2011', '~2024-12-02' (publication date), '' (undated)."""
    if not d or not d.get("value"):
        return ""
    v, p = d["value"], d.get("precision") or "day"
    s = v[:4] if p == "year" else v[:7] if p == "month" else v
    return ("~" if d.get("inferred") else "") + s


# --- citations ------------------------------------------------------------

@dataclass
class Citation:
    n: int
    document: str
    sentence: str
    start: int | None
    end: int | None
    outlet: str
    published: str | None
    title: str | None
    attributed_to: str | None
    url: str | None
    story: str | None


class Citations:
    """The numbered list of cited sentences; one number per (document,
    span), in order of first citation."""

    def __init__(self, docs: dict[str, dict]) -> None:
        self.docs = docs
        self.items: list[Citation] = []
        self._index: dict[tuple, int] = {}

    def cite(self, doc_id: str, sentence: str, start: int | None = None, end: int | None = None,
             attributed_to: str | None = None, trigger: int | None = None) -> int | None:
        doc = self.docs.get(doc_id)
        if doc is None or not sentence:
            return None
        body = doc.get("body") or ""
        start, end, sentence = _locate(body, sentence, start, end, trigger)
        key = (doc_id, start, end) if start is not None else (doc_id, plain(sentence))
        if key in self._index:
            return self._index[key]
        n = len(self.items) + 1
        self.items.append(Citation(
            n=n, document=doc_id, sentence=sentence, start=start, end=end, outlet=outlet_label(doc),
            published=doc.get("published"), title=doc.get("title"), attributed_to=attributed_to,
            url=safe_url(doc.get("url")) or safe_url(doc.get("source")), story=doc.get("story")))
        self._index[key] = n
        return n


def _locate(body: str, sentence: str, start, end, trigger) -> tuple[int | None, int | None, str]:
    """The cited span in the body: the given offsets when they hold the
    sentence, else the first place the sentence occurs; a span over several
    paragraphs is cut to the paragraph holding the trigger (or the longest)."""
    if not (isinstance(start, int) and isinstance(end, int) and body[start:end] == sentence):
        i = body.find(sentence)
        if i < 0:
            i = body.find(sentence.strip())
            sentence = sentence.strip()
        if i < 0:
            return None, None, sentence
        start, end = i, i + len(sentence)
    if "\n" in sentence:
        pieces = []
        pos = start
        for part in re.split(r"(\n+)", sentence):
            if part and not part.startswith("\n"):
                pieces.append((pos, pos + len(part)))
            pos += len(part)
        pick = None
        if isinstance(trigger, int):
            pick = next((p for p in pieces if p[0] <= trigger < p[1]), None)
        if pick is None and pieces:
            pick = max(pieces, key=lambda p: p[1] - p[0])
        if pick:
            a, b = pick
            while a < b and body[a].isspace():
                a += 1
            while b > a and body[b - 1].isspace():
                b -= 1
            start, end = a, b
            sentence = body[a:b]
    return start, end, sentence


def _doc_ref(doc: dict, dated: bool = True) -> str:
    """'Dawn (2024-12-03, d-682267137e43)'; 'unnamed outlet (2024-12-02, d-a4a1…)'."""
    bits = ([doc.get("published") or "undated"] if dated else []) + [doc.get("id") or ""]
    return f"{plain(doc.get('outlet')) or 'unnamed outlet'} ({', '.join(b for b in bits if b)})"


def outlet_label(doc: dict) -> str:
    return plain(doc.get("outlet")) or (f"unnamed outlet ({doc.get('id')})" if doc.get("id") else "unnamed outlet")


# --- sections -------------------------------------------------------------

@dataclass
class Claim:
    """A sentence of the headline summary: text plus citation numbers."""
    text: str
    cites: list[int]
    status: str | None = None
    support: str | None = None
    kind: str = "event"   # event | discrepancy


@dataclass
class Fact:
    event: str
    type: str
    text: str
    date: str
    when: str
    date_note: str
    place: str | None
    count: str
    status: str
    event_status: str
    reports: int
    independent: int
    support: str
    cites: list[int]
    disputed_fields: list[str]


@dataclass
class LedgerValue:
    label: str
    text: str
    who: list[str]
    outlets: list[str]
    cites: list[int]


@dataclass
class LedgerRow:
    id: str
    field: str
    about: str
    event: str | None
    summary: str
    values: list[LedgerValue]


@dataclass
class TimelineItem:
    event: str
    label: str
    type: str
    status: str
    value: date
    earliest: date
    latest: date
    precision: str
    inferred: bool
    date_text: str
    disputed: list[tuple[date, str]]   # competing dates with who says them
    cites: list[int]


@dataclass
class MapPlace:
    id: str
    name: str
    lat: float
    lon: float
    kind: str
    precision: str
    country: str | None
    events: list[str]
    labels: list[str]
    statuses: list[str]


@dataclass
class GraphEdge:
    source: str
    target: str
    relation: str
    weight: int
    events: list[str]
    cites: list[int]
    evidence: list[str]


@dataclass
class Graph:
    nodes: dict[str, dict]       # entity id -> {name, type, degree}
    edges: list[GraphEdge]


@dataclass
class SourceRow:
    document: str
    outlet: str
    published: str | None
    published_inferred: bool
    authors: list[str]
    title: str
    wire: str | None
    lineage: list[str]
    copied_by: list[str]
    mentions: int
    events: int
    quotes: int
    ledger_values: int
    url: str | None


@dataclass
class NamingRow:
    entity: str
    name: str
    type: str
    by_outlet: list[tuple[str, list[tuple[str, int]]]]   # outlet -> [(form, count)]


@dataclass
class StoryBrief:
    id: str
    title: str
    start: str | None
    end: str | None
    documents: list[str]
    outlets: list[str]
    events: int
    summary: list[Claim] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    ledger: list[LedgerRow] = field(default_factory=list)
    timeline: list[TimelineItem] = field(default_factory=list)
    background: list[Fact] = field(default_factory=list)
    places: list[MapPlace] = field(default_factory=list)
    unplaced: int = 0
    graph: Graph = field(default_factory=lambda: Graph({}, []))
    sources: list[SourceRow] = field(default_factory=list)
    naming: list[NamingRow] = field(default_factory=list)
    descriptors: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)


@dataclass
class Briefing:
    stories: list[StoryBrief]
    citations: list[Citation]
    documents: int
    outlets: int
    generated_from: str
    # every relation found (the drawn graphs keep the busiest actors only)
    relations: list[GraphEdge] = field(default_factory=list)
    # event id -> [(target entity id, relation)] in order found
    targets: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    entity_names: dict[str, str] = field(default_factory=dict)


# --- the builder ----------------------------------------------------------

class _Context:
    def __init__(self, report: dict) -> None:
        self.report = report
        self.docs = {d["id"]: d for d in report.get("documents") or []}
        self.entities = {e["id"]: e for e in report.get("entities") or []}
        self.places = {p["id"]: p for p in report.get("places") or []}
        self.disc_by_event: dict[str, list[dict]] = defaultdict(list)
        for x in report.get("discrepancies") or []:
            if x.get("event"):
                self.disc_by_event[x["event"]].append(x)
        self.group = _lineage_groups(report)
        self.quotes_by_doc: dict[str, list[dict]] = defaultdict(list)
        for q in report.get("quotes") or []:
            self.quotes_by_doc[q.get("document")].append(q)
        self.links_by_doc: dict[str, list[dict]] = defaultdict(list)
        for l in report.get("lineage") or []:
            self.links_by_doc[l.get("document")].append(l)
            if l.get("source") != l.get("document"):
                self.links_by_doc[l.get("source")].append(l)
        self._best: dict[str, dict | None] = {}
        self.relations: list[GraphEdge] = []
        self.targets: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.cites = Citations(self.docs)
        self._surface = None
        self.place_forms = {plain(f) for p in self.places.values() for f in [p.get("name"), *(p.get("aliases") or [])] if f}

    def entity_name(self, eid: str | None) -> str:
        e = self.entities.get(eid or "")
        return plain(e.get("name")) if e else plain(eid)

    def reports_of(self, ev: dict) -> list[str]:
        return list(dict.fromkeys(m["document"] for m in ev.get("mentions") or [] if m.get("document") in self.docs))

    def surface(self):
        """(compiled regex over every entity surface form, form -> entity id)."""
        if self._surface is None:
            forms: dict[str, str] = {}
            for e in self.entities.values():
                if e.get("type") not in _ACTOR_TYPES:
                    continue
                for f in [e.get("name"), *(e.get("aliases") or [])]:
                    f = plain(f)
                    if (len(f) < 3 and not (len(f) == 2 and f.isupper())) or len(f) > 80:
                        continue
                    forms.setdefault(f, e["id"])
            rx = re.compile(rf"(?<![\w-]){_trie_pattern(forms)}(?![\w-])") if forms else None
            self._surface = (rx, forms)
        return self._surface

    def entities_in(self, text: str) -> list[tuple[int, int, str, str]]:
        rx, forms = self.surface()
        if rx is None or not text:
            return []
        return [(m.start(), m.end(), m.group(0), forms[m.group(0)]) for m in rx.finditer(text)]


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex for many literal words, factored as a trie (so matching
    costs about the length of the longest word, not the number of words);
    the longest word wins at each position."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + emit(trie) + ")"


def _lineage_groups(report: dict) -> dict[str, str]:
    """Document -> representative of its copy/rewrite group (or its wire)."""
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for l in report.get("lineage") or []:
        if l.get("kind") in ("copy", "rewrite"):
            ra, rb = find(l["document"]), find(l["source"])
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    by_wire: dict[str, str] = {}
    for d in report.get("documents") or []:
        w = d.get("wire")
        if w:
            if w in by_wire:
                ra, rb = find(d["id"]), find(by_wire[w])
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
            else:
                by_wire[w] = d["id"]
    return {d["id"]: find(d["id"]) for d in report.get("documents") or []}


def _support_note(ctx: _Context, ev: dict, reports: list[str]) -> str | None:
    indep = ev.get("independent_sources") or 0
    if len(reports) < 2 or indep != 1:
        return None
    wires = {ctx.docs[d].get("wire") for d in reports}
    if len(wires) == 1 and None not in wires:
        return f"agency story ({plain(next(iter(wires)))})"
    if len({ctx.group.get(d) for d in reports}) == 1:
        return "copies of one report"
    atts = {plain(m.get("attributed_to")).lower() for m in ev.get("mentions") or []}
    if len(atts) == 1 and "" not in atts:
        return f"one original source ({plain(next(iter(ev['mentions']))['attributed_to'])})"
    return None


def _is_background(ev: dict, story_start: date | None) -> bool:
    d = ev.get("date") or {}
    latest = _d(d.get("latest")) or _d(d.get("value"))
    return bool(story_start and latest and latest < story_start - timedelta(days=BACKGROUND_DAYS))


def _rank_key(ctx: _Context, ev: dict):
    reports = len(ctx.reports_of(ev))
    minor = ev.get("type") in ("statement", "other")
    planned = ev.get("status") in ("planned",)
    return (planned, -(ev.get("independent_sources") or 0), -reports, minor,
            -len(ev.get("mentions") or []), (ev.get("date") or {}).get("value") or "9999", ev.get("id") or "")


def _mention_cites(ctx: _Context, ev: dict, limit: int = MAX_CITES_PER_CLAIM, first: dict | None = None) -> list[int]:
    """Citations for an event: one mention per document, distinct lineage
    groups first, then in publication order."""
    ms = [m for m in ev.get("mentions") or [] if m.get("document") in ctx.docs]
    seen_docs: set[str] = set()
    per_doc = []
    for m in ([first] if first else []) + ms:
        if m["document"] in seen_docs:
            continue
        seen_docs.add(m["document"])
        per_doc.append(m)
    head = per_doc[:1]
    rest = sorted(per_doc[1:], key=lambda m: (ctx.docs[m["document"]].get("published") or "9999", m["document"]))
    groups_seen = {ctx.group.get(m["document"]) for m in head}
    fresh, repeats = [], []
    for m in rest:
        g = ctx.group.get(m["document"])
        (repeats if g in groups_seen else fresh).append(m)
        groups_seen.add(g)
    ordered = head + fresh + repeats
    out = []
    for m in ordered[:limit]:
        trig = (m.get("trigger") or [None])[0]
        n = ctx.cites.cite(m["document"], m.get("sentence") or "", m.get("start"), m.get("end"),
                           m.get("attributed_to"), trig)
        if n is not None and n not in out:
            out.append(n)
    return out


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
_STOP = {"the", "and", "that", "with", "from", "for", "was", "were", "had", "has", "have", "said", "says", "its",
         "their", "his", "her", "they", "this", "into", "after", "who", "which", "been", "also", "not", "but", "are"}


def _words(s: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(s)} - _STOP


def _best_mention(ctx: _Context, ev: dict) -> dict | None:
    """The mention that best stands for the event: a sentence of readable
    length, with the event's own status, closest in wording to the other
    reports' sentences (the wording most reports carry), then attributed,
    then the earliest."""
    key_ = ev.get("id") or str(id(ev))
    if key_ not in ctx._best:
        ctx._best[key_] = _pick_mention(ctx, ev)
    return ctx._best[key_]


def _pick_mention(ctx: _Context, ev: dict) -> dict | None:
    ms = [m for m in ev.get("mentions") or [] if m.get("document") in ctx.docs and m.get("sentence")]
    if not ms:
        return None
    words = [_words(m["sentence"]) for m in ms]

    def centrality(i: int) -> float:
        others = [j for j in range(len(ms)) if ms[j]["document"] != ms[i]["document"]]
        if not others or not words[i]:
            return 0.0
        return sum(len(words[i] & words[j]) / len(words[i] | words[j]) for j in others if words[j]) / len(others)

    place = ctx.places.get(ev.get("place") or "") or {}
    place_forms = [plain(f) for f in [place.get("name"), *(place.get("aliases") or [])] if plain(f)]
    actor_ids = set(ev.get("actors") or [])
    count = ev.get("count") or {}
    count_words = [str(x) for x in (count.get("low"), count.get("high"), count.get("qualifier")) if x not in (None, "")]

    def fit(i: int) -> float:
        sent = ms[i]["sentence"]
        score = centrality(i)
        if any(f in sent for f in place_forms):
            score += 0.1
        if count_words and any(re.search(rf"\b{re.escape(w)}\b", sent, re.I) for w in count_words):
            score += 0.1
        if actor_ids & {eid for _, _, _, eid in ctx.entities_in(sent)}:
            score += 0.1
        return score

    def key(i: int):
        m = ms[i]
        s = plain(m["sentence"])
        return (not 40 <= len(s) <= 320, "\n" in m["sentence"].strip(), m.get("status") != ev.get("status"),
                -round(fit(i), 2) if len(ms) <= 60 else 0, not m.get("attributed_to"),
                ctx.docs[m["document"]].get("published") or "9999", m["document"], m.get("start") or 0)
    return ms[min(range(len(ms)), key=key)]


def event_text(ctx: _Context, ev: dict, limit: int = 220) -> str:
    """What the event was, for a reader: its summary when that is a clause
    of five words or more, else the sentence that best stands for it."""
    s = plain(ev.get("summary"))
    if len(s.split()) < 5:
        m = _best_mention(ctx, ev)
        if m is not None:
            trig = (m.get("trigger") or [None])[0]
            body = ctx.docs[m["document"]].get("body") or ""
            _, _, sent = _locate(body, m["sentence"], m.get("start"), m.get("end"), trig)
            s = strip_dateline(plain(sent)) or s
    return capitalize(shorten(s, limit))


def event_about(ctx: _Context, ev: dict | None) -> str:
    """'the movement (Syria, 2024-12-01)'."""
    if not ev:
        return "an event"
    place = ctx.places.get(ev.get("place") or "")
    bits = [plain(place.get("name")) if place else "", short_date(ev.get("date"))]
    bits = [b for b in bits if b]
    return f"the {type_label(ev.get('type')).lower()}" + (f" ({', '.join(bits)})" if bits else "")


def _balance_quotes(s: str) -> str:
    """Drop an opening quotation mark that the sentence never closes."""
    for o, c in (("“", "”"), ("‘", "’"), ('"', '"')):
        if s.startswith(o) and s.count(c) < (2 if o == c else 1):
            return s[1:].lstrip()
    return s


def _claim_from_event(ctx: _Context, ev: dict, discs: list[dict]) -> Claim | None:
    m = _best_mention(ctx, ev)
    if m is None:
        return None
    cites = _mention_cites(ctx, ev, first=m)
    if not cites:
        return None
    cited = ctx.cites.items[cites[0] - 1].sentence
    text = capitalize(_balance_quotes(strip_dateline(plain(cited))))
    if text and text[-1] not in ".!?\"”’'":
        text += "."
    reports = ctx.reports_of(ev)
    status = fact_status(ev, discs)
    return Claim(text=text, cites=cites, status=status,
                 support=support_text(len(reports), ev.get("independent_sources") or 0, _support_note(ctx, ev, reports)))


def _who(v: dict) -> str:  # noqa: D401 - short attribution list
    who = [plain(a) for a in v.get("attributed_to") or [] if plain(a)]
    return "; ".join(who[:2]) + ("; …" if len(who) > 2 else "") if who else ""


_ARTICLE = re.compile(r"^(The|A|An|Two|Three|Four|Several|Other|Multiple|Some|One|Many|Local|Senior)\b(?=\s+[a-z])")


def _mid(s: str) -> str:
    """'The head of …' -> 'the head of …' inside a sentence (names keep their case)."""
    return _ARTICLE.sub(lambda m: m.group(1).lower(), s)


def _join(names: list[str], limit: int = 3) -> str:
    names = [_mid(n) for n in dict.fromkeys(names) if n]
    if not names:
        return ""
    more = len(names) > limit
    names = names[:limit]
    if more:
        return ", ".join(names) + " and others"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _claim_from_discrepancy(ctx: _Context, x: dict, ev: dict | None) -> Claim:
    cites: list[int] = []
    vals = x.get("values") or []
    about = event_about(ctx, ev)

    def who(v: dict) -> list[str]:
        w = [plain(a) for a in v.get("attributed_to") or [] if plain(a)]
        if w:
            return w
        return ["reports in " + o for o in dict.fromkeys(outlet_label(ctx.docs[d]) for d in v.get("documents") or [] if d in ctx.docs)]

    for v in vals:
        cites.extend(c for c in _value_cites(ctx, v, limit=2) if c not in cites)
    if x.get("field") == "occurred":
        no = [w for v in vals if v.get("value") == "denied" for w in who(v)]
        yes = [w for v in vals if v.get("value") != "denied" for w in who(v)]
        text = capitalize(f"{about} is denied by {_join(no) or 'some reports'}, and reported by {_join(yes) or 'others'}.")
        return Claim(text=text, cites=cites, kind="discrepancy")
    parts = [f"{plain(v.get('label') if v.get('label') is not None else v.get('value'))} ({_join(who(v), 2) or 'unattributed'})"
             for v in vals]
    noun = FIELD_NOUNS.get(x.get("field") or "other", "details")
    text = f"Sources disagree on the {noun} of {about}: " + "; ".join(parts) + "."
    return Claim(text=text, cites=cites, kind="discrepancy")


def _value_cites(ctx: _Context, v: dict, limit: int = 3) -> list[int]:
    """Citations for a ledger value: its sentences located in its documents."""
    out: list[int] = []
    docs = [d for d in v.get("documents") or [] if d in ctx.docs]
    used_docs: set[str] = set()
    for s in v.get("sentences") or []:
        if len(out) >= limit:
            break
        for d in docs:
            if d in used_docs:
                continue
            if s and s in (ctx.docs[d].get("body") or ""):
                n = ctx.cites.cite(d, s)
                if n is not None and n not in out:
                    out.append(n)
                    used_docs.add(d)
                break
    return out


def _ledger_row(ctx: _Context, x: dict, events: dict[str, dict]) -> LedgerRow:
    ev = events.get(x.get("event") or "")
    about = f"{capitalize(event_about(ctx, ev))}: {event_text(ctx, ev, 100)}" if ev else ""
    vals = []
    for v in x.get("values") or []:
        docs = [d for d in v.get("documents") or [] if d in ctx.docs]
        vals.append(LedgerValue(
            label=plain(v.get("label") if v.get("label") is not None else v.get("value")),
            text=plain(v.get("text")),
            who=[plain(a) for a in v.get("attributed_to") or [] if plain(a)],
            outlets=list(dict.fromkeys(outlet_label(ctx.docs[d]) for d in docs)),
            cites=_value_cites(ctx, v)))
    return LedgerRow(id=x.get("id") or "", field=plain(x.get("field")), about=about, event=x.get("event"),
                     summary=plain(x.get("summary")), values=vals)


def _fact(ctx: _Context, ev: dict) -> Fact:
    discs = ctx.disc_by_event.get(ev.get("id") or "", [])
    reports = ctx.reports_of(ev)
    place = ctx.places.get(ev.get("place") or "")
    return Fact(
        event=ev.get("id") or "", type=type_label(ev.get("type")), text=event_text(ctx, ev, 220),
        date=date_text(ev.get("date")), when=short_date(ev.get("date")) or "undated",
        date_note=date_note(ev.get("date")), place=plain(place.get("name")) if place else None,
        count=count_text(ev.get("count")), status=fact_status(ev, discs), event_status=plain(ev.get("status")),
        reports=len(reports), independent=ev.get("independent_sources") or 0,
        support=support_text(len(reports), ev.get("independent_sources") or 0, _support_note(ctx, ev, reports)),
        cites=_mention_cites(ctx, ev, limit=4), disputed_fields=sorted({plain(x.get("field")) for x in discs}))


def _timeline_item(ctx: _Context, ev: dict) -> TimelineItem | None:
    d = ev.get("date") or {}
    v = _d(d.get("value"))
    if v is None:
        return None
    e, l = _d(d.get("earliest")) or v, _d(d.get("latest")) or v
    if l < e:
        e, l = l, e
    discs = ctx.disc_by_event.get(ev.get("id") or "", [])
    disputed = []
    for x in discs:
        if x.get("field") != "date":
            continue
        for val in x.get("values") or []:
            dv = _d(val.get("value") if isinstance(val.get("value"), str) else None)
            if dv:
                who = _who(val) or ", ".join(dict.fromkeys(outlet_label(ctx.docs[i]) for i in val.get("documents") or [] if i in ctx.docs))
                disputed.append((dv, who))
    return TimelineItem(
        event=ev.get("id") or "", label=event_text(ctx, ev, 90), type=type_label(ev.get("type")),
        status=fact_status(ev, discs), value=v, earliest=min(e, v), latest=max(l, v),
        precision=d.get("precision") or "day", inferred=bool(d.get("inferred")), date_text=date_text(d),
        disputed=sorted(disputed), cites=_mention_cites(ctx, ev, limit=3))


def _on_timeline(ctx: _Context, ev: dict) -> bool:
    """Dated events, leaving out statements and events dated only by their
    report's publication date unless several sources carry them or the
    ledger disputes them."""
    d = ev.get("date") or {}
    if not d.get("value"):
        return False
    weighty = (ev.get("independent_sources") or 0) > 1 or bool(ctx.disc_by_event.get(ev.get("id") or ""))
    if ev.get("type") == "statement" or d.get("inferred"):
        return weighty
    return True


def _map_places(ctx: _Context, events: list[dict]) -> tuple[list[MapPlace], int]:
    by_place: dict[str, MapPlace] = {}
    unplaced = 0
    for ev in events:
        p = ctx.places.get(ev.get("place") or "")
        if not p or p.get("lat") is None or p.get("lon") is None:
            unplaced += 1
            continue
        try:
            lat, lon = float(p["lat"]), float(p["lon"])
        except (TypeError, ValueError):
            unplaced += 1
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            unplaced += 1
            continue
        mp = by_place.get(p["id"])
        if mp is None:
            mp = by_place[p["id"]] = MapPlace(
                id=p["id"], name=plain(p.get("name")), lat=lat, lon=lon, kind=plain(p.get("kind")),
                precision=plain(p.get("precision") or p.get("kind") or "city"), country=p.get("country"),
                events=[], labels=[], statuses=[])
        mp.events.append(ev["id"])
        mp.labels.append(f"{type_label(ev.get('type'))}: {event_text(ctx, ev, 80)}")
        mp.statuses.append(fact_status(ev, ctx.disc_by_event.get(ev["id"], [])))
    places = sorted(by_place.values(), key=lambda m: (-len(m.events), m.name, m.id))
    return places, unplaced


# relations of the actor graph
_HOSTILE = {"clash": "fights", "airstrike": "fights", "shelling": "fights", "killing": "fights",
            "capture": "fights", "arrest": "acts on", "threat": "threatens"}
_BACK_WORDS = re.compile(r"(?<![\w-])(?:help(?:ing|ed)?|support(?:ing|ed)?|back(?:ing|ed)?|reinforc(?:e|ing|ed)|bolster(?:ing|ed)?|"
                         r"shore up|defend(?:ing)?|aid(?:ing)?|assist(?:ing)?|allied with|loyal to|on behalf of)\b[^.;]{0,25}$", re.I)
_FIGHT_WORDS = re.compile(r"\b(?:against|fight(?:ing)?|attack(?:ing|ed)?|strik(?:e|ing)|struck|battl(?:e|ing)|"
                          r"hold back|repel(?:led)?|oust(?:ing)?|topple|seized? from|take back \w+ from)\b[^.;]{0,25}$", re.I)
_LOCATIVE = re.compile(r"\b(?:in|into|to|near|at|from|across|toward|towards|around|outside|inside|of|via|through)\s+(?:the\s+)?$", re.I)
_BACKED = re.compile(r"-(?:backed|supported|sponsored|funded|armed|allied|aligned)\s+(?:the\s+)?")
_GROUP_AFTER = re.compile(r"^\s+(?:[\w'’-]+\s+)?(?:forces|fighters|army|troops|militias?|groups?|factions?|government|"
                          r"officials|soldiers|units|brigades?|rebels|authorities|military|police|gunmen)\b", re.I)
_QUOTE_RELATIONS = [
    (re.compile(r"^(?:den(?:y|ied|ies|ying)|reject(?:ed|s|ing)?|dismiss(?:ed|es|ing)?|refut(?:e|ed|es|ing))$", re.I), "denies"),
    (re.compile(r"^(?:accus(?:e|ed|es|ing)|blam(?:e|ed|es|ing)|condemn(?:ed|s|ing)?|criticis(?:e|ed|es|ing)|criticiz(?:e|ed|es|ing)|complain(?:ed|s|ing)?)$", re.I), "accuses"),
    (re.compile(r"^(?:prais(?:e|ed|es|ing)|hail(?:ed|s|ing)?|welcom(?:e|ed|es|ing)|thank(?:ed|s|ing)?)$", re.I), "backs"),
]


def _graph(ctx: _Context, events: list[dict], quotes: list[dict]) -> Graph:
    edges: dict[tuple[str, str, str], GraphEdge] = {}

    def add(a: str, b: str, rel: str, ev_id: str | None, cite: int | None, evidence: str) -> None:
        if not a or not b or a == b or a not in ctx.entities or b not in ctx.entities:
            return
        if rel == "meets":
            a, b = sorted((a, b))
        e = edges.get((a, b, rel))
        if e is None:
            e = edges[(a, b, rel)] = GraphEdge(source=a, target=b, relation=rel, weight=0, events=[], cites=[], evidence=[])
        e.weight += 1
        if ev_id and ev_id not in e.events:
            e.events.append(ev_id)
        if ev_id and (b, rel) not in ctx.targets[ev_id] and rel != "denies":
            ctx.targets[ev_id].append((b, rel))
        if cite and cite not in e.cites and len(e.cites) < 4:
            e.cites.append(cite)
        if evidence and evidence not in e.evidence and len(e.evidence) < 3:
            e.evidence.append(evidence)

    for ev in events:
        actors = [a for a in ev.get("actors") or [] if a in ctx.entities]
        etype = ev.get("type") or ""
        place = ctx.places.get(ev.get("place") or "") or {}
        place_names = {plain(place.get("name"))} | {plain(a) for a in place.get("aliases") or []}
        for m in ev.get("mentions") or []:
            if m.get("document") not in ctx.docs:
                continue
            sent = m.get("sentence") or ""
            s0 = m.get("start") or 0
            trig = (m.get("trigger") or [None])[0]
            rel_trig = (trig - s0) if isinstance(trig, int) and 0 <= trig - s0 <= len(sent) else 0
            found = ctx.entities_in(sent)
            in_sentence = {eid for _, _, _, eid in found}
            agents = [a for a in actors if a in in_sentence] or actors[:3]
            cite_n = None
            trig_end = (m.get("trigger") or [None, None])[-1]
            rel_end = (trig_end - s0) if isinstance(trig_end, int) and 0 <= trig_end - s0 <= len(sent) else rel_trig
            for a, b, form, eid in found:
                if eid in actors or form in place_names:
                    continue
                before = sent[max(0, a - 60):a]
                loc = _LOCATIVE.search(before)
                if loc and not (loc.group(0).lower().startswith("to") and (_BACK_WORDS.search(before) or _FIGHT_WORDS.search(before))):
                    continue   # 'into Syria', 'in Aleppo': a place, not a party ('support to X' is a party)
                if ctx.entities[eid].get("type") == "NORP" and not _GROUP_AFTER.match(sent[b:]):
                    continue   # 'a Shi'ite shrine': an adjective, not a party
                rel = None
                if _BACK_WORDS.search(before):
                    rel = "backs"
                elif _FIGHT_WORDS.search(before):
                    rel = "fights"
                elif (etype in _HOSTILE or etype == "support") and a >= rel_end and form not in ctx.place_forms:
                    gap = sent[rel_end:a]
                    if len(gap) <= 50 and not re.search(r"[,;:()\"“”]", gap):
                        rel = _HOSTILE.get(etype, "backs")
                elif etype == "meeting" and re.search(r"\bwith\s+(?:the\s+)?$", before):
                    rel = "meets"
                if rel is None:
                    continue
                if cite_n is None:
                    cite_n = ctx.cites.cite(m["document"], sent, m.get("start"), m.get("end"), m.get("attributed_to"), trig)
                for ag in agents:
                    add(ag, eid, rel, ev.get("id"), cite_n, shorten(sent, 160))
            for a, b, form, eid in found:   # 'Türkiye-backed Syrian National Army'
                if sent[b:b + 1] != "-":
                    continue
                mm = _BACKED.match(sent, b)
                if not mm:
                    continue
                nxt = next((f for f in found if f[0] >= mm.end() and f[0] - mm.end() <= 2), None)
                if nxt and nxt[3] != eid:
                    if cite_n is None:
                        cite_n = ctx.cites.cite(m["document"], sent, m.get("start"), m.get("end"), m.get("attributed_to"), trig)
                    add(eid, nxt[3], "backs", ev.get("id"), cite_n, shorten(sent, 160))
            if etype == "meeting" and len(agents) >= 2:
                if cite_n is None:
                    cite_n = ctx.cites.cite(m["document"], sent, m.get("start"), m.get("end"), m.get("attributed_to"), trig)
                for i, a in enumerate(agents):
                    for b in agents[i + 1:]:
                        add(a, b, "meets", ev.get("id"), cite_n, shorten(sent, 160))
            if m.get("status") == "denied" or etype == "denial":
                deniers = list(dict.fromkeys(eid for _, _, _, eid in ctx.entities_in(m.get("attributed_to") or "")))
                denied = [a for a in actors if a in in_sentence] or actors[:1]
                if deniers and denied:
                    if cite_n is None:
                        cite_n = ctx.cites.cite(m["document"], sent, m.get("start"), m.get("end"), m.get("attributed_to"), trig)
                    for dn in deniers:
                        for a in denied:
                            add(dn, a, "denies", ev.get("id"), cite_n, shorten(sent, 160))
    for q in quotes:
        sp = q.get("speaker")
        verb = plain(q.get("verb")).split(" ")[0] if q.get("verb") else ""
        rel = next((r for rx, r in _QUOTE_RELATIONS if rx.match(verb)), None)
        if not sp or rel is None or q.get("document") not in ctx.docs:
            continue
        text = q.get("text") or ""
        cite_n = None
        for _, _, _, eid in ctx.entities_in(text):
            if eid == sp:
                continue
            if cite_n is None:
                body = ctx.docs[q["document"]].get("body") or ""
                st, en = q.get("start"), q.get("end")
                cite_n = ctx.cites.cite(q["document"], body[st:en] if isinstance(st, int) and isinstance(en, int) else text, st, en,
                                        plain(q.get("speaker_text")))
            add(sp, eid, rel, None, cite_n, shorten(text, 160))
    ctx.relations.extend(sorted(edges.values(), key=lambda e: (-e.weight, e.relation, e.source, e.target)))
    degree: Counter = Counter()
    for e in edges.values():
        degree[e.source] += e.weight
        degree[e.target] += e.weight
    keep = {n for n, _ in sorted(degree.items(), key=lambda kv: (-kv[1], ctx.entity_name(kv[0]), kv[0]))[:MAX_GRAPH_NODES]}
    kept = sorted((e for e in edges.values() if e.source in keep and e.target in keep),
                  key=lambda e: (-e.weight, e.relation, e.source, e.target))
    nodes = {n: {"name": ctx.entity_name(n), "type": plain(ctx.entities[n].get("type")), "degree": degree[n]}
             for n in sorted(keep, key=lambda n: (-degree[n], ctx.entity_name(n), n))}
    return Graph(nodes=nodes, edges=kept)


def _sources(ctx: _Context, doc_ids: list[str], events: list[dict], quotes: list[dict], ledger: list[dict]) -> list[SourceRow]:
    mentions = Counter()
    ev_count: dict[str, set] = defaultdict(set)
    for ev in events:
        for m in ev.get("mentions") or []:
            mentions[m.get("document")] += 1
            ev_count[m.get("document")].add(ev.get("id"))
    qn = Counter(q.get("document") for q in quotes)
    ln = Counter(d for x in ledger for v in x.get("values") or [] for d in set(v.get("documents") or []))
    rows = []
    for did in doc_ids:
        doc = ctx.docs[did]
        lineage = []
        copied_by = []
        for l in ctx.links_by_doc.get(did, []):
            if l.get("document") == did and l.get("source") in ctx.docs:
                src = ctx.docs[l["source"]]
                lineage.append(f"{plain(l.get('kind'))} of {_doc_ref(src)}"
                               + ("" if l.get("directed", True) else " (direction unknown)"))
            elif l.get("source") == did and l.get("document") in ctx.docs:
                copied_by.append(f"{plain(l.get('kind'))} by {_doc_ref(ctx.docs[l['document']], dated=False)}")
        rows.append(SourceRow(
            document=did, outlet=outlet_label(doc), published=doc.get("published"),
            published_inferred=bool(doc.get("published_inferred")),
            authors=[plain(a) for a in doc.get("authors") or [] if plain(a)], title=plain(doc.get("title")) or "(untitled)",
            wire=plain(doc.get("wire")) or None, lineage=lineage, copied_by=copied_by, mentions=mentions[did],
            events=len(ev_count[did]), quotes=qn[did], ledger_values=ln[did],
            url=safe_url(doc.get("url")) or safe_url(doc.get("source"))))
    rows.sort(key=lambda r: (r.published or "9999", r.outlet, r.document))
    return rows


_DESCRIPTOR = re.compile(
    r"\b(?:((?:[Aa]nti|[Pp]ro)-[A-Za-z]+|[A-Z][a-z]+-(?:backed|aligned|led|linked|allied)|"
    r"(?i:opposition|rebel|regime|government|jihadist|islamist|terrorist|armed|militia|insurgent|loyalist|separatist|paramilitary))\s+)?"
    r"((?i:fighters|forces|groups|factions|militias|rebels|militants|terrorists|insurgents|jihadists|gunmen|extremists|loyalists))\b")
_LOWER_MODS = {"opposition", "rebel", "regime", "government", "jihadist", "islamist", "terrorist", "armed", "militia",
               "insurgent", "loyalist", "separatist", "paramilitary"}
_BARE_LOADED = {"rebels", "militants", "terrorists", "insurgents", "jihadists", "gunmen", "extremists", "militias", "loyalists"}


def _naming(ctx: _Context, doc_ids: list[str]) -> tuple[list[NamingRow], list[tuple[str, list[tuple[str, int]]]]]:
    """How each outlet names the same actors (entity surface forms found in
    its reports) and which descriptive labels it uses for armed groups."""
    per: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))   # entity -> outlet -> form
    desc: dict[str, Counter] = defaultdict(Counter)
    for did in doc_ids:
        doc = ctx.docs[did]
        outlet = outlet_label(doc)
        body = doc.get("body") or ""
        for _, _, form, eid in ctx.entities_in(body):
            per[eid][outlet][form] += 1
        for m in _DESCRIPTOR.finditer(body):
            mod, noun = m.group(1), m.group(2)
            if not mod and noun.lower() not in _BARE_LOADED:
                continue
            if mod and mod.lower() in _LOWER_MODS:
                mod = mod.lower()
            elif mod and mod.lower().startswith(("anti-", "pro-")):
                mod = mod[0].lower() + mod[1:]   # 'Anti-government' at a sentence start
            term = f"{mod or ''} {noun.lower()}".strip()
            desc[outlet][term] += 1
    rows = []
    for eid, outlets in per.items():
        forms_used = {f for c in outlets.values() for f in c}
        if len(forms_used) < 2 or len(outlets) < 1:
            continue
        e = ctx.entities[eid]
        by_outlet = [(o, sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for o, c in sorted(outlets.items())]
        rows.append(NamingRow(entity=eid, name=plain(e.get("name")), type=plain(e.get("type")), by_outlet=by_outlet))
    rows.sort(key=lambda r: (-len(r.by_outlet), r.name))
    descriptors = [(o, sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:8]) for o, c in sorted(desc.items()) if c]
    return rows, descriptors


def build(report: dict, story_id: str | None = None) -> Briefing:
    """The briefing of a ``sitrep/1`` report (or of one of its stories;
    ``ValueError`` when the report has no such story)."""
    ctx = _Context(report)
    stories = list(report.get("stories") or [])
    known = {s.get("id") for s in stories}
    for ev in report.get("events") or []:   # events of a story the report does not list
        if ev.get("story") and ev["story"] not in known:
            known.add(ev["story"])
            docs = list(dict.fromkeys(m["document"] for e in report["events"] if e.get("story") == ev["story"]
                                      for m in e.get("mentions") or [] if m.get("document") in ctx.docs))
            stories.append({"id": ev["story"], "title": None, "documents": docs, "start": None, "end": None})
    if story_id is not None:
        stories = [s for s in stories if s.get("id") == story_id]
        if not stories:
            raise ValueError(f"{story_id}: no such story in the report")
    stories.sort(key=lambda s: (-len(s.get("documents") or []), s.get("start") or "9999", s.get("id") or ""))
    events_by_story: dict[str, list[dict]] = defaultdict(list)
    for ev in report.get("events") or []:
        events_by_story[ev.get("story") or ""].append(ev)
    events_by_id = {ev.get("id"): ev for ev in report.get("events") or []}
    ledger_by_story: dict[str, list[dict]] = defaultdict(list)
    for x in report.get("discrepancies") or []:
        sid = x.get("story") or (events_by_id.get(x.get("event")) or {}).get("story") or ""
        ledger_by_story[sid].append(x)
    briefs = []
    for s in stories:
        sid = s.get("id") or ""
        doc_ids = [d for d in s.get("documents") or [] if d in ctx.docs]
        evs = events_by_story.get(sid, [])
        start = _d(s.get("start"))
        brief = StoryBrief(
            id=sid, title=plain(s.get("title")) or "(untitled story)", start=s.get("start"), end=s.get("end"),
            documents=doc_ids, outlets=sorted({outlet_label(ctx.docs[d]) for d in doc_ids}), events=len(evs))
        current = [e for e in evs if not _is_background(e, start)]
        ranked = sorted(current, key=lambda e: _rank_key(ctx, e))
        # headline summary
        used_sentences: list[set[str]] = []
        lead_events = []
        for ev in ranked:
            if len(brief.summary) >= 3:
                break
            if ev.get("status") == "planned" and brief.summary:
                continue
            claim = _claim_from_event(ctx, ev, ctx.disc_by_event.get(ev.get("id") or "", []))
            if claim is None or len(claim.text) < 25:
                continue
            w = _words(claim.text)
            if any(len(w & u) / max(1, len(w | u)) > 0.6 for u in used_sentences):
                continue   # the same sentence (or nearly) already leads another claim
            used_sentences.append(w)
            brief.summary.append(claim)
            lead_events.append(ev)
        field_order = {"occurred": 0, "count": 1, "actors": 2, "date": 3, "place": 4, "route": 5, "purpose": 6}
        lead_discs = [x for ev in lead_events for x in ctx.disc_by_event.get(ev.get("id") or "", [])]
        lead_discs.sort(key=lambda x: (field_order.get(x.get("field"), 9), x.get("id") or ""))
        for x in lead_discs[:2]:
            brief.summary.append(_claim_from_discrepancy(ctx, x, events_by_id.get(x.get("event"))))
        # key facts
        fact_events = [e for e in ranked if e.get("type") not in ("other",) or len(ctx.reports_of(e)) > 1][:MAX_FACTS]
        seen_text: set[str] = set()
        for e in fact_events:
            f = _fact(ctx, e)
            if f.text.rstrip(".") in seen_text:
                continue   # two events resting on one sentence: shown once
            seen_text.add(f.text.rstrip("."))
            brief.facts.append(f)
        # ledger
        brief.ledger = [_ledger_row(ctx, x, events_by_id) for x in ledger_by_story.get(sid, [])]
        # timeline
        on_line = sorted(current, key=lambda e: _rank_key(ctx, e))
        on_line = [e for e in on_line if _on_timeline(ctx, e)]
        items = [t for t in (_timeline_item(ctx, e) for e in on_line[:MAX_TIMELINE]) if t]
        brief.timeline = sorted(items, key=lambda t: (t.value, t.event))
        brief.background = [_fact(ctx, e) for e in sorted((e for e in evs if _is_background(e, start)),
                                                          key=lambda e: ((e.get("date") or {}).get("value") or "", e.get("id") or ""))]
        # map, graph, sources, naming
        brief.places, brief.unplaced = _map_places(ctx, current)
        quotes = [q for d in doc_ids for q in ctx.quotes_by_doc.get(d, [])]
        brief.graph = _graph(ctx, evs, quotes)
        brief.sources = _sources(ctx, doc_ids, evs, quotes, ledger_by_story.get(sid, []))
        brief.naming, brief.descriptors = _naming(ctx, doc_ids)
        briefs.append(brief)
    cited_docs = {c.document for c in ctx.cites.items}
    shown_docs = {d for b in briefs for d in b.documents} | cited_docs
    return Briefing(stories=briefs, citations=ctx.cites.items, documents=len(shown_docs),
                    outlets=len({outlet_label(ctx.docs[d]) for d in shown_docs}),
                    generated_from=plain(report.get("format")) or "sitrep/1", relations=ctx.relations,
                    targets=dict(ctx.targets), entity_names={i: ctx.entity_name(i) for i in ctx.entities})

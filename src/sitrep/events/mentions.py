"""Event mentions: what each sentence of one document reports as happening.

``extract(doc, annotations, published)`` reads a parsed spaCy ``Doc`` of the
body and the NLP stage's annotations of the same text (entities, places,
times, quantities, quotes) and returns plain-JSON mention dicts. It is
per-document work (it runs in the NLP workers, after :func:`sitrep.nlp.
annotate`); cross-document resolution is :mod:`sitrep.events.resolve`.

Triggers
    A verb or event noun of the taxonomy (:mod:`sitrep.events.taxonomy`):
    ``crossed``, ``seized``, ``a strike``, ``took control``. Words inside a
    name (``Operation Dawn of Freedom``), compound modifiers and the verbs of
    a purpose clause ("sent *to help* the army") are not triggers; a
    reporting verb is an event of its own (``statement``, ``threat``) only
    when its speaker is named, otherwise it is the mention's attribution.

Slots, from the dependency parse
    agent     the subject (or the ``by`` phrase of a passive; for nouns a
              possessor or ``by`` phrase), without relative clauses;
    target    the object (or the subject of a passive);
    actors    entity keys of the names inside agent and target; a sentence
              that only elaborates a previous agent ("He identified the
              fighters as members of X and Y") adds X and Y to it;
    place     for movements the destination ("into Syria", "entered
              Aleppo"), else the location (in/at/near/over), else the first
              place in the trigger's clause outside the agent;
    route     for movements the way taken: "via …", "through …", "across
              …", "using …", "along …", "on a … road";
    purpose   an infinitive of purpose on the trigger ("to defend a
              shrine"), "in order to …", or one in the next clause that only
              explains a previous movement ("they were there to defend …");
    count     the quantity inside the agent or target (a quantity of
              sources is attribution, not a count);
    time      the time expressions governed by the trigger, else one
              governed by a trigger above it, else the only dated
              expression of the sentence; none → the publication date,
              marked ``inferred``.

Attribution and status
    The speaker of the quote whose span covers the trigger, else the
    subject of the nearest reporting verb above it ("…, two Iraqi security
    sources said"; "according to …"). Status: ``denied`` when the trigger
    is negated ("no group … had entered", "did not cross") or its reporting
    verb is a denial; ``alleged`` for distancing verbs (claim, allege);
    ``planned`` for future modals, planning verbs and nouns above the
    trigger ("weighing involvement", "expected to deploy"); ``unconfirmed``
    for the writer's hedges ("reportedly", "circulating reports"); else
    ``asserted``. A sentence such as "X denied such reports" repeats the
    previous event of its paragraph with status ``denied`` and X as
    attribution.
"""

from __future__ import annotations

import bisect
import re
from datetime import date
from typing import Any

from . import taxonomy as tx

_NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
_NAMED_SPEAKER = {"PERSON", "ORG", "GPE", "NORP"}
_SUBJ = {"nsubj", "nsubjpass", "csubj"}
_OBJ = {"dobj", "obj", "attr", "oprd"}
_CLAUSE_CUT = {"relcl", "acl", "advcl", "appos", "parataxis", "ccomp"}
_DEST_PREPS = {"into", "to", "toward", "towards", "inside", "in", "at", "on", "near", "over", "across", "around",
               "outside", "within"}
_ROUTE_PREPS = {"via", "through", "across", "along", "over"}
_ROUTE_VERBS = {"use", "take", "follow"}
#: nouns for armed people, any of which can take up another ("the fighters"
#: … "the units")
_FORCE_NOUNS = {"fighter", "unit", "man", "troop", "militant", "group", "force", "soldier", "militiaman",
                "volunteer", "combatant", "faction", "militia", "brigade", "battalion", "reinforcement"}
#: subjects that make "move"/"advance" figurative
_STILL_THINGS = {"line", "front", "frontline", "border", "price", "market", "talk", "negotiation", "process", "plan",
                 "bill", "case", "story", "conversation", "discussion", "economy", "rate"}
#: offices a person is appointed to or dismissed from
_OFFICES = {"general", "commander", "minister", "governor", "chief", "head", "official", "ambassador", "envoy",
            "spokesman", "spokeswoman", "spokesperson", "director", "president", "prime", "premier", "mayor",
            "officer", "colonel", "admiral", "deputy", "secretary", "chairman", "leader", "judge", "editor"}
_QUANTITY_HEADS = {"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "score", "scores", "number",
                   "handful", "couple", "group", "lot", "wave"}
_ENTERING = {"enter", "cross", "reach", "infiltrate", "storm", "invade"}
_ROUTE_NOUNS = {"road", "route", "crossing", "path", "corridor", "border", "bridge", "highway", "track", "pass",
                "tunnel", "boat", "vehicle", "convoy", "truck"}
_DENIAL_VERBS = {"deny", "reject", "dismiss", "refute"}
_DENIED_OBJECTS = {"report", "claim", "allegation", "account", "news", "rumour", "rumor", "story", "it", "this",
                   "that", "them", "suggestion", "accusation"}
_ELABORATING = {"identify", "describe", "name", "say"}
_SOURCE_UNITS = {"source", "official", "resident", "witness", "activist", "diplomat", "person_source"}
_WS = re.compile(r"\s+")
#: nouns that name a thing as often as an event (a border crossing, a
#: military operation room): events only with an argument ("crossing of")
_THING_NOUNS = {"crossing", "operation", "strike", "raid"} - {"strike"}
_ANONYMOUS_HEADS = {"source", "official", "resident", "witness", "activist", "diplomat", "person", "people",
                    "blogger", "report", "analyst", "observer", "commander", "officer", "member", "insider",
                    "figure", "aide", "expert"}
_INDEFINITE = {"a", "an", "two", "three", "four", "several", "some", "other", "multiple", "many", "one",
               "few", "various", "numerous"}


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip(" ,;:-–—")


class _Spans:
    """Sorted (start, end, payload) spans with overlap lookup."""

    def __init__(self, items: list[tuple[int, int, Any]]):
        self.items = sorted(items, key=lambda x: (x[0], x[1]))
        self.starts = [s for s, _, _ in self.items]

    def within(self, a: int, b: int) -> list[tuple[int, int, Any]]:
        i = bisect.bisect_left(self.starts, a)
        out = []
        while i < len(self.items) and self.items[i][0] < b:
            if self.items[i][1] <= b:
                out.append(self.items[i])
            i += 1
        return out

    def covering(self, a: int, b: int) -> list[tuple[int, int, Any]]:
        return [x for x in self.items if x[0] <= a and b <= x[1]]


def _subtree_span(tok, cut=_CLAUSE_CUT) -> tuple[int, int, list]:
    """The tokens of ``tok``'s subtree without clausal attachments (relative
    clauses, appositions…) below it: a contiguous character span."""
    keep = [tok]
    stack = [c for c in tok.children if c.dep_ not in cut]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(c for c in t.children if c.dep_ not in cut)
    keep.sort(key=lambda t: t.i)
    # contiguous run around tok
    idx = {t.i for t in keep}
    lo = hi = tok.i
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    doc = tok.doc
    toks = [doc[i] for i in range(lo, hi + 1)]
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc"):
        toks.pop()
    while toks and (toks[0].is_punct or toks[0].dep_ == "cc"):
        toks.pop(0)
    if not toks:
        return tok.idx, tok.idx + len(tok.text), [tok]
    return toks[0].idx, toks[-1].idx + len(toks[-1].text), toks


def _full_span(tok) -> tuple[int, int]:
    toks = list(tok.subtree)
    while len(toks) > 1 and toks[-1].is_punct:
        toks.pop()
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _in_name(tok) -> bool:
    return tok.ent_type_ in ("ORG", "PERSON", "GPE", "WORK_OF_ART", "LAW", "FAC", "PRODUCT", "NORP") or \
        (tok.pos_ == "PROPN" and tok.dep_ == "compound")


def _is_infinitive_purpose(tok) -> bool:
    """``tok`` heads "to VERB …" hanging off another word (a purpose or a
    complement), or "in order to …"."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if tok.dep_ not in ("advcl", "xcomp", "acl", "relcl", "ccomp"):
        return False
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _clause_head(tok):
    """The head of the clause ``tok`` is in (climbing through phrases)."""
    t = tok
    while t.head.i != t.i and t.dep_ not in ("relcl", "acl", "advcl", "ccomp", "parataxis", "xcomp"):
        t = t.head
    return t


def _inside(tok, deps: tuple[str, ...]) -> bool:
    t = tok
    while t.head.i != t.i:
        if t.dep_ in deps:
            return True
        if t.dep_ in ("ccomp",):
            return False
        t = t.head
    return False


def _ancestors_until_clause(tok):
    """Heads above ``tok`` (nearest first)."""
    t = tok
    while t.head.i != t.i:
        t = t.head
        yield t


class _Doc:
    def __init__(self, doc, ann: dict, published: date | None):
        self.doc = doc
        self.text = doc.text
        self.published = published
        ents = []
        self.entity_label = {}
        for e in ann.get("entities", []):
            for s, t, label in e["mentions"]:
                ents.append((s, t, e["key"]))
            self.entity_label[e["key"]] = e["label"]
        self.ents = _Spans(ents)
        self.entity_name = {e["key"]: e["name"] for e in ann.get("entities", [])}
        self.places = _Spans([(p["start"], p["end"], p) for p in ann.get("places", [])
                              if p.get("start") is not None and p.get("id")])
        self.times = _Spans([(t["start"], t["end"], t) for t in ann.get("times", [])])
        self.quantities = _Spans([(q["start"], q["end"], q) for q in ann.get("quantities", [])])
        self.quotes = [q for q in ann.get("quotes", [])]
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", self.text)]

    def paragraph(self, at: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, at) - 1

    def entities_in(self, a: int, b: int) -> list[str]:
        out = []
        for _, _, key in self.ents.within(a, b):
            if key not in out:
                out.append(key)
        return out


def _time_dict(t: dict, inferred: bool = False) -> dict:
    value = t.get("value")
    earliest, latest = t.get("earliest"), t.get("latest")
    precision = t.get("precision")
    if t.get("mod") == "ON_OR_AFTER" and earliest:
        # "since November 27": the event starts then
        value = earliest
    elif precision == "day" and earliest:
        value = earliest
    return {"text": t.get("text"), "value": value, "earliest": earliest, "latest": latest,
            "precision": precision, "inferred": inferred, "mod": t.get("mod")}


def _usable_time(t: dict) -> bool:
    return bool(t.get("earliest")) and t.get("type") in ("DATE", "TIME") and \
        t.get("value") not in ("PRESENT_REF",)


class _Extractor:
    def __init__(self, doc, ann: dict, published: date | None):
        self.d = _Doc(doc, ann, published)
        self.doc = doc
        self.mentions: list[dict] = []
        #: event nouns whose own time is being looked for: taken as triggers meanwhile
        self._assumed: set[int] = set()

    # ---------------------------------------------------------- triggers
    def trigger_type(self, tok) -> str | None:
        if _in_name(tok):
            return None
        if tok.dep_ in ("amod", "compound") or (tok.i > 0 and tok.doc[tok.i - 1].text == "-"):
            return None  # "Iran-backed", "foreign-backed": a modifier, not an event
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in _THING_NOUNS and not any(
                c.dep_ == "prep" and c.lower_ in ("of", "into", "by", "from", "across") for c in tok.children):
            return None  # "the Al-Bukamal crossing" is a place; "the crossing of 300 fighters" an event
        if tok.pos_ == "VERB":
            objs = frozenset(c.lemma_.lower() for c in tok.children if c.dep_ in _OBJ | {"prt", "prep", "nsubjpass"})
            objs |= frozenset(g.lemma_.lower() for c in tok.children if c.dep_ == "prep" for g in c.children
                              if g.dep_ == "pobj")
            t = tx.type_of(tok.lemma_, "VERB", objs)
            if t is None:
                return None
            if not self.has_argument(tok):
                return None  # "for the wounded", "the newly arrived": no clause, no event
            lemma = tok.lemma_.lower()
            if lemma in ("hit", "strike"):
                # struck by what: aircraft or guns make it an attack; a flood
                # surge or a closure that "would hit exporters" is no strike
                words = {w.lemma_.lower() for w in tok.subtree} | {w.lemma_.lower() for w in tok.sent}
                if words & tx.AIR_WORDS:
                    t = "airstrike"
                elif words & tx.GROUND_FIRE_WORDS:
                    t = "shelling"
                else:
                    return None
            if t == "appointment" and not self.official_object(tok):
                return None  # "replacing the chains", "dismissed as a fig leaf"
            if t == "support" and tok.tag_ in ("VBZ", "VBP") and not any(c.dep_ == "aux" for c in tok.children):
                return None  # "the body that funds the movement": a standing relation, not an event
            return self.refine(tok, t)
        if tok.pos_ in ("NOUN",) and tok.dep_ not in ("compound",):
            t = tx.type_of(tok.lemma_, "NOUN")
            if t is None:
                return None
            if not self.noun_has_detail(tok):
                return None  # "the offensive", "the fighting": a reference back, not a report
            return self.refine(tok, t)
        return None

    def has_argument(self, tok) -> bool:
        """A verb with a subject, object or phrase of its own (conjuncts and
        complements share their head's)."""
        if tok.dep_ in ("conj", "xcomp", "advcl", "ccomp", "relcl", "acl", "pcomp", "ROOT"):
            return True
        return any(c.dep_ in ("nsubj", "nsubjpass", "dobj", "obj", "agent", "prep", "npadvmod", "advmod", "dative")
                   for c in tok.children)

    def official_object(self, tok) -> bool:
        """The verb's object is a person or an office ("the general", "the
        governor", "Minister X")."""
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")), None)
        if obj is None:
            return False
        return obj.ent_type_ == "PERSON" or obj.lemma_.lower() in _OFFICES or any(
            t.ent_type_ == "PERSON" for t in obj.subtree)

    def noun_has_detail(self, tok) -> bool:
        """An event noun that reports something: it has an argument (of/on/
        against/by/in/near …, a possessor, a number) or a time of its own."""
        for c in tok.children:
            if c.dep_ in ("poss", "nummod") or (c.dep_ == "prep" and c.lower_ in
                                                 ("of", "on", "against", "by", "in", "near", "at", "into", "from",
                                                  "across", "between", "with", "around", "outside")):
                return True
            if c.dep_ == "compound" and c.pos_ == "PROPN":
                return True
            if c.dep_ in ("amod",) and c.lemma_.lower() in ("air", "drone", "israeli", "russian", "turkish"):
                return True
        # "the first meeting since 2011": a time of its own, which the time's
        # governor finds only if this noun counts as an event; it is assumed to
        # while looking (asking trigger_type here would ask this again, forever)
        self._assumed.add(tok.i)
        try:
            for s, e, t in self.d.times.within(tok.sent.start_char, tok.sent.end_char):
                if _usable_time(t):
                    gov = self._governor(s)
                    if gov is not None and gov.i == tok.i:
                        return True
        finally:
            self._assumed.discard(tok.i)
        return False

    def refine(self, tok, t: str) -> str:
        if t in ("clash", "airstrike", "other", "killing"):
            words = {w.lemma_.lower() for w in tok.subtree} | {c.lemma_.lower() for c in tok.children}
            near = {w.lemma_.lower() for w in tok.sent[max(0, tok.i - tok.sent.start - 3):tok.i - tok.sent.start]}
            if t in ("clash", "airstrike") and (words | near) & tx.GROUND_FIRE_WORDS and \
                    not (words | near) & tx.AIR_WORDS:
                return "shelling"
            if t in ("clash",) and (words | near) & tx.AIR_WORDS:
                return "airstrike"
        return t

    def is_purpose(self, tok) -> bool:
        """A word inside a purpose clause: ``help``, ``fight`` and
        ``airstrikes`` in "sent fighters to help the army fight", "crossed
        in small groups to avoid airstrikes" (a relative clause inside one
        is an assertion of its own: "… who captured Aleppo")."""
        t = tok
        while True:
            if _is_infinitive_purpose(t) and t.dep_ != "relcl":
                head = t.head
                lem = head.lemma_.lower()
                if lem in tx.PLANNING or lem in tx.PLANNING_NOUNS or (lem == "expect" and head.tag_ == "VBN"):
                    return False
                if head.lemma_.lower() in tx.REPORTING:
                    return False
                return True
            if t.lemma_.lower() in _ROUTE_VERBS and t.tag_ == "VBG" and t.dep_ in ("advcl", "xcomp") \
                    and t.i != tok.i:
                return True  # inside "using a dirt road to avoid the crossing"
            if t.dep_ in ("relcl", "parataxis") or t.head.i == t.i:
                return False
            if t.dep_ == "ccomp" and t.head.lemma_.lower() in tx.REPORTING:
                return False
            t = t.head

    # ------------------------------------------------------------- slots
    def agent_of(self, tok):
        if tok.pos_ == "VERB":
            for c in tok.children:
                if c.dep_ == "nsubj":
                    return c
                if c.dep_ == "agent":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            return g
            # conjunct verbs share the subject; so do participles of a clause
            if tok.dep_ in ("conj", "xcomp") and tok.head.pos_ in ("VERB", "AUX"):
                return self.agent_of(tok.head)
            return None
        for c in tok.children:
            if c.dep_ == "poss":
                return c
            if c.dep_ == "prep" and c.lower_ == "by":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        return None

    def target_of(self, tok):
        for c in tok.children:
            if c.dep_ in ("dobj", "obj", "nsubjpass"):
                return c
        if tok.pos_ == "NOUN":
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("on", "against", "of"):
                    for g in c.children:
                        if g.dep_ == "pobj":
                            return g
        return None

    def places_in(self, a: int, b: int, exclude: list[tuple[int, int]]) -> list[dict]:
        out = []
        text = self.d.text
        for s, e, p in self.d.places.within(a, b):
            if any(xs <= s and e <= xe for xs, xe in exclude):
                continue
            if text[e:e + 1] == "-" and text[e + 1:e + 2].isalpha():
                continue  # "Iran-backed": a modifier, not where it happened
            out.append(p)
        return out

    def place_of(self, tok, etype: str, agent_span) -> dict | None:
        exclude = [agent_span] if agent_span else []
        ordered = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in _DEST_PREPS:
                ordered.append((0 if c.lower_ in ("into", "to", "toward", "towards", "in", "inside") else 1, c))
            elif c.dep_ in ("dobj", "obj") and (etype in ("capture", "airstrike", "shelling", "clash") or
                                                 tok.lemma_.lower() in _ENTERING):
                ordered.append((0, c))
            elif c.dep_ == "advmod" and c.lower_ in ("there",):
                continue
        ordered.sort(key=lambda x: (x[0], x[1].i))
        for _, c in ordered:
            a, b = _full_span(c)
            found = self.places_in(a, b, exclude)
            if found:
                return found[0]
        a, b, _ = _subtree_span(tok, cut={"relcl", "ccomp", "parataxis", "advcl"})
        found = self.places_in(a, b, exclude)
        return found[0] if found else None

    def route_of(self, tok) -> str | None:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in _ROUTE_PREPS:
                a, b = _full_span(c)
                a = max(a, c.idx)
                words = {t.lemma_.lower() for t in c.subtree}
                if c.lower_ in ("via", "through", "along") or words & _ROUTE_NOUNS:
                    return _clean(self.d.text[a:b])
            if c.dep_ == "prep" and c.lower_ == "on":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and pobj.lemma_.lower() in ("road", "route", "track", "highway", "foot"):
                    a, b = _full_span(c)
                    return _clean(self.d.text[a:b])
            if c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in _ROUTE_VERBS and c.tag_ == "VBG":
                obj = next((g for g in c.children if g.dep_ in ("dobj", "obj")), None)
                if obj is not None and obj.lemma_.lower() in _ROUTE_NOUNS:
                    a, b = _full_span(c)
                    a = max(a, c.idx)
                    return _clean(self.d.text[a:b])
        return None

    def purpose_of(self, tok) -> str | None:
        for c in tok.children:
            if _is_infinitive_purpose(c) and c.dep_ in ("advcl", "xcomp") and \
                    c.lemma_.lower() not in _ROUTE_VERBS:
                a, b = _full_span(c)
                text = _clean(self.d.text[a:b])
                return re.sub(r"^(?:in order )?to\s+", "", text)
            if c.dep_ == "prep" and c.lower_ == "for":
                continue
        return None

    def count_of(self, spans: list[tuple[int, int]], attribution_span) -> dict | None:
        for a, b in spans:
            for s, e, q in self.d.quantities.within(a, b):
                if q.get("unit") in _SOURCE_UNITS:
                    continue
                if attribution_span and attribution_span[0] <= s and e <= attribution_span[1]:
                    continue
                if q.get("low") is None and q.get("high") is None:
                    continue
                return {"low": q.get("low"), "high": q.get("high"), "value": q.get("value"), "unit": q.get("unit"),
                        "qualifier": (q.get("qualifier") or None) and q["qualifier"].lower(), "text": q["text"]}
        return None

    def cumulative(self, tok) -> bool:
        """A running total ("at least 23 killed since the militias crossed",
        "so far", "in total") rather than the count of one happening."""
        for c in tok.children:
            if c.lower_ == "since" or (c.dep_ == "advcl" and any(g.lower_ == "since" for g in c.children)):
                return True
            if c.dep_ == "prep" and c.lower_ == "since":
                return True
        low = tok.sent.text.lower()
        return any(p in low for p in (" so far", "in total", "to date", "total of", "altogether", "since the start"))

    def time_of(self, tok, sent) -> dict | None:
        # times governed by the trigger itself (not through a clause below it)
        a, b, _ = _subtree_span(tok, cut={"relcl", "ccomp", "parataxis", "acl"} | ({"advcl"} if tok.pos_ == "VERB" else set()))
        for s, e, t in self.d.times.within(a, b):
            if _usable_time(t) and self._governs(tok, s):
                return _time_dict(t)
        # a trigger above (not a reporting verb) with a time
        for h in _ancestors_until_clause(tok):
            if h.lemma_.lower() in tx.REPORTING:
                break
            if self.trigger_type(h) is None:
                continue
            ha, hb, _ = _subtree_span(h, cut={"relcl", "ccomp", "parataxis"})
            for s, e, t in self.d.times.within(ha, hb):
                if _usable_time(t) and self._governs(h, s):
                    return _time_dict(t)
        # the only dated expression of the sentence when it belongs to the
        # sentence's main clause (not to a reporting verb, not to a relative
        # or adverbial clause of its own: "… forces who captured Aleppo last week")
        usable = [t for s, e, t in self.d.times.within(sent.start_char, sent.end_char) if _usable_time(t)]
        if len(usable) == 1:
            t = usable[0]
            gov = self._governor(t["start"])
            if gov is None or gov.i == tok.i:
                return _time_dict(t)
            if gov.lemma_.lower() in tx.REPORTING:
                return None
            own = _clause_head(tok)
            head = _clause_head(gov)
            if head.i == own.i or head.dep_ in ("ROOT", "ccomp") and own.dep_ in ("ROOT", "ccomp", "prep", "pobj",
                                                                                 "conj", "dobj"):
                if not _inside(tok, ("relcl", "acl", "advcl")):
                    return _time_dict(t)
        return None

    def _governor(self, at: int):
        tok = self._token_at(at)
        if tok is None:
            return None
        for h in [tok, *_ancestors_until_clause(tok)]:
            if h.i == tok.i:
                continue
            if h.pos_ in ("VERB", "AUX"):
                if h.tag_ in ("VBG", "VBN") and h.dep_ in ("advcl", "xcomp") and self.trigger_type(h) is None \
                        and h.lemma_.lower() not in tx.REPORTING:
                    continue  # "crossed overnight using the crossing": the time is the crossing's
                return h
            if h.pos_ == "NOUN" and (h.i in self._assumed or self.trigger_type(h)):
                return h
        return None

    def _governs(self, tok, at: int) -> bool:
        gov = self._governor(at)
        return gov is None or gov.i == tok.i

    def _token_at(self, at: int):
        doc = self.doc
        lo, hi = 0, len(doc) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            t = doc[mid]
            if t.idx <= at < t.idx + len(t.text):
                return t
            if t.idx > at:
                hi = mid - 1
            else:
                lo = mid + 1
        return None

    # ------------------------------------------------- attribution/status
    def reporting_head(self, tok):
        """The nearest reporting verb above ``tok`` and its speaker span."""
        for h in _ancestors_until_clause(tok):
            if h.lemma_.lower() in tx.REPORTING and h.pos_ == "VERB":
                subj = next((c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is None and h.dep_ in ("conj", "advcl", "xcomp") and h.head.pos_ == "VERB":
                    subj = next((c for c in h.head.children if c.dep_ == "nsubj"), None)
                return h, subj
            if h.lower_ == "according":
                pobj = next((g for c in h.children for g in c.children if g.dep_ == "pobj"), None)
                return h, pobj
        # "According to X, …" attached elsewhere in the sentence
        for t in tok.sent:
            if t.lower_ == "according" and t.i != tok.i:
                pobj = next((g for c in t.children for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and not (pobj.idx <= tok.idx < pobj.idx + 200 and tok in pobj.subtree):
                    return t, pobj
        return None, None

    def attribution(self, tok) -> tuple[dict | None, str | None]:
        at = tok.idx
        for q in self.d.quotes:
            if q["start"] <= at < q["end"] and q.get("speaker_text"):
                span = (q["speaker_start"], q["speaker_end"]) if q.get("speaker_start") is not None else None
                ents = self.d.entities_in(*span) if span else []
                return ({"text": q["speaker_text"], "start": span[0] if span else None,
                         "end": span[1] if span else None, "entities": ents}, (q.get("verb") or "").lower())
        head, subj = self.reporting_head(tok)
        if subj is not None:
            a, b, _ = _subtree_span(subj)
            return ({"text": _clean(self.d.text[a:b]), "start": a, "end": b, "entities": self.d.entities_in(a, b)},
                    head.lower_)
        return None, None

    def negated(self, tok) -> bool:
        if any(c.dep_ == "neg" for c in tok.children):
            return True
        for c in tok.children:
            if c.dep_ in ("nsubj", "nsubjpass") and any(g.dep_ == "det" and g.lower_ in ("no", "neither")
                                                         for g in c.children):
                return True
            if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("nobody", "none", "neither"):
                return True
        if tok.dep_ in ("xcomp",) and any(c.dep_ == "neg" for c in tok.head.children):
            return True
        return False

    def status_of(self, tok, verb: str | None, sent_text: str) -> str:
        lemma_verb = (verb or "").lower()
        head, _ = self.reporting_head(tok)
        report_lemma = head.lemma_.lower() if head is not None else ""
        if self.negated(tok):
            if tok.head.lemma_.lower() in ("rule", "exclude", "preclude") or any(
                    h.lemma_.lower() in ("rule", "exclude") for h in list(_ancestors_until_clause(tok))[:2]):
                return "planned"  # "will not rule out sending men": a possibility
            if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "can", "could") for c in tok.children):
                return "planned"  # "nobody will cross except through a gate": a rule for later, not a denial
            return "denied"
        if report_lemma in _DENIAL_VERBS or lemma_verb.startswith("den"):
            return "denied"
        # planned: future modals or planning words above the trigger
        if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall") for c in tok.children) and \
                not any(c.dep_ == "aux" and c.lower_ == "have" for c in tok.children):
            return "planned"
        t = tok
        for _ in range(4):
            if t.dep_ not in ("xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "conj", "nsubj") or t.head.i == t.i:
                break
            h = t.head
            lem = h.lemma_.lower()
            if lem in tx.REPORTING:
                break
            if lem in tx.PLANNING or lem in tx.PLANNING_NOUNS or (lem == "expect" and h.tag_ == "VBN"):
                return "planned"
            t = h
        if report_lemma in tx.ALLEGING or lemma_verb in ("claimed", "alleged", "claims", "alleges", "accused"):
            return "alleged"
        words = {t.lower_ for t in tok.sent}
        low = sent_text.lower()
        if words & tx.HEDGES or any(p in low for p in tx.HEDGE_PHRASES):
            return "unconfirmed"
        return "asserted"

    # ---------------------------------------------------------- extract
    def summary(self, tok) -> str:
        if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN"):
            tok = tok.head  # "a strike on a camp that killed seven"
        a, b, toks = _subtree_span(tok, cut={"relcl", "parataxis", "ccomp", "appos"} if tok.pos_ == "VERB"
                                   else {"parataxis", "ccomp", "appos"})
        if tok.pos_ == "VERB":
            # the clause: subject + verb + complements
            toks = [t for t in tok.subtree if not any(x.dep_ in ("relcl", "parataxis", "ccomp") and
                                                       x.i != tok.i and t in x.subtree for x in tok.subtree)]
            toks = [t for t in toks if not (t.dep_ == "punct" and t.i == toks[-1].i)]
            if toks:
                a, b = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        text = _clean(self.d.text[a:b])
        words = text.split()
        if len(words) > 30:
            text = " ".join(words[:30]) + " …"
        return text

    def phrase(self, tok) -> tuple[tuple[int, int] | None, str | None]:
        """The span and text of a noun phrase without its clauses."""
        if tok is None:
            return None, None
        a, b, _ = _subtree_span(tok)
        return (a, b), _clean(self.d.text[a:b])

    def mention(self, tok, etype: str, sent, sid: int) -> dict:
        agent = self.agent_of(tok)
        agent_span, agent_text = self.phrase(agent)
        target_span, target_text = self.phrase(self.target_of(tok))
        attribution, verb = self.attribution(tok)
        att_span = (attribution["start"], attribution["end"]) if attribution and attribution.get("start") is not None \
            else None
        agents = self.d.entities_in(*agent_span) if agent_span else []
        targets = self.d.entities_in(*target_span) if target_span else []
        if att_span:
            att_ents = set(attribution["entities"])
            agents = [k for k in agents if k not in att_ents]
        place = self.place_of(tok, etype, agent_span)
        time = self.time_of(tok, sent)
        count_spans = [s for s in ((agent_span, target_span) if etype != "killing" else (target_span, agent_span)) if s]
        count = self.count_of(count_spans, att_span)
        if count is not None and self.cumulative(tok):
            count["cumulative"] = True
        status = self.status_of(tok, verb, sent.text)
        descriptor = None
        if agent is not None:
            head = agent
            if head.pos_ == "NUM" or head.lemma_.lower() in _QUANTITY_HEADS:
                pobj = next((g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                             for g in c.children if g.dep_ == "pobj"), None)
                head = pobj if pobj is not None else head
            descriptor = " ".join(sorted({c.lemma_.lower() for c in head.children if c.dep_ in ("amod", "compound")
                                          and c.pos_ in ("ADJ", "NOUN", "PROPN")} | {head.lemma_.lower()}))
        return {
            "sid": sid, "sentence": [sent.start_char, sent.end_char],
            "paragraph": self.d.paragraph(sent.start_char),
            "trigger": [tok.idx, tok.idx + len(tok.text)], "lemma": tok.lemma_.lower(), "type": etype,
            "status": status, "summary": self.summary(tok),
            "agent": agent_text, "agent_span": list(agent_span) if agent_span else None, "agents": agents,
            "agent_head": descriptor,
            "target": target_text, "target_span": list(target_span) if target_span else None, "targets": targets,
            "place": {"id": place["id"], "name": place["name"], "text": place["text"], "kind": place.get("kind"),
                      "country": place.get("country"), "precision": place.get("precision"),
                      "start": place["start"], "end": place["end"]} if place else None,
            "route": self.route_of(tok) if etype in ("movement", "withdrawal") else None,
            "purpose": self.purpose_of(tok),
            "count": count,
            "time": time,
            "attribution": attribution,
        }

    def statement(self, tok, sent, sid: int) -> dict | None:
        """A named actor's statement as an event ("Araqchi said on Monday …")."""
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None:
            return None
        a, b, _ = _subtree_span(subj)
        ents = self.d.entities_in(a, b)
        named = [k for k in ents if self.d.entity_label.get(k) in _NAMED_SPEAKER]
        if not named or not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in tok.children):
            return None
        if not self.named_speaker(subj):
            return None
        etype = "threat" if tok.lemma_.lower() in ("warn", "threaten") else "statement"
        m = self.mention(tok, etype, sent, sid)
        m["attribution"] = {"text": _clean(self.d.text[a:b]), "start": a, "end": b, "entities": ents}
        m["agents"] = named
        m["status"] = "asserted"
        m["count"] = None
        m["place"] = None
        m["summary"] = _clean(self.d.text[sent.start_char:sent.end_char])
        if len(m["summary"].split()) > 40:
            m["summary"] = " ".join(m["summary"].split()[:40]) + " …"
        return m

    def named_speaker(self, subj) -> bool:
        """A speaker an analyst can name: a person or organisation ("Abbas
        Araqchi", "the Kremlin", "The head of Iraq's PMF", "the Syrian army"),
        not an anonymous source ("two Iraqi security sources")."""
        head = subj.lemma_.lower()
        if subj.pos_ == "PRON":
            return False
        dets = {c.lower_ for c in subj.children if c.dep_ in ("det", "nummod", "amod", "quantmod")}
        if head in _ANONYMOUS_HEADS or dets & _INDEFINITE:
            return False
        if subj.ent_type_ in ("PERSON", "ORG", "GPE") or subj.pos_ == "PROPN":
            return True
        # "the head of X", "the Syrian army", "Iran's foreign ministry"
        return any(c.lower_ in ("the",) or c.dep_ == "poss" for c in subj.children) or \
            any(c.dep_ == "prep" and c.lower_ == "of" for c in subj.children)

    def denial_of_previous(self, tok, sent, sid: int) -> dict | None:
        """"X denied such reports": the previous event of the paragraph, denied."""
        if tok.lemma_.lower() not in _DENIAL_VERBS or tok.pos_ != "VERB":
            return None
        if any(c.dep_ == "ccomp" for c in tok.children):
            return None  # "denied that …": the clause's own trigger carries the denial
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)
        if obj is None or obj.lemma_.lower() not in _DENIED_OBJECTS:
            return None
        para = self.d.paragraph(sent.start_char)
        previous = [m for m in self.mentions if m["paragraph"] == para and m["sid"] >= sid - 2 and
                    m["status"] != "denied" and m["type"] not in ("statement", "threat", "denial")]
        if not previous:
            return None
        prev = min(previous, key=lambda m: (m["sid"], m["trigger"][0]))
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        out = dict(prev)
        out.update(sid=sid, sentence=[sent.start_char, sent.end_char], trigger=[tok.idx, tok.idx + len(tok.text)],
                   lemma=tok.lemma_.lower(), status="denied", time=None, count=None, route=None, purpose=None,
                   summary=_clean(self.d.text[sent.start_char:sent.end_char]), denies=prev["sid"])
        if subj is not None:
            a, b, _ = _subtree_span(subj)
            out["attribution"] = {"text": _clean(self.d.text[a:b]), "start": a, "end": b,
                                  "entities": self.d.entities_in(a, b)}
        return out

    def elaboration(self, sent) -> None:
        """"He identified the fighters as members of X and Y": names given
        for the agent of the previous event (same head noun) join its actors."""
        for tok in sent:
            if tok.lemma_.lower() not in _ELABORATING or tok.pos_ != "VERB":
                continue
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)
            if obj is None or not any(c.lower_ in ("the", "these", "those") for c in obj.children):
                continue
            head = obj.lemma_.lower()
            para = self.d.paragraph(sent.start_char)
            for m in reversed(self.mentions):
                if m["paragraph"] != para or (m["agent_head"] or "").split()[-1:] == []:
                    continue
                agent_words = set((m["agent_head"] or "").split())
                if head in agent_words or (head in _FORCE_NOUNS and agent_words & _FORCE_NOUNS):
                    a, b = _full_span(tok)
                    oa, ob = _full_span(obj)
                    names = [k for k in self.d.entities_in(a, b)
                             if not (oa <= min(s for s, _, kk in self.d.ents.items if kk == k) < ob)
                             and self.d.entity_label.get(k) in ("ORG", "NORP", "PERSON")]
                    for k in names:
                        if k not in m["agents"]:
                            m["agents"].append(k)
                    if names:
                        m.setdefault("elaborated_by", []).append(sent.start_char)
                    break
            return

    def orphan_purpose(self, sent, sid: int) -> None:
        """"…, adding that they were there to defend a shrine": a purpose in a
        clause without a trigger explains the sentence's last movement."""
        for tok in sent:
            if not _is_infinitive_purpose(tok) or tok.dep_ not in ("advcl", "xcomp"):
                continue
            head = tok.head
            if head.lemma_.lower() != "be" and head.pos_ != "AUX":
                continue
            subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.pos_ != "PRON":
                continue
            cands = [m for m in self.mentions if m["sid"] in (sid, sid - 1) and m["type"] == "movement"
                     and not m.get("purpose")]
            if cands:
                a, b = _full_span(tok)
                cands[-1]["purpose"] = re.sub(r"^(?:in order )?to\s+", "", _clean(self.d.text[a:b]))
                cands[-1].setdefault("purpose_from", sent.start_char)

    def run(self) -> list[dict]:
        for sid, sent in enumerate(self.doc.sents):
            before = len(self.mentions)
            for tok in sent:
                lemma = tok.lemma_.lower()
                if tok.pos_ == "VERB" and lemma in tx.REPORTING:
                    denial = self.denial_of_previous(tok, sent, sid)
                    if denial is not None:
                        self.mentions.append(denial)
                        continue
                    st = self.statement(tok, sent, sid)
                    if st is not None:
                        self.mentions.append(st)
                    continue
                etype = self.trigger_type(tok)
                if etype is None or self.is_purpose(tok):
                    continue
                if etype in ("movement", "withdrawal"):
                    agent = self.agent_of(tok)
                    if agent is not None and agent.lemma_.lower() in _STILL_THINGS:
                        continue  # "front lines had barely moved": a state of things, not a movement
                if etype == "denial":
                    denial = self.denial_of_previous(tok, sent, sid)
                    if denial is not None:
                        self.mentions.append(denial)
                        continue
                self.mentions.append(self.mention(tok, etype, sent, sid))
            if len(self.mentions) == before:
                self.elaboration(sent)
            self.orphan_purpose(sent, sid)
        return self.mentions


def _clip_to_paragraph(text: str, span: list[int], at: int) -> list[int]:
    """A sentence span cut to the paragraph holding ``at`` (the parser
    sometimes runs a headline into the next paragraph)."""
    a, b = span
    for m in re.finditer(r"\n\s*\n", text[a:b]):
        if a + m.end() <= at:
            a = a + m.end()
        elif a + m.start() >= at:
            b = a + m.start()
            break
    while a < b and text[a] in " \t\n\"'“”‘’":
        if text[a] in "\"'“‘" and a + 1 < b and text[a + 1].isalpha():
            break
        a += 1
    return [a, b]


def extract(doc, annotations: dict, published: date | None) -> list[dict]:
    """Event mentions of one parsed document (see the module docstring)."""
    out = _Extractor(doc, annotations, published).run()
    for i, m in enumerate(out):
        m["n"] = i
        m["sentence"] = _clip_to_paragraph(doc.text, m["sentence"], m["trigger"][0])
        if m["time"] is None and published is not None:
            p = published.isoformat()
            m["time"] = {"text": None, "value": p, "earliest": p, "latest": p, "precision": "day",
                         "inferred": True, "mod": None}
    return out

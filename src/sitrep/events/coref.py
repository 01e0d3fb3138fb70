"""Cross-document event coreference: which event mentions of one story
describe the same real-world event.

:func:`resolve` takes event mentions (from any number of documents) and
returns a cluster index per mention; mentions of different ``group``\\ s
(stories) never share a cluster. It is deterministic: the same mentions in
any order give the same partition (cluster indexes are numbered in the order
of each cluster's first mention).

How
---
1. **Statistics.** :class:`CorefContext`, built per group inside
   :func:`resolve` (so a story's clusters do not depend on other stories),
   holds TF-IDF vectors of each mention's sentence and of the words within
   ``window`` words of the trigger (lower-cased, lightly stemmed, stop words
   and the trigger left out; IDF over the group's distinct sentences), the
   normalised lemma (singular, punctuation dropped: "Oscars"/"#Oscars" ->
   "oscar"; a phrasal trigger keeps its particle: "checked out" is not
   "checked into") and the share of the group's documents using each lemma
   (*prominence*: the main event of a story is named in most reports).
2. **Blocking.** Inside a group, two mentions are a candidate pair only when
   they share a block key: the lemma, a derivation/synonym family from
   :data:`FAMILIES` ("quake" ~ "earthquake", "kill" ~ "death", "cross" ~
   "entered"), a stem prefix after stripping derivational suffixes
   ("explode" ~ "explosion", "announce" ~ "announcement"), or the same
   sitrep type. A block larger than :attr:`CorefParams.max_block` is not
   scored all-pairs: each mention is paired with its
   :attr:`CorefParams.neighbours` nearest mentions of the block by context
   cosine (a sparse product per chunk of rows), so a story of thousands of
   mentions costs about n·k pair scores, not n².
3. **Pair score** (:func:`pair_score`): a logistic function of a weighted
   sum of the features of :func:`pair_features` (weights in
   :class:`CorefParams`): lexical relation (same lemma and trigger, family,
   stem), sentence and window cosines, prominence, generic lemma (light and
   reporting verbs), same sentence, actor and place overlap or conflict,
   date gap, count conflict, type, and how deep in their documents the two
   mentions are (when the caller gives sentence positions: news tells the
   main event first, background events further down). A number in (0, 1).
4. **Clustering.** Agglomerative clustering over the scored pairs: the link
   of two clusters mixes the mean and the maximum of their pair scores
   (:attr:`CorefParams.max_link`), or is the mean alone when one of their
   pairs has conflicting slots (different days or types: one strong pair
   may not bridge a conflict, only the whole evidence); pairs never
   scored are no evidence either way. Merge the best link while it is at least
   :attr:`CorefParams.threshold`; ties go to the lower mention ids, so the
   result is deterministic.

Conflicts lower, they do not forbid
-----------------------------------
One event reported with conflicting details is exactly what sitrep reports
as a discrepancy, so different counts (intervals that do not overlap),
dates a day or two apart and different named actors only *lower* the score.
What keeps mentions apart:

* different groups (never compared);
* dates clearly apart: when the gap between the two date intervals is more
  than :attr:`CorefParams.far_days`, the pair is a cannot-link, and two
  clusters whose union would hold such a pair are never merged (checked in
  O(1) per merge from each cluster's latest start and earliest end);
* different places: disjoint non-empty place sets cost
  :attr:`CorefParams.w_place_conflict`, enough to keep a same-lemma pair
  apart unless its contexts agree strongly. Callers should put a place's
  containing places in ``places`` too (a town, its region and its country),
  so that "Deir ez-Zor" and "Syria" overlap instead of conflicting; a
  caller that only wants exact places compared passes no country.
* different sitrep types cost :attr:`CorefParams.w_type_conflict`.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

# ------------------------------------------------------------------ data


@dataclass(frozen=True)
class CorefMention:
    id: str                 # unique mention id
    doc: str                # document id
    group: str              # blocking key: story id (only mentions of one group can corefer)
    trigger: str            # surface text of the event trigger ("crossed", "earthquake")
    lemma: str              # lemma of the trigger head ("cross", "earthquake")
    sentence: str           # the sentence as written
    start: int = -1         # trigger offsets inside `sentence` (-1 when unknown)
    end: int = -1
    type: str | None = None  # sitrep event type (e.g. "movement", "attack", "statement") or None
    earliest: date | None = None   # time interval of the event when known
    latest: date | None = None
    places: frozenset[str] = frozenset()   # place ids / normalised place names
    actors: frozenset[str] = frozenset()   # entity keys / normalised participant names
    count: tuple[float | None, float | None] | None = None  # count interval when known
    #: index of the mention's sentence in its document (0 = the first line:
    #: headline or lead), when known; see :attr:`CorefParams.w_position`
    position: int | None = None


@dataclass(frozen=True)
class CorefParams:
    """Weights of the pair score and the clustering settings.

    The pair score is ``1 / (1 + exp(-(bias + Σ w_x · x)))`` over the
    features x of :func:`pair_features` (each weight is named after its
    feature). The lexical, context, prominence, actor, sentence and position
    weights were fitted by logistic regression on the candidate pairs of the
    ECB+ development topics (all 33, actors and places from the trigger's
    syntactic subtree; ``bench/events_ecbplus.py --fit``) and rounded; the
    threshold was chosen there too. The position weight is fitted last, with
    the others fixed, so that a caller without positions gets the model
    fitted without them (ECB+ CoNLL 0.748 without positions, 0.780 with;
    tuned on one half of the topics, the other half scores 0.775 and
    0.782). The weights ECB+ cannot show (dates, counts, types) and the
    place conflict are set by hand to the rules of the module docstring.

    ``max_link`` (0.8; ECB+ CoNLL 0.780 against 0.768 for the pure average
    link at its best threshold) only applies between clusters none of whose scored pairs
    has conflicting slots (different days or types): there the link is the
    plain mean. Without that gate, in a sitrep story where many
    mentions share a lemma or type, one strong pair chained events of
    different days and places (on the sample corpus the Brask entry of 31
    October joined the border crossings of 1-2 November).
    """

    bias: float = -1.52
    #: lexical relation of the triggers (exclusive: the strongest applies)
    w_same_lemma: float = 0.29
    w_family: float = 0.95
    w_stem: float = 0.98
    #: the same trigger text (case-folded), on top of the same lemma
    w_same_trigger: float = 0.5
    #: TF-IDF cosine of the sentences (0..1; IDF over the group's sentences),
    #: and its correction when the lemmas are only related (family, stem)
    w_context: float = 2.39
    w_context_related: float = -0.7
    #: TF-IDF cosine of the words within ``window`` words of the trigger (0..1)
    w_window: float = 2.63
    window: int = 8
    #: product of the sentence and window cosines (they overlap, hence negative)
    w_context_window: float = -4.54
    #: share of the group's documents that use the trigger's lemma (the
    #: smaller of the two, 0..1; 0 for generic lemmas): the main event of a
    #: story is named in most of its reports. For the same lemma / related lemmas
    w_prominence: float = 1.07
    w_prominence_related: float = 0.6
    #: actors / places: overlap |A∩B| / min(|A|, |B|) when both are known;
    #: conflict when both are known and disjoint
    w_actor_overlap: float = 0.0
    w_actor_conflict: float = -0.28
    w_place_overlap: float = 0.27
    w_place_conflict: float = -2.0
    #: time: both dated and overlapping; per day of gap up to far_days;
    #: a gap of more than far_days is a cannot-link
    w_time_overlap: float = 0.0
    w_time_gap_day: float = -0.4
    far_days: int = 10
    #: counts whose intervals do not overlap
    w_count_conflict: float = -0.3
    #: sitrep types: the same type / different types (both known)
    w_type_same: float = 0.0
    w_type_conflict: float = -2.0
    #: light verbs and reporting verbs (:data:`GENERIC_LEMMAS`), on either side
    w_generic: float = -1.6
    #: two mentions in one document, and in one sentence of one document
    w_same_doc: float = -0.06
    w_same_sentence: float = -1.51
    #: depth of the two mentions in their documents, when both positions are
    #: known: log(1 + position a) + log(1 + position b) - position_centre.
    #: News tells the main event in its first sentences and background
    #: events (earlier arrests, a career, other attacks) further down, so two
    #: mentions deep in their documents are less often the same event. The
    #: centre is the mean depth of ECB+'s candidate pairs, so an unknown
    #: position (feature absent) leaves the score as without this feature
    w_position: float = -0.66
    position_centre: float = 3.2
    #: clustering: merge while the best link is at least ``threshold``; the
    #: link of two clusters is (1 - max_link) * mean + max_link * max of
    #: the scores of their scored pairs, or the mean alone when one of those
    #: pairs has conflicting days or types
    threshold: float = 0.55
    max_link: float = 0.8
    #: blocks larger than this are paired by nearest neighbours, not all pairs
    max_block: int = 300
    neighbours: int = 40


# ------------------------------------------------------------------ lexicon

#: Derivation and synonym families of event words (verbs and their nouns),
#: hand-made for news events; a word may sit in several families. Two
#: triggers are related when their lemmas (or stems) share a family.
FAMILIES: tuple[frozenset[str], ...] = tuple(frozenset(s.split()) for s in (
    # movement, deployment, borders
    "cross crossing enter entry infiltrate infiltration incursion",
    "enter check admit admission",
    "deploy deployment redeploy redeployment dispatch mobilize mobilise mobilization mobilisation reinforce reinforcement",
    "arrive arrival reach",
    "withdraw withdrawal retreat pullout pullback evacuate evacuation",
    "flee escape exodus",
    # violence
    "capture seize seizure takeover overrun occupy occupation",
    "attack assault raid offensive strike airstrike bombing bombard bombardment",
    "hit strike",
    "shell shelling barrage",
    "clash fight fighting battle skirmish",
    "kill killing death die dead slay slaying murder fatality massacre homicide",
    "injure injury wound hurt",
    "shoot shooting shot gunfire gunshot",
    "explode explosion blast detonate detonation bomb",
    "hijack hijacking",
    "rob robbery steal theft heist",
    # justice
    "arrest detain detention apprehend",
    "charge indict indictment accuse accusation",
    "convict conviction",
    "sentence jail imprison imprisonment",
    "acquit acquittal",
    # politics, statements
    "meet meeting talk negotiate negotiation summit",
    "say tell state statement announce announcement declare declaration comment remark",
    "overturn reverse rescind revoke repeal annul",
    "find discover discovery locate",
    "foil thwart",
    "deny denial",
    "threaten threat warn warning",
    "appoint appointment nominate nomination name hire tap",
    "fire dismiss dismissal sack oust ouster",
    "resign resignation quit",
    "pledge promise vow",
    "elect election",
    "protest demonstration demonstrate rally riot unrest",
    "sign signing",
    # disasters, accidents
    "earthquake quake temblor tremor",
    "fire blaze inferno burn",
    "crash collision collide accident wreck",
    "sink capsize",
    "rescue save",
    # business, culture
    "acquire acquisition buy purchase takeover",
    "release launch unveil introduce introduction issue",
    "win victory beat defeat triumph",
    "lose loss defeat",
))

#: Verbs that carry little event identity of their own: light verbs and
#: reporting verbs (two "said" in one story are usually two statements).
GENERIC_LEMMAS = frozenset(
    "be have do make take get go come give put set keep let begin start continue happen occur say tell add "
    "report according claim call".split()
)

_FAMILY_OF: dict[str, tuple[int, ...]] = {}
for _i, _fam in enumerate(FAMILIES):
    for _w in _fam:
        _FAMILY_OF[_w] = _FAMILY_OF.get(_w, ()) + (_i,)

_SUFFIXES = ("ations", "ation", "itions", "ition", "ments", "ment", "ings", "ing", "ions", "ion", "ances", "ance",
             "ences", "ence", "ures", "ure", "als", "al", "ies", "ied", "ed", "es", "s", "e", "y")

_STOP = frozenset(
    "a an the and or but if then than so of to in on at by for with from into onto about as is are was were be been "
    "being am do does did doing have has had having it its it's this that these those there here he him his she her "
    "they them their we us our you your i me my who whom whose which what when where why how not no nor all any "
    "both each few more most other some such only own same too very can will just should would could may might must "
    "shall also after before over under up down out off again further once during while because until against "
    "between through above below said says told s t".split()
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d+")


def stem(word: str) -> str:
    """A crude derivational stem: lower-cased, one common suffix removed when
    at least four letters remain ("explosion" -> "explos", "explode" ->
    "explod")."""
    w = word.lower()
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


def _stems_related(a: str, b: str) -> bool:
    if a == b:
        return len(a) >= 4
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= 5 and len(a) - n <= 1 and len(b) - n <= 1


_PARTICLES = {"in": "in", "into": "in", "out": "out", "up": "up", "down": "down", "off": "off", "over": "over",
              "away": "away", "back": "back"}


def _singular(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _norm_lemma(m: CorefMention) -> tuple[str, str]:
    """(lemma, particle): the lower-cased, singular lemma ("Oscars" ->
    "oscar", a mis-lemmatised "dies" -> "die") and the particle of a
    phrasal trigger ("checked out" -> "out", "checked herself into" -> "in")."""
    words = [w.lower() for w in _WORD.findall(m.trigger or "")]
    lem = (m.lemma or "").strip().lower()
    if not lem:
        lem = words[-1] if words else ""
    particle = ""
    if len(words) > 1:
        for w in words[1:]:
            if w in _PARTICLES:
                particle = _PARTICLES[w]
                break
    lem = "".join(ch for ch in lem if ch.isalnum() or ch == "-").strip("-")
    return _singular(lem), particle


def _context_word(w: str) -> str:
    w = w.lower()
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def lexical_relation(a: str, b: str, particle_a: str = "", particle_b: str = "") -> str | None:
    """"same", "family", "stem" or None for two trigger lemmas (and the
    particles of phrasal triggers: "check in" and "check out" are not
    related, "check in" and "check" are the same)."""
    a, b = a.lower(), b.lower()
    if particle_a and particle_b and particle_a != particle_b:
        return None
    if a == b:
        return "same"
    if set(_FAMILY_OF.get(a, ())) & set(_FAMILY_OF.get(b, ())):
        return "family"
    if _stems_related(stem(a), stem(b)):
        return "stem"
    return None


# ------------------------------------------------------------------ context


@dataclass
class _Info:
    lemma: str
    particle: str
    stem: str
    families: tuple[int, ...]
    generic: bool
    vec: dict[str, float]
    win: dict[str, float]
    sent_key: tuple[str, str]


@dataclass
class CorefContext:
    """Statistics for pair scores, built from the mentions given (in
    :func:`resolve`: the mentions of one group): IDF of context words over
    the distinct sentences, the share of documents using each lemma, and
    each mention's normalised lemma, stem, families and context vectors."""

    idf: dict[str, float] = field(default_factory=dict)
    default_idf: float = 1.0
    infos: dict[str, _Info] = field(default_factory=dict)
    #: (group, lemma) -> share of the group's documents with a mention of that lemma
    prominence: dict[tuple[str, str], float] = field(default_factory=dict)
    window: int = 8
    position_centre: float = 3.2

    @classmethod
    def build(cls, mentions: Sequence[CorefMention], window: int = 8, position_centre: float = 3.2) -> CorefContext:
        sentences: dict[str, set[str]] = {}
        for m in mentions:
            if m.sentence not in sentences:
                sentences[m.sentence] = {_context_word(w) for w in _WORD.findall(m.sentence)}
        df: dict[str, int] = defaultdict(int)
        for words in sentences.values():
            for w in words:
                df[w] += 1
        n = max(1, len(sentences))
        ctx = cls(idf={w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()},
                  default_idf=math.log(1 + n) + 1.0, window=window, position_centre=position_centre)
        group_docs: dict[str, set[str]] = defaultdict(set)
        lemma_docs: dict[tuple[str, str], set[str]] = defaultdict(set)
        for m in mentions:
            group_docs[m.group].add(m.doc)
            lemma_docs[(m.group, ctx.info(m).lemma)].add(m.doc)
        ctx.prominence = {k: len(v) / len(group_docs[k[0]]) for k, v in lemma_docs.items()}
        return ctx

    def _window_vec(self, sentence: str, start: int, end: int) -> dict[str, float]:
        if start < 0:
            return {}
        toks = list(_WORD.finditer(sentence))
        at = [k for k, mt in enumerate(toks) if mt.start() < end and mt.end() > start]
        if not at:
            return {}
        lo, hi = max(0, at[0] - self.window), at[-1] + self.window + 1
        tf: dict[str, float] = defaultdict(float)
        for k in range(lo, min(hi, len(toks))):
            if at[0] <= k <= at[-1]:
                continue
            w = _context_word(toks[k].group())
            if w in _STOP or len(w) < 2:
                continue
            tf[w] += 1.0
        return _normalise({w: c * self.idf.get(w, self.default_idf) for w, c in tf.items()})

    def _sentence_vec(self, sentence: str, start: int, end: int) -> dict[str, float]:
        tf: dict[str, float] = defaultdict(float)
        for mt in _WORD.finditer(sentence):
            if start >= 0 and mt.start() < end and mt.end() > start:
                continue  # the trigger itself
            w = _context_word(mt.group())
            if w in _STOP or len(w) < 2:
                continue
            tf[w] += 1.0
        return _normalise({w: c * self.idf.get(w, self.default_idf) for w, c in tf.items()})

    def info(self, m: CorefMention) -> _Info:
        got = self.infos.get(m.id)
        if got is None:
            lem, particle = _norm_lemma(m)
            start, end = m.start, m.end
            if start < 0 and m.trigger:
                k = m.sentence.find(m.trigger)
                if k >= 0:
                    start, end = k, k + len(m.trigger)
            got = _Info(lemma=lem, particle=particle, stem=stem(lem), families=_FAMILY_OF.get(lem, ()),
                        generic=lem in GENERIC_LEMMAS, vec=self._sentence_vec(m.sentence, start, end),
                        win=self._window_vec(m.sentence, start, end),
                        sent_key=(m.doc, m.sentence))
            self.infos[m.id] = got
        return got


def _normalise(v: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(x * x for x in v.values()))
    return {w: x / norm for w, x in v.items()} if norm else {}


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


# ------------------------------------------------------------------ pair score


def _gap_days(a: CorefMention, b: CorefMention) -> int | None:
    """Days between the two time intervals (0 when they overlap), None when
    either is undated."""
    if (a.earliest is None and a.latest is None) or (b.earliest is None and b.latest is None):
        return None
    gap = 0
    if a.latest is not None and b.earliest is not None:
        gap = max(gap, (b.earliest - a.latest).days)
    if b.latest is not None and a.earliest is not None:
        gap = max(gap, (a.earliest - b.latest).days)
    return gap


def _counts_conflict(a: tuple | None, b: tuple | None) -> bool:
    if a is None or b is None:
        return False
    lo = max(x for x in (a[0], b[0]) if x is not None) if (a[0] is not None or b[0] is not None) else None
    hi = min(x for x in (a[1], b[1]) if x is not None) if (a[1] is not None or b[1] is not None) else None
    return lo is not None and hi is not None and lo > hi


def _overlap(a: frozenset, b: frozenset) -> float:
    return len(a & b) / min(len(a), len(b))


def pair_features(a: CorefMention, b: CorefMention, ctx: CorefContext) -> dict[str, float]:
    """The features the pair score weighs, by CorefParams weight name."""
    ia, ib = ctx.info(a), ctx.info(b)
    rel = lexical_relation(ia.lemma, ib.lemma, ia.particle, ib.particle) if ia.lemma and ib.lemma else None
    cos = _cos(ia.vec, ib.vec)
    win = _cos(ia.win, ib.win)
    prom = 0.0
    if not (ia.generic or ib.generic):
        prom = min(ctx.prominence.get((a.group, ia.lemma), 0.0), ctx.prominence.get((b.group, ib.lemma), 0.0))
    f: dict[str, float] = {
        "w_same_lemma": float(rel == "same"),
        "w_same_trigger": float(rel == "same" and a.trigger.strip().lower() == b.trigger.strip().lower()),
        "w_family": float(rel == "family"),
        "w_stem": float(rel == "stem"),
        "w_context": cos,
        "w_context_related": cos if rel in ("family", "stem") else 0.0,
        "w_window": win,
        "w_context_window": cos * win,
        "w_prominence": prom if rel == "same" else 0.0,
        "w_prominence_related": prom if rel in ("family", "stem") else 0.0,
        "w_generic": float(ia.generic or ib.generic),
        "w_same_doc": float(a.doc == b.doc),
        "w_same_sentence": float(ia.sent_key == ib.sent_key),
    }
    if a.position is not None and b.position is not None and a.position >= 0 and b.position >= 0:
        f["w_position"] = math.log1p(a.position) + math.log1p(b.position) - ctx.position_centre
    if a.actors and b.actors:
        ov = _overlap(a.actors, b.actors)
        f["w_actor_overlap"] = ov
        f["w_actor_conflict"] = float(ov == 0)
    if a.places and b.places:
        ov = _overlap(a.places, b.places)
        f["w_place_overlap"] = ov
        f["w_place_conflict"] = float(ov == 0)
    gap = _gap_days(a, b)
    if gap is not None:
        f["w_time_overlap"] = float(gap == 0)
        f["w_time_gap_day"] = float(gap)
    if _counts_conflict(a.count, b.count):
        f["w_count_conflict"] = 1.0
    if a.type is not None and b.type is not None:
        f["w_type_same" if a.type == b.type else "w_type_conflict"] = 1.0
    return f


def _logit(f: dict[str, float], params: CorefParams) -> float:
    return params.bias + sum(getattr(params, k) * v for k, v in f.items())


def pair_score(a: CorefMention, b: CorefMention, ctx: CorefContext, params: CorefParams = CorefParams()) -> float:
    """How likely ``a`` and ``b`` report the same event, in (0, 1); 0.0 for
    mentions of different groups and for dates more than ``far_days`` apart."""
    if a.group != b.group:
        return 0.0
    gap = _gap_days(a, b)
    if gap is not None and gap > params.far_days:
        return 0.0
    z = _logit(pair_features(a, b, ctx), params)
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


# ------------------------------------------------------------------ blocking


def _block_keys(m: CorefMention, info: _Info) -> list[str]:
    keys = []
    if info.lemma:
        keys.append("l:" + info.lemma)
        keys.append("s:" + info.stem[:5])
    keys.extend(f"f:{i}" for i in info.families)
    if m.type is not None:
        keys.append("t:" + m.type)
    return keys


def candidate_pairs(members: Sequence[int], mentions: Sequence[CorefMention], ctx: CorefContext,
                    params: CorefParams) -> set[tuple[int, int]]:
    """Index pairs (i < j) of one group's mentions worth scoring."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i in members:
        for k in _block_keys(mentions[i], ctx.info(mentions[i])):
            blocks[k].append(i)
    pairs: set[tuple[int, int]] = set()
    for key in sorted(blocks):
        idx = blocks[key]
        if len(idx) < 2:
            continue
        if len(idx) <= params.max_block:
            for x in range(len(idx)):
                for y in range(x + 1, len(idx)):
                    pairs.add((idx[x], idx[y]))
        else:
            pairs.update(_nearest_pairs(idx, mentions, ctx, params.neighbours))
    return pairs


def _nearest_pairs(idx: list[int], mentions: Sequence[CorefMention], ctx: CorefContext, k: int) -> set[tuple[int, int]]:
    """Each mention with its k nearest mentions of the block by context cosine."""
    import numpy as np
    from scipy import sparse

    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for r, i in enumerate(idx):
        for w, x in ctx.info(mentions[i]).vec.items():
            rows.append(r)
            cols.append(vocab.setdefault(w, len(vocab)))
            vals.append(x)
    mat = sparse.csr_matrix((vals, (rows, cols)), shape=(len(idx), max(1, len(vocab))))
    mat_t = mat.T.tocsr()
    out: set[tuple[int, int]] = set()
    kk = min(k, len(idx) - 1)
    for lo in range(0, len(idx), 256):
        sims = (mat[lo:lo + 256] @ mat_t).toarray()
        for r in range(sims.shape[0]):
            sims[r, lo + r] = -1.0
            row = sims[r]
            top = np.argpartition(-row, kk - 1)[:kk] if kk < len(idx) - 1 else np.arange(len(idx))
            # stable choice among equal similarities: by position
            top = sorted(top, key=lambda c: (-row[c], c))[:kk]
            for c in top:
                if c != lo + r:
                    a, b = idx[lo + r], idx[c]
                    out.add((a, b) if a < b else (b, a))
    return out


# ------------------------------------------------------------------ clustering


def resolve(mentions: Sequence[CorefMention], params: CorefParams = CorefParams()) -> list[int]:
    """Cluster index for each mention (same index = same event); clusters
    never span two groups. Deterministic and independent of the input
    order (clusters are numbered by their first mention in the input)."""
    ids = [m.id for m in mentions]
    if len(set(ids)) != len(ids):
        raise ValueError("mention ids must be unique")
    # canonical order, so that the input order does not matter
    order = sorted(range(len(mentions)), key=lambda i: ids[i])
    ms = [mentions[i] for i in order]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(ms):
        groups[m.group].append(i)
    root_of = [-1] * len(ms)
    for g in sorted(groups):
        members = groups[g]
        # statistics per group: a story's clusters do not depend on the other stories
        ctx = CorefContext.build([ms[i] for i in members], params.window, params.position_centre)
        edges: dict[tuple[int, int], float] = {}
        conflicts: set[tuple[int, int]] = set()
        for i, j in sorted(candidate_pairs(members, ms, ctx, params)):
            gap = _gap_days(ms[i], ms[j])
            if gap is not None and gap > params.far_days:
                continue  # cannot-link; enforced again at merge time through the date spans
            edges[(i, j)] = pair_score(ms[i], ms[j], ctx, params)
            if _slots_conflict(ms[i], ms[j]):
                conflicts.add((i, j))
        for root, cluster in _average_link(members, edges, ms, params, conflicts).items():
            for i in cluster:
                root_of[i] = root
    by_input = [0] * len(mentions)
    for pos, i in enumerate(order):
        by_input[i] = root_of[pos]
    number: dict[int, int] = {}
    return [number.setdefault(r, len(number)) for r in by_input]


def _slots_conflict(a: CorefMention, b: CorefMention) -> bool:
    """Different days or different types: details that only the average of
    all the evidence may overrule, never one strong pair. (Places are left
    out: the ones a parser finds in a sentence are too often not the
    event's, and their conflict already costs ``w_place_conflict``.)"""
    if a.type is not None and b.type is not None and a.type != b.type:
        return True
    gap = _gap_days(a, b)
    return gap is not None and gap > 0


def _average_link(members: list[int], edges: dict[tuple[int, int], float], ms: Sequence[CorefMention],
                  params: CorefParams, conflicts: set[tuple[int, int]] = frozenset()) -> dict[int, list[int]]:
    """Agglomerative clustering over the scored pairs: the link of two
    clusters is (1 - max_link) * mean + max_link * max of their scored pair
    scores, the mean alone when one of those pairs is in ``conflicts``;
    merge the best link while >= threshold, unless the union would hold two
    dates more than far_days apart. Ties go to the lower ids."""
    alpha = params.max_link
    clusters: dict[int, list[int]] = {i: [i] for i in members}
    # per cluster: neighbour -> [sum, count, max, any conflict] (one list shared by both sides)
    links: dict[int, dict[int, list[float]]] = {i: {} for i in members}
    for (i, j), s in edges.items():
        cell = [s, 1, s, (i, j) in conflicts]
        links[i][j] = cell
        links[j][i] = cell

    def value(cell: list[float]) -> float:
        mean = cell[0] / cell[1]
        return mean if cell[3] else (1 - alpha) * mean + alpha * cell[2]

    span: dict[int, tuple[date | None, date | None]] = {i: (ms[i].earliest, ms[i].latest) for i in members}
    heap = [(-value(c), i, j) for i in members for j, c in links[i].items() if i < j and value(c) >= params.threshold]
    heapq.heapify(heap)
    alive = set(members)
    while heap:
        neg, i, j = heapq.heappop(heap)
        if i not in alive or j not in alive:
            continue
        cell = links[i].get(j)
        if cell is None or abs(value(cell) + neg) > 1e-12:
            continue  # stale entry
        if _too_far(span[i], span[j], params.far_days):
            continue
        a, b = i, j  # i < j: the lower id stays the root
        alive.discard(b)
        clusters[a].extend(clusters.pop(b))
        span[a] = _merge_span(span[a], span[b])
        la, lb = links[a], links.pop(b)
        la.pop(b, None)
        lb.pop(a, None)
        for c, cb in lb.items():
            lc = links[c]
            lc.pop(b, None)
            ca = la.get(c)
            if ca is None:
                la[c] = cb
                lc[a] = cb
            else:
                ca[0] += cb[0]
                ca[1] += cb[1]
                ca[2] = max(ca[2], cb[2])
                ca[3] = ca[3] or cb[3]
        for c, cell in la.items():
            v = value(cell)
            if v >= params.threshold:
                heapq.heappush(heap, (-v, min(a, c), max(a, c)))
    return clusters


def _merge_span(a, b):
    starts = [x for x in (a[0], b[0]) if x is not None]
    ends = [x for x in (a[1], b[1]) if x is not None]
    return (max(starts) if starts else None, min(ends) if ends else None)


def _too_far(a, b, far_days: int) -> bool:
    s = _merge_span(a, b)
    return s[0] is not None and s[1] is not None and (s[0] - s[1]).days > far_days

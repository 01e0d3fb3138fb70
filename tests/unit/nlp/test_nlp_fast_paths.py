"""The NLP stage's shortcuts give exactly what the plain computations give:
the per-Doc memo, the gazetteer's fuzzy memo, the proximity grid, resolving
the other toponyms against a shared geography, the regex scans that
replaced character loops, and the reporting verbs found from token arrays.
Hand-built inputs; the parsed-text test loads the model (skipped without)."""

from __future__ import annotations

import copy
import random
import re

import pytest

spacy = pytest.importorskip("spacy")

from sitrep.nlp import geo_resolve, pipeline  # noqa: E402
from sitrep.nlp.gazetteer import Candidate, Gazetteer, Place  # noqa: E402
from sitrep.nlp.geo_resolve import Geography, Toponym, resolve_each, resolve_toponyms  # noqa: E402
from sitrep.nlp.quantities import _MASK_RE, _mask_spans  # noqa: E402
from sitrep.nlp.quotes import _direct_spans, _is_speech_verb, _arrays  # noqa: E402

NLP = spacy.blank("en")

P = Place
PLACES = [
    P("p-SY", "Syria", "country", 35.0, 38.0, "SY", 16_906_283),
    P("p-IQ", "Iraq", "country", 33.0, 44.0, "IQ", 38_433_600),
    P("p-US", "United States", "country", 39.83, -98.58, "US", 327_167_434, ("U.S.",)),
    P("p-170063", "Aleppo", "city", 36.20, 37.16, "SY", 2_098_210, ("Halab",), "SY.09"),
    P("p-SY-HL", "Halab", "region", 36.35, 37.55, "SY", 0, ("Aleppo Governorate", "Aleppo"), "SY.09"),
    P("p-169389", "Idlib", "city", 35.93, 36.63, "SY", 128_840, (), "SY.12"),
    P("p-SY-ID", "Idlib", "region", 35.83, 36.67, "SY", 0, ("Idlib Governorate",), "SY.12"),
    P("p-163476", "Tall Rif'at", "city", 36.47, 37.09, "SY", 25_658, ("Tal Refaat", "Tell Rifat"), "SY.09"),
    P("p-168325", "Khan Shaykhun", "city", 35.44, 36.65, "SY", 48_975, (), "SY.12"),
    P("p-95446", "Erbil", "city", 36.19, 44.01, "IQ", 1_612_700, ("Arbil",), "IQ.11"),
    P("p-4180439", "Atlanta", "city", 33.75, -84.39, "US", 510_823, (), "US.GA", "US.GA.121"),
    P("p-US-GA", "Georgia", "region", 33.29, -83.79, "US", 0, (), "US.GA"),
    P("p-4180386", "Athens", "city", 33.96, -83.38, "US", 115_452, (), "US.GA", "US.GA.059"),
    P("p-264371", "Athens", "city", 37.98, 23.73, "GR", 664_046, (), "GR.ESYE31"),
    P("p-4156404", "Gainesville", "city", 29.65, -82.32, "US", 141_085, (), "US.FL"),
    P("p-4196586", "Gainesville", "city", 34.30, -83.82, "US", 42_296, (), "US.GA", "US.GA.139"),
]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_places(PLACES)


# ------------------------------------------------------------ per-Doc memo
def test_doc_text_is_kept_per_doc():
    a, b = NLP("Fighting in Aleppo."), NLP("Talks in Erbil.")
    assert pipeline.doc_text(a) == a.text
    assert pipeline.doc_text(b) == b.text
    assert pipeline.doc_text(a) == a.text  # the memo follows the Doc asked about
    memo = pipeline.doc_memo(a)
    assert pipeline.doc_memo(a) is memo and pipeline.doc_memo(b) is not memo


# ------------------------------------------------------------ gazetteer
def test_fuzzy_candidates_are_memoised_as_fresh_lists(gaz):
    first = gaz.candidates("Tal Rifaat", countries=("SY",))
    assert [gaz.row(c.index)[1] for c in first] == ["p-163476"]
    first.clear()  # callers trim their lists
    again = gaz.candidates("Tal Rifaat", countries=("SY",))
    assert [gaz.row(c.index)[1] for c in again] == ["p-163476"]
    assert gaz.candidates("Tal Rifaat", countries=("SY",)) is not again


def test_exact_lookup_brings_the_rows(gaz):
    key_hits = gaz._exact("athens")
    assert len(key_hits) == 2
    for i, _ in key_hits:
        assert gaz._rows[i] == gaz._q("SELECT * FROM places WHERE i=?", (i,))[0]


# ------------------------------------------------------------ resolution
def test_proximity_grid_gives_the_plain_scan():
    rnd = random.Random(7)
    geo = Geography({"c:SY": 2.0})
    for n in range(12):
        pts = [(rnd.uniform(30, 40), rnd.uniform(30, 45), rnd.choice([0.1, 0.5, 1.0])) for _ in range(rnd.randint(0, 9))]
        geo.add_name(f"name{n}", {"c:SY": 1.0}, pts)
    for _ in range(400):
        pt = (rnd.uniform(28, 42), rnd.uniform(28, 47))
        exclude = f"name{rnd.randint(0, 12)}"
        assert geo.near(pt, exclude) == geo._near_scan(pt, exclude)


def _toponyms(gaz, names):
    out, pos = [], 0
    for name, label in names:
        t = Toponym(pos, pos + len(name), name, label)
        t.cands = gaz.candidates(name)
        out.append(t)
        pos += len(name) + 2
    return out


def test_resolve_each_matches_one_at_a_time(gaz):
    trusted = _toponyms(gaz, [("Aleppo", "GPE"), ("Idlib", "GPE"), ("Syria", "GPE"), ("Atlanta", "GPE")])
    seed = {"c:SY": 0.5}
    resolve_toponyms(gaz, trusted, seed)
    rest = _toponyms(gaz, [("Athens", "RULER"), ("Gainesville", "PERSON"), ("Tall Rif'at", "ORG"),
                           ("Aleppo", "NORP"), ("Khan Shaykhun", "RULER"), ("Nowhere", "RULER")])
    plain = copy.deepcopy(rest)
    for t in plain:
        resolve_toponyms(gaz, [t], seed, passes=1, others=trusted)
    resolve_each(gaz, rest, seed, trusted)
    for a, b in zip(rest, plain):
        assert (a.best, a.scores, a.confidence, a.support) == (b.best, b.scores, b.confidence, b.support)


def test_first_best_candidate_wins_ties(gaz):
    t = Toponym(0, 6, "Athens", "GPE")
    t.cands = [Candidate(i, 1.0, "name") for i, _ in gaz._exact("athens")]
    t.scores = [5.0, 5.0]
    geo_resolve._finish(gaz, t, [0.0, 0.0])
    pops = [gaz.row(c.index)[9] for c in t.cands]
    assert t.best == pops.index(max(pops))


# ------------------------------------------------------------ regex scans
def _direct_single_loop(text, paras, covered):
    """The character loop the single-mark scan replaced."""
    out = []
    for ps, pe in paras:
        i = ps
        while i < pe:
            if text[i] in "‘'" and (i == ps or text[i - 1] in " \t([—–-“\"") and i + 1 < pe and text[i + 1].isalpha() \
                    and not any(s <= i < e for s, e in covered):
                close = next((j for j in range(i + 1, pe) if text[j] in "’'" and not text[j - 1].isspace()
                              and (j + 1 == pe or not text[j + 1].isalnum())), None)
                if close is not None:
                    out.append((i, close + 1, i + 1, close))
                    i = close
            i += 1
    return out


@pytest.mark.parametrize("text", [
    "He called it 'a precautionary step' and left.",
    "The Shi'ite militia's 'reinforcement' came. 'We are here,' he said.",
    "‘Rock ’n’ roll’ was ‘banned’ in 1990s.\n'Unclosed quote here\n'Another 'nested' one'",
    "“Double ‘single’ inside” and 'outside'.",
])
def test_single_marks_as_the_loop_found_them(text):
    double = [(a, b) for a, b, _, _ in _direct_spans(text) if text[a] not in "‘'"]
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    want = _direct_single_loop(text, paras, double)
    got = [s for s in _direct_spans(text) if text[s[0]] in "‘'"]
    trimmed = []
    for a, b, c, d in want:  # _direct_spans trims the contents
        while c < d and text[c].isspace():
            c += 1
        while d > c and (text[d - 1].isspace() or text[d - 1] in ",;:—–"):
            d -= 1
        if d > c:
            trimmed.append((a, b, c, d))
    assert got == trimmed


def test_mask_scan_matches_finditer():
    rnd = random.Random(3)
    alphabet = list("0123456789 +().-/:apmGMTUC,") + [" am", " p.m.", " GMT", "\n"]
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        assert _mask_spans(text) == [m.span() for m in _MASK_RE.finditer(text)]


# ------------------------------------------------------------ parsed text
@pytest.fixture(scope="module")
def nlp():
    from sitrep.errors import ConfigError

    try:
        return pipeline.load()
    except ConfigError as exc:  # pragma: no cover - model not installed
        pytest.skip(str(exc))


def test_reporting_verbs_from_arrays(nlp):
    doc = nlp("The spokesman said the convoy had crossed. According to the monitor, 20 people died. "
              "She was said to be ill, officials told reporters, adding that talks would resume. "
              "\"We will stay,\" Velkova stressed on Monday, while others denied it.")
    assert _arrays(doc).speech == {t.i for t in doc if _is_speech_verb(t)}
    assert _arrays(doc).idx == [t.idx for t in doc]

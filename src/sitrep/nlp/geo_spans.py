"""Finding possible place names in a spaCy ``Doc`` (see
:mod:`sitrep.nlp.places` for the rules and how they were measured): spaCy's
place entities, a gazetteer ruler over runs of capitalised words, fuzzy
lookups for runs with a locative cue or a feature word, the words around a
name (feature words, cues, ", Ga." qualifiers) and nationality adjectives."""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import geo_data
from .gazetteer import COUNTRY, REGION, Candidate, Gazetteer, normalise
from .geo_resolve import Toponym
from .pipeline import doc_memo, doc_text

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
CONNECTORS = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "en", "es", "et", "de", "du",
                        "des", "la", "le", "les", "of", "upon", "y", "da", "di", "del", "der", "van", "von", "sur"})
JOINERS = frozenset({"-", "'", "’", "‘", "`", "ʿ"})
CUE_WORDS = frozenset({"in", "near", "at", "from", "to", "into", "toward", "towards", "outside", "around",
                       "across", "via", "through", "inside", "between", "entered", "seized", "captured", "reached"})
CUE_NOUNS = frozenset({"city", "town", "village", "cities", "towns", "villages", "outskirts", "province",
                       "governorate", "countryside", "suburbs", "capital", "border", "area", "region"})
SKIP_BEFORE = frozenset({"the", "northern", "southern", "eastern", "western", "central", "rural", "north", "south",
                         "east", "west", "northwestern", "northeastern", "southwestern", "southeastern", "downtown",
                         "nearby", "neighbouring", "neighboring", "besieged", "strategic", "key", "town", "city", "of"})
MAX_TOKENS = 6
#: words after a town inside an entity that make the entity an institution
#: of the town ("Alexandria Police", "Dublin City Council"), not a person
INSTITUTION_WORDS = frozenset("""Police City County Mayor Council Commonwealth Sheriff Fire School Schools High
University College Department Board Area Township Public Community Historic Regional Memorial Hospital Airport
Zoo Library Times Herald Chamber Center Village Municipal District Metropolitan Parks Water Utilities""".split())
_REGION_AFTER = {"province", "governorate", "region", "state", "oblast", "prefecture", "emirate", "canton", "territory"}
_FEATURES = _REGION_AFTER | geo_data.DISTRICT_WORDS | geo_data.CROSSING_WORDS




# ---------------------------------------------------------------- finding
def _is_cap(t: str) -> bool:
    return t[:1].isupper() and any(c.isalpha() for c in t)


def _cap(tok) -> bool:
    return _is_cap(tok.text)


class _Toks:
    """The token attributes the finder reads, as plain lists (one pass over
    the Doc instead of a Token object per look), kept per Doc."""

    __slots__ = ("words", "lower", "caps", "ws", "alpha", "punct", "idx", "n")

    def __init__(self, doc) -> None:
        toks = list(doc)
        self.words = words = [t.text for t in toks]
        self.lower = [t.lower_ for t in toks]
        self.caps = [_is_cap(w) for w in words]
        self.ws = [bool(t.whitespace_) for t in toks]
        self.alpha = [t.is_alpha for t in toks]
        self.punct = [t.is_punct for t in toks]
        self.idx = [t.idx for t in toks]
        self.n = len(toks)

    def end(self, j: int) -> int:
        """Character offset where token ``j`` ends."""
        return self.idx[j] + len(self.words[j])


def _toks(doc) -> _Toks:
    memo = doc_memo(doc)
    tk = memo.get("geo_toks")
    if tk is None:
        tk = memo["geo_toks"] = _Toks(doc)
    return tk


def _chunks(doc, tk: _Toks | None = None) -> list[tuple[int, int]]:
    """Token ranges [i, j) of capitalised runs, e.g. "Ma'arrat al-Nu'man"."""
    tk = tk or _toks(doc)
    caps, words, lower, ws, alpha = tk.caps, tk.words, tk.lower, tk.ws, tk.alpha
    out, i, n = [], 0, tk.n
    while i < n:
        if not caps[i]:
            # a lower-case Arabic article glued to a capitalised word: "al-Bab"
            if not (lower[i] in CONNECTORS and i + 2 < n and words[i + 1] == "-" and caps[i + 2] and not ws[i]):
                i += 1
                continue
        j = i + 1
        while j < n:
            glued = not ws[j - 1]
            if caps[j] or (words[j] in JOINERS and glued) or (glued and words[j - 1] in JOINERS and alpha[j]):
                j += 1
            elif lower[j] in CONNECTORS and j + 1 < n and (caps[j + 1] or words[j + 1] == "-"):
                j += 1
            else:
                break
        while j > i + 1 and not (caps[j - 1] or alpha[j - 1]):
            j -= 1
        out.append((i, j))
        i = j
    return out


def _feature_after(doc, j: int, any_case: bool = False, tk: _Toks | None = None) -> tuple[str | None, int]:
    """("region" | "district" | "crossing" | None, token index after it).
    Only a lower-case word counts ("Hama province", not "Columbia State"),
    unless ``any_case`` (the last word of a spaCy place: "Idlib Province")."""
    tk = tk or _toks(doc)
    if j >= tk.n or not (any_case or tk.words[j].islower()):
        return None, j
    w = tk.lower[j]
    w = w[:-1] if w.endswith("s") and w[:-1] in _FEATURES else w
    if w == "border" and j + 1 < tk.n and tk.lower[j + 1] == "crossing":
        return "crossing", j + 2
    if w in _REGION_AFTER:
        return "region", j + 1
    if w in geo_data.DISTRICT_WORDS:
        return "district", j + 1
    if w in geo_data.CROSSING_WORDS and w != "border":
        return "crossing", j + 1
    return None, j


def _cue_before(doc, i: int, tk: _Toks | None = None) -> tuple[bool, str | None]:
    """Whether a locative cue precedes token ``i`` (skipping "the",
    "northern", "Syria's"); and a feature set by a phrase like "province
    of"."""
    tk = tk or _toks(doc)
    lower = tk.lower
    k, steps = i - 1, 0
    while k >= 0 and steps < 5:
        w = lower[k]
        if w in CUE_WORDS:
            return True, None
        if w == "of" and k > 0 and lower[k - 1] in CUE_NOUNS:
            return True, "region" if lower[k - 1] in ("province", "governorate") else None
        if w in ("and", "or", ","):
            return False, "list"
        if w in SKIP_BEFORE or w in ("'s", "’s") or (tk.caps[k] and k + 1 < tk.n and tk.words[k + 1] in ("'s", "’s")):
            k -= 1
            steps += 1
            continue
        return False, None
    return False, None


_TOWN_STATE = re.compile(r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),\s*([A-Z][a-z]{0,4}\.|[A-Z]\.\s?[A-Z][a-z]{0,3}\.)")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_QUAL = re.compile(r"\s*,\s*([A-Z][A-Za-z.]*(?:\s?[A-Z][A-Za-z.]*)?)")


def _qualifier(text: str, end: int, gaz: Gazetteer, cands=()) -> tuple[tuple[str, str] | None, int, int]:
    """"Gainesville, Ga." / "Paris, France" / "Atlanta, Georgia": the unit
    named after the comma and its character span. A name that is both a
    state and a country (Georgia) is read as the one that holds one of
    ``cands`` (the place's own candidates)."""
    m = _QUAL.match(text, end)
    if not m:
        return None, 0, 0
    units = {(gaz.row(c.index)[7], gaz.row(c.index)[6]) for c in cands}
    for cand in (m.group(1), m.group(1).split()[0]):
        s, e = m.start(1), m.start(1) + len(cand)
        word = cand if cand in geo_data.US_STATE_ABBR else cand.rstrip(".")
        if word in geo_data.US_STATE_ABBR and (len(word) > 2 or word.isupper()):
            if not word.endswith(".") and cand.endswith("."):
                e -= 1
            return ("admin1", geo_data.US_STATE_ABBR[word]), s, e
        options = []
        for c in gaz.candidates(word, fuzzy=False):
            row = gaz.row(c.index)
            if row[3] == COUNTRY:
                options.append((any(cc == row[6] for _, cc in units), 1, ("country", row[6])))
            elif row[3] == REGION and c.how == "name":
                options.append((any(a1 == row[7] for a1, _ in units), 0, ("admin1", row[7])))
        if options:
            return max(options)[2], s, s + len(word)
    return None, 0, 0


def _acronym(name: str) -> bool:
    """"HTS", "SNA", "ISIS": all capitals and short (GeoNames lists such
    codes as alternate names of towns)."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) <= 4 and all(c.isupper() for c in letters)


def candidate_toponyms(doc, gaz: Gazetteer, context_countries: Sequence[str] = ()) -> tuple[list[Toponym], dict[str, float]]:
    """Possible place names of ``doc`` (see the module docstring) and the
    countries its nationality adjectives point to."""
    text = doc_text(doc)
    tk = _toks(doc)
    words, lower, caps, ws, idx, n = tk.words, tk.lower, tk.caps, tk.ws, tk.idx, tk.n
    demonym_cc: dict[str, float] = {}
    ents = doc.ents
    ent_at: dict[int, object] = {}
    for ent in ents:
        for k in range(ent.start, ent.end):
            ent_at[k] = ent
    found: dict[tuple[int, int], Toponym] = {}
    starts: dict[int, Toponym] = {}

    def add(i: int, j: int, label: str, *, fuzzy_countries: tuple[str, ...] | None = None) -> None:
        while i < j and lower[i] == "the":
            i += 1
        while j > i and (tk.punct[j - 1] or words[j - 1] in ("'s", "’s")):
            j -= 1
        if i >= j:
            return
        feature, after = _feature_after(doc, j, tk=tk)
        full = text[idx[i]: tk.end(j - 1)]
        last_feature = _feature_after(doc, j - 1, True, tk=tk)[0]
        if last_feature and j - i > 1 and not gaz.has(full) and full not in geo_data.SPECIAL_REGIONS:
            feature = last_feature
            j -= 1
        start, end = idx[i], tk.end(j - 1)
        name = text[start:end].rstrip(".") if not _INITIALS.fullmatch(text, start, end) else text[start:end]
        end = start + len(name)
        low = name.lower()
        if low in geo_data.NOT_PLACES or (low in geo_data.COMMON_WORDS and not _QUAL.match(text, end)):
            return
        if low in geo_data.DEMONYMS or low.rstrip("s") in geo_data.DEMONYMS:
            cc = geo_data.DEMONYMS.get(low) or geo_data.DEMONYMS[low.rstrip("s")]
            demonym_cc[cc] = min(1.0, demonym_cc.get(cc, 0.0) + 0.5)
            return
        if (start, end) in found:
            return
        cue, pre = _cue_before(doc, i, tk=tk)
        t = Toponym(start, end, name, label, feature or (pre if pre in ("region",) else None), cue=cue)
        if pre == "list":
            k = i - 1
            while k >= 0 and lower[k] in ("and", "or", ","):
                k -= 1
            t.after = tk.end(k) if k >= 0 else None
        t.cands = gaz.candidates(name, fuzzy=False)
        if not t.cands and name in geo_data.SPECIAL_REGIONS:
            t.lookup_text = geo_data.SPECIAL_REGIONS[name][1]
            t.cands = gaz.candidates(t.lookup_text, fuzzy=False)
        if not t.cands and (fuzzy_countries is not None or label in PLACE_LABELS):
            t.cands = gaz.candidates(name, countries=fuzzy_countries or tuple(demonym_cc))
        if t.feature == "district" and gaz.has(name + " District"):
            t.lookup_text, t.feature = name + " District", "region"
            t.cands = gaz.candidates(t.lookup_text, fuzzy=False)
        q, qs, qe = _qualifier(text, end, gaz, t.cands)
        if q:
            t.qualifier = q
            qt = Toponym(qs, qe, text[qs:qe], "QUAL")
            if q[0] == "admin1":
                a1 = gaz.admin_index(q[1])
                qt.cands = [Candidate(a1, 1.0, "name")] if a1 is not None else []
            else:
                qt.cands = [c for c in gaz.candidates(qt.text, fuzzy=False) if gaz.row(c.index)[3] == COUNTRY]
            found.setdefault((qs, qe), qt)
        found[(start, end)] = t
        starts[start] = t

    # 1. spaCy's own places
    for ent in ents:
        if ent.label_ in PLACE_LABELS:
            add(ent.start, ent.end, ent.label_)
        elif ent.label_ == "NORP":
            low = ent.text.lower()
            if low in geo_data.DEMONYMS or low.rstrip("s") in geo_data.DEMONYMS:
                add(ent.start, ent.end, "NORP")  # records the country, adds nothing
    taken = {k for (s, e) in found for k in range(s, e)}
    countries = set(demonym_cc) | set(context_countries)
    for t in list(found.values()):
        for c in t.cands:
            if gaz.row(c.index)[3] == COUNTRY:
                countries.add(gaz.row(c.index)[6])
    countries_t = tuple(sorted(countries))
    # 2. a run with a cue or feature word, whole (exact, then fuzzily in the
    # document's countries); 3. the gazetteer ruler over the rest, longest first
    for ci, cj in _chunks(doc, tk):
        s, e = idx[ci], tk.end(cj - 1)
        if not taken.isdisjoint(range(s, e)):
            continue
        cue, pre = _cue_before(doc, ci, tk=tk)
        feat, _ = _feature_after(doc, cj, tk=tk)
        if (cue or feat or pre == "list") and cj - ci <= MAX_TOKENS and not _acronym(text[s:e]):
            name = text[s:e]
            if feat == "district" or gaz.has(name) or (countries_t and gaz.candidates(name, countries=countries_t)):
                ent = ent_at.get(ci)
                add(ci, cj, ent.label_ if ent is not None and ent.start <= ci and ent.end >= cj else "RULER",
                    fuzzy_countries=countries_t)
                continue
        i = ci
        while i < cj:
            hit = None
            glued_article = lower[i] in CONNECTORS and i + 1 < cj and words[i + 1] == "-" and not ws[i]
            if (i > 0 and not ws[i - 1] and words[i - 1] in JOINERS) or not (caps[i] or glued_article):
                i += 1  # never start inside "Al-Mughayr", nor at "at" in "Class at Columbia"
                continue
            for j in range(min(cj, i + MAX_TOKENS), i, -1):
                if j < n and not ws[j - 1] and words[j] in JOINERS:
                    continue  # never end inside one either
                span_text = text[idx[i]: tk.end(j - 1)]
                if len(normalise(span_text)) < 3 and not _acronym(span_text):
                    continue
                if caps[j - 1] and (gaz.has(span_text) or span_text in geo_data.SPECIAL_REGIONS):
                    hit = j
                    break
            if hit is None:
                i += 1
                continue
            span_text = text[idx[i]: tk.end(hit - 1)]
            ok = not (hit - i == 1 and doc[i].is_stop) and (
                span_text.lower() not in geo_data.COMMON_WORDS or _QUAL.match(text, tk.end(hit - 1)))
            if ok and (not _acronym(span_text) or any(gaz.row(c.index)[3] == COUNTRY for c in gaz.candidates(span_text, fuzzy=False))):
                ent = ent_at.get(i)
                if ent is None:
                    add(i, hit, "RULER")
                elif ent.label_ not in PLACE_LABELS:
                    inside = ent.start < i or ent.end > hit
                    add(i, hit, f"IN-{ent.label_}" if inside else ent.label_)
                    lead = i == ent.start or (lower[ent.start] == "the" and i == ent.start + 1) or lower[i - 1] == "of"
                    if inside and idx[i] in starts and (
                            (hit < ent.end and words[hit] in INSTITUTION_WORDS) or (ent.label_ != "PERSON" and lead)):
                        starts[idx[i]].inst = True
            i = hit
    # 4. "<Town>, <State abbreviation>" that nothing above found ("Columbia, S.C.")
    for m in _TOWN_STATE.finditer(text):
        if m.group(2) in geo_data.US_STATE_ABBR and taken.isdisjoint(range(m.start(1), m.end(1))):
            span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            if span is not None and (span.start_char, span.end_char) not in found and gaz.has(m.group(1)):
                ent = ent_at.get(span.start)
                add(span.start, span.end, ent.label_ if ent is not None and ent.label_ in PLACE_LABELS else "RULER")
    tops = sorted(found.values(), key=lambda t: t.start)
    return tops, demonym_cc

"""Named entities of one document, with within-document alias resolution.

A document stage: a pure function of one parsed ``Doc`` (it needs the NER
spans; POS tags are used when present), so it runs wherever the parse runs
(process pool, Spark partition). It costs about 1-2% of the parse (bench:
``bench/entities_seeds.py``). Every mention is a character span into the
document text; a mention carries its entity's label, and ``DocEntity.key``
(``names_norm.name_key`` of the entity's name) is unique in the document.
The corpus stage is :mod:`sitrep.nlp.aliases`.

:func:`find_entities` starts from spaCy's NER spans and applies, in order
(the span rules live in :mod:`sitrep.nlp.names_spans`, the word lists in
:mod:`sitrep.nlp.names_tables`):

Boundaries and labels (cheap, local repairs of frequent NER errors)
    - Numeric labels (DATE, TIME, CARDINAL, …) are not entities.
    - Spans are split at brackets ("Popular Mobilization Forces (Hashd
      al-Shaabi" -> two spans); leading articles, trailing possessives
      ("Assad's") and punctuation are trimmed; spans with no capital letter
      ("fig", "defence ministry") or made of one generic word ("Army",
      "State") go.
    - Person titles are stripped ("President Bashar Assad" -> "Bashar
      Assad"; names_tables.TITLES) and make the span a PERSON; a title just
      before a span makes it a PERSON too ("Foreign Minister Hakan Fidan").
    - A PERSON span opening with a place word ("Tal Rifaat", "Kafr Nabl",
      "Deir ez-Zor") is a place (GPE).
    - A transliterated Arabic organisation word opens an ORG ("Harakat
      al-Nujaba", "Kata'ib Hezbollah", "Saraya al-Najm"; "Hay'at" only with
      its apostrophe, "Hayat" is also a given name): such spans are
      relabelled, extended to the left, or created when NER missed them.
    - A proper name followed by "group(s)", "militia", "faction", … (also
      through a coordination: "the Badr and Nujabaa groups") is an ORG,
      unless it is an adjective of nationality.
    - A lower-case feature noun completes a place name ("the Zarin dam" ->
      "Zarin dam", FAC); a lower-case group noun completes an ORG ("the
      Guard committees").
    - Editorial insertions complete a name: "[Bashar al-]Assad's" is a
      mention "Assad" of the name "Bashar al-Assad".

Aliases (each links two mentions of one entity)
    - Acronyms defined in brackets, either way round: "Popular Mobilisation
      Forces (PMF)", "PMF (Popular Mobilisation Forces)"; the long form is
      checked with the Schwartz-Hearst letter match, and found in the
      preceding words when NER missed it ("Hayat Tahrir Al Sham (HTS)").
      Every later occurrence of a defined acronym is a mention.
    - Glosses: "(Hashd al-Shaabi in Arabic)", "(also known as …)", "(or …)",
      and, after an organisation only, an unmarked bracketed name ("(Daesh)")
      that is not a place; ", known as X" after a name.
    - Same normalised key (names_norm.name_key: case, diacritics, articles,
      transliteration and spelling variants, country exonyms).
    - Surnames: a one-word name joins the one person in the document whose
      full name ends with it ("Bahra" after "Hadi al-Bahra"); when two
      people share it ("Bashar al-Assad", "Maher al-Assad") it joins neither.
      Two full names with the same first and last words are one person.
    - Organisation heads: "Nujaba" joins "Harakat al-Nujaba" and "Badr"
      joins "Badr Organisation" when exactly one organisation in the
      document has that head with a droppable generic word (movement,
      organisation, group, party); names with the same head and the same
      kind of generic word are one ("Saraya al-Najm" = "Najm Brigades").
    - Tails: "Guard committees" joins "National Guard Committees" when it
      is the tail (ending with a generic word) of exactly one longer name.
    - An acronym never defined in the text joins the one multi-word name
      whose word initials spell it (three letters or more).

Nothing else is merged: "the Kremlin" and "Moscow" stay apart from Russia.
The entity's label is the vote of its mentions (a rule's label counts
three times spaCy's), GPE for a country; its name is the most frequent full
form (not an acronym, gloss or tail, not a one-word form when a longer one
exists), the longest among ties.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .names_norm import fold, head_kind, is_acronym, is_country_key, name_key, person_parts
from .names_spans import LOWER_FUNCTION, Cand, candidates
from .names_tables import DROPPABLE_KINDS, GENERIC_ORG_WORDS
from .pipeline import doc_text

VERSION = "1"
LABEL_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")


@dataclass
class EntityMention:
    start: int
    end: int
    text: str
    label: str
    key: str


@dataclass
class DocEntity:
    key: str
    name: str
    label: str
    forms: list[str]
    mentions: list[EntityMention]


def find_entities(doc) -> list[DocEntity]:
    """Entities of one parsed document (see the module docstring)."""
    return _group(doc_text(doc), candidates(doc))


# ------------------------------------------------------------------ grouping


class _UF:
    def __init__(self, n: int):
        self.p = list(range(n))

    def find(self, x: int) -> int:
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.p[max(a, b)] = min(a, b)

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.p)):
            out.setdefault(self.find(i), []).append(i)
        return out


def _vote(ms: list[Cand]) -> str:
    c: Counter = Counter()
    for m in ms:
        c[m.label] += 3 if m.rule else 1
    best = max(c.values())
    for lab in LABEL_ORDER:
        if c.get(lab) == best:
            return lab
    return sorted(k for k, v in c.items() if v == best)[0]


def _group(text: str, cands: list[Cand]) -> list[DocEntity]:
    n = len(cands)
    uf = _UF(n)
    idx = {id(m): i for i, m in enumerate(cands)}
    keys = [name_key(m.form) for m in cands]
    first: dict[str, int] = {}
    for i, k in enumerate(keys):
        if k in first:
            uf.union(first[k], i)
        else:
            first[k] = i
    for i, m in enumerate(cands):
        for other in m.links:
            if id(other) in idx:
                uf.union(i, idx[id(other)])
    _persons(uf, cands, keys)
    _org_heads(uf, cands, keys)
    _tails(uf, cands, keys)
    _loose_acronyms(uf, cands, keys)
    out = []
    for members in uf.groups().values():
        out.append(_entity(text, [cands[i] for i in members], [keys[i] for i in members]))
    out.sort(key=lambda e: e.mentions[0].start)
    return out


def _group_info(uf: _UF, cands: list[Cand], keys: list[str]):
    g = uf.groups()
    labels = {r: _vote([cands[i] for i in ms]) for r, ms in g.items()}
    return g, labels


def _persons(uf: _UF, cands: list[Cand], keys: list[str]) -> None:
    g, labels = _group_info(uf, cands, keys)
    by_last: dict[str, set[int]] = {}
    by_pair: dict[tuple[str, str], set[int]] = {}
    for r, ms in g.items():
        if labels[r] != "PERSON":
            continue
        for i in ms:
            pp = person_parts(keys[i]) if cands[i].role == "full" else None
            if pp:
                by_last.setdefault(pp[1], set()).add(r)
                by_pair.setdefault(pp, set()).add(r)
    for roots in by_pair.values():
        roots = sorted(roots)
        for r in roots[1:]:
            uf.union(roots[0], r)
    for r, ms in g.items():
        ks = {keys[i] for i in ms if cands[i].role != "acronym"}
        if labels[r] == "NORP" or not ks or any(len(k.split()) != 1 for k in ks) or any(is_country_key(k) for k in ks):
            continue
        roots = {uf.find(x) for k in ks for x in by_last.get(k, ())} - {uf.find(r)}
        if len(roots) == 1:
            uf.union(r, roots.pop())


def _org_heads(uf: _UF, cands: list[Cand], keys: list[str]) -> None:
    g, labels = _group_info(uf, cands, keys)
    heads: dict[str, set[tuple[int, str]]] = {}
    for r, ms in g.items():
        if labels[r] == "PERSON" and not any(cands[i].rule and cands[i].label == "ORG" for i in ms):
            continue
        for i in ms:
            if cands[i].role == "acronym":
                continue
            h, kind, stripped = head_kind(cands[i].form)
            if stripped and h and kind:
                heads.setdefault(h, set()).add((r, kind))
    for h, rk in heads.items():
        by_kind: dict[str, list[int]] = {}
        for r, kind in rk:
            by_kind.setdefault(kind, []).append(r)
        for roots in by_kind.values():
            roots = sorted(roots)
            for r in roots[1:]:
                uf.union(roots[0], r)
    for r, ms in g.items():
        if labels[r] in ("NORP", "GPE", "LOC", "FAC"):
            continue
        for i in ms:
            h = keys[i]
            if h not in heads or cands[i].role == "acronym":
                continue
            roots = {uf.find(x) for x, kind in heads[h] if kind in DROPPABLE_KINDS} - {uf.find(r)}
            others = {uf.find(x) for x, kind in heads[h] if kind not in DROPPABLE_KINDS} - {uf.find(r)}
            if len(roots) == 1 and not others - roots:
                uf.union(r, roots.pop())
                break


def _tails(uf: _UF, cands: list[Cand], keys: list[str]) -> None:
    longs = [(i, keys[i]) for i, m in enumerate(cands) if m.role == "full" and len(keys[i].split()) >= 3]
    if not longs:
        return
    for i, m in enumerate(cands):
        w = keys[i].split()
        if len(w) < 2 or fold(m.form).split()[-1] not in GENERIC_ORG_WORDS:
            continue
        roots = {uf.find(j) for j, k in longs if k.endswith(" " + keys[i]) and len(k.split()) > len(w)}
        roots.discard(uf.find(i))
        if len(roots) == 1:
            m.role = "tail"
            uf.union(i, roots.pop())


def _initials(form: str) -> str:
    words = [w for w in re.split(r"[\s-]+", form) if w and fold(w) not in LOWER_FUNCTION]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def _loose_acronyms(uf: _UF, cands: list[Cand], keys: list[str]) -> None:
    g, _ = _group_info(uf, cands, keys)
    bare = [r for r, ms in g.items() if all(is_acronym(cands[i].form) for i in ms)]
    if not bare:
        return
    longs = [(i, _initials(m.form)) for i, m in enumerate(cands) if len(m.form.split()) >= 2 and m.role == "full"]
    for r in bare:
        acr = re.sub(r"[^A-Z0-9]", "", cands[g[r][0]].form.upper())
        if len(acr) < 3:
            continue
        roots = {uf.find(i) for i, ini in longs if ini == acr} - {uf.find(r)}
        if len(roots) == 1:
            uf.union(r, roots.pop())


def _entity(text: str, ms: list[Cand], keys: list[str]) -> DocEntity:
    ms_sorted = sorted(zip(ms, keys), key=lambda p: p[0].start)
    label = _vote(ms)
    group_keys = set(keys)
    if label not in ("NORP",) and any(is_country_key(k) for k in group_keys):
        label = "GPE"
    multi = any(len(k.split()) > 1 for m, k in ms_sorted if m.role == "full")
    elig = [m.form for m, k in ms_sorted if m.role == "full" and not (multi and len(k.split()) == 1)]
    if not elig:
        elig = [m.form for m, _ in ms_sorted if m.role in ("full", "gloss", "tail")] or [ms_sorted[0][0].form]
    counts = Counter(elig)
    name = sorted(counts, key=lambda f: (-counts[f], -len(f), elig.index(f)))[0]
    key = name_key(name)
    forms = [name]
    for m, _ in ms_sorted:
        if m.form not in forms:
            forms.append(m.form)
    mentions = [EntityMention(m.start, m.end, text[m.start : m.end], label, key) for m, _ in ms_sorted]
    return DocEntity(key=key, name=name, label=label, forms=forms, mentions=mentions)


__all__ = ["DocEntity", "EntityMention", "find_entities"]

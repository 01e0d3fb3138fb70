"""Corpus stage: merge the entities of many documents into corpus entities.

:func:`merge_entities` joins document entities (``entities.DocEntity``) by
rules that each need textual evidence; the rules run in this order over a
union-find of (document, entity) nodes:

1. **Same key.** Any two names with the same normalised key
   (``names_norm.name_key``: case, diacritics, articles al-/Al/el-/the,
   hyphens, British/American spelling, transliteration variants such as
   Nujaba/Nujabaa or Nazim/Nadhim, country exonyms such as
   Turkey/Türkiye/Turkiye). Weak forms are not keys here: a person's
   one-word forms ("Assad", rule 3 handles them) and any form that ends
   another form of the same document entity ("Ford" of "Robert Ford",
   "City Council" of "Athens City Council"). A weak form only pulls in a
   document entity whose own name it is ("Guard committees" alone) when
   exactly one corpus entity holds it.
2. **Acronyms.** An acronym defined in any document ("Popular Mobilisation
   Forces (PMF)") joins its long forms, and a document that only uses the
   acronym joins them too, when every defining document agrees on the long
   form (same key, or a close spelling); two documents that define "SNA"
   differently leave a bare "SNA" alone. An acronym defined nowhere joins
   the one multi-word name whose word initials spell it (three letters or
   more).
3. **People.** Full names with the same first and last words are one
   person ("Bashar al-Assad", "Bashar Hafez al-Assad"). A one-word PERSON
   ("Assad", or a document's entity that only ever says "Assad") joins the
   one person in the corpus whose last name it is (a one-word ORG "Ford"
   does not join "John Ford"; an entity that already has a full name never
   takes a second one); with two candidates ("Bashar al-Assad", "Maher
   al-Assad") it joins neither (the bare "Assad"s of all documents form
   one entity of their own); with none, it joins the same one-word name
   elsewhere (a place NER took for a person).
4. **Organisation heads.** Names reduced to their head by dropping generic
   words (names_tables: "Harakat al-Nujaba" -> nujaba, movement; "Al-Nujaba
   Movement" -> nujaba, movement; "Najm Brigades"/"Saraya al-Najm" -> najm,
   brigades) are one when head and kind agree. A bare head ("Nujaba",
   "Badr", "Tahrir al-Sham") joins them when exactly one organisation has
   that head with a droppable kind (movement, organisation, group, party)
   and none has it with another kind, so "Hezbollah" never joins "Kata'ib Hezbollah"
   (brigades) and "Quds Force" stays apart from "Quds Brigades".
5. **Spelling variants of places and groups.** Two names of the same
   length and the same consonants in the same order (so they differ only by
   vowels swapped in place) and a key similarity (rapidfuzz ratio) of at
   least 70 are one: "Zerin Dam"/"Zarin dam", "Tal Qasr"/"Tel Kasr",
   "Hezbollah"/"Hizbullah". A one-word name needs four consonants
   ("Gaza"/"Giza", "China"/"Chino" stay apart); an inserted or dropped
   letter is not a transliteration ("Angeles"/"Angels", "Kodak"/"Kodiak",
   "Kostrel"/"Kostreli"), nor is a vowel moved ("Saints"/"Santas"). Never
   for people, unless both names carry a toponym word, and never for
   nationality adjectives (NORP).

Guard: a union that would put two people with different full names (whose
first or last words differ) into one entity is refused, whatever the rule.

The canonical name of an entity is its most frequent full form (counted by
mentions; not an acronym, not a bare surname or head when a longer form
exists), the longest among ties; the id is "e-" + a hash of that name's key.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz.fuzz import ratio

from .entities import DocEntity
from .names_norm import (
    consonant_count,
    has_toponym_word,
    head_kind,
    is_acronym,
    is_country_key,
    name_key,
    person_parts,
    skeleton,
)
from .names_tables import DROPPABLE_KINDS

VERSION = "1"
FUZZY_MIN_RATIO = 70  # Hezbollah/Hizbullah: 71
FUZZY_MIN_CONSONANTS = 3  # in a name of two words or more
FUZZY_MIN_CONSONANTS_ONE_WORD = 4  # China/Chino, Gaza/Giza are too short to tell
ACRONYM_LONG_FORM_RATIO = 85


@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str]
    documents: list[str]


@dataclass
class _Node:
    doc: str
    ent: DocEntity
    person: bool
    keys: set[str] = field(default_factory=set)  # full-form keys (rule 1)
    weak: set[str] = field(default_factory=set)  # keys of forms that end a longer form
    acronyms: set[str] = field(default_factory=set)
    defined: bool = False  # has an acronym and a long form
    sole: str | None = None  # the key of an entity with one name only (an org head?)
    bare: str | None = None  # the same when it is one word (a surname?)
    pairs: set[tuple[str, str]] = field(default_factory=set)  # person (first, last)


def _acr(form: str) -> str:
    return "".join(c for c in form.upper() if c.isalnum())


def _node(doc: str, ent: DocEntity) -> _Node:
    n = _Node(doc, ent, ent.label == "PERSON")
    keys = []
    for f in ent.forms:
        if is_acronym(f) and not is_country_key(name_key(f)):
            n.acronyms.add(_acr(f))
        elif name_key(f):
            keys.append((f, name_key(f)))
    for f, k in keys:
        # a form that ends another form of the entity ("Ford" of "Robert Ford",
        # "City Council" of "Athens City Council") is weak: it may only pull
        # in a bare name that nobody else claims
        if (n.person and " " not in k) or any(k2.endswith(" " + k) for _, k2 in keys):
            n.weak.add(k)
            continue
        n.keys.add(k)
        if n.person and not has_toponym_word(f):
            pp = person_parts(k)
            if pp:
                n.pairs.add(pp)
    n.defined = bool(n.acronyms and keys)
    if n.acronyms and not keys:
        n.keys |= {"acr:" + a for a in n.acronyms}
    distinct = {k for _, k in keys}
    if len(distinct) == 1:
        n.sole = next(iter(distinct))
        if " " not in n.sole:
            n.bare = n.sole
    return n


class _Clusters:
    """Union-find over nodes that refuses to join two different people."""

    def __init__(self, nodes: list[_Node]):
        self.p = list(range(len(nodes)))
        self.pairs = [set(n.pairs) for n in nodes]

    def find(self, x: int) -> int:
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a: int, b: int) -> bool:
        a, b = self.find(a), self.find(b)
        if a == b:
            return True
        pa, pb = self.pairs[a], self.pairs[b]
        if pa and pb and not (pa & pb):
            return False
        a, b = min(a, b), max(a, b)
        self.p[b] = a
        self.pairs[a] = pa | pb
        return True

    def roots(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.p)):
            out.setdefault(self.find(i), []).append(i)
        return out


def merge_entities(
    per_doc: Mapping[str, list[DocEntity]],
) -> tuple[list[Entity], dict[tuple[str, str], str]]:
    """Corpus entities and the map (document id, document entity key) ->
    entity id. Deterministic for a given input (documents are visited in
    sorted order)."""
    nodes = [_node(d, e) for d in sorted(per_doc) for e in per_doc[d]]
    uf = _Clusters(nodes)
    _same_key(uf, nodes)
    _weak_keys(uf, nodes)
    _acronyms(uf, nodes)
    _people(uf, nodes)
    _heads(uf, nodes)
    _fuzzy(uf, nodes)
    return _build(uf, nodes)


def _same_key(uf: _Clusters, nodes: list[_Node]) -> None:
    first: dict[str, int] = {}
    for i, n in enumerate(nodes):
        for k in sorted(n.keys):
            if k in first:
                uf.union(first[k], i)
            else:
                first[k] = i


def _cluster_keys(uf: _Clusters, nodes: list[_Node]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for i, n in enumerate(nodes):
        out.setdefault(uf.find(i), set()).update(n.keys)
    return out


def _weak_keys(uf: _Clusters, nodes: list[_Node]) -> None:
    """A multi-word weak form pulls in the entities named only by it."""
    holders: dict[str, set[int]] = {}
    for i, n in enumerate(nodes):
        if not n.person:
            for k in sorted(n.weak):
                if " " in k:
                    holders.setdefault(k, set()).add(i)
    ckeys = _cluster_keys(uf, nodes)
    for i, n in enumerate(nodes):
        if len(n.keys) != 1 or ckeys[uf.find(i)] != n.keys:
            continue
        (k,) = n.keys
        roots = {uf.find(j) for j in holders.get(k, ())} - {uf.find(i)}
        if len(roots) == 1:
            uf.union(roots.pop(), i)


def _acronyms(uf: _Clusters, nodes: list[_Node]) -> None:
    definers: dict[str, list[int]] = {}
    users: dict[str, list[int]] = {}
    for i, n in enumerate(nodes):
        for a in sorted(n.acronyms):
            (definers if n.defined else users).setdefault(a, []).append(i)
    for a, idx in definers.items():
        longs = {i: sorted(nodes[i].keys) for i in idx}
        agree = True
        base = idx[0]
        for i in idx[1:]:
            if uf.find(i) == uf.find(base):
                continue
            if not any(ratio(x, y) >= ACRONYM_LONG_FORM_RATIO for x in longs[base] for y in longs[i]):
                agree = False
                break
        if agree:
            for i in idx[1:]:
                uf.union(base, i)
        roots = {uf.find(i) for i in idx}
        if len(roots) == 1:
            for i in users.get(a, []):
                uf.union(base, i)
    # acronyms defined nowhere: the one multi-word name whose initials spell them
    initials: dict[str, set[int]] = {}
    for i, n in enumerate(nodes):
        for k in n.keys:
            if k.startswith("acr:") or n.person:
                continue
            words = [w for w in k.split() if w not in {"of", "for", "and", "in", "on", "to"}]
            if len(words) >= 2:
                initials.setdefault("".join(w[0] for w in words).upper(), set()).add(i)
    for a, idx in users.items():
        if a in definers or len(a) < 3:
            continue
        roots = {uf.find(i) for i in initials.get(a, ())}
        if len(roots) == 1:
            target = roots.pop()
            for i in idx:
                uf.union(target, i)


def _people(uf: _Clusters, nodes: list[_Node]) -> None:
    by_pair: dict[tuple[str, str], list[int]] = {}
    for i, n in enumerate(nodes):
        for p in sorted(n.pairs):
            by_pair.setdefault(p, []).append(i)
    for idx in by_pair.values():
        for i in idx[1:]:
            uf.union(idx[0], i)
    by_last: dict[str, set[int]] = {}
    for i, n in enumerate(nodes):
        for _, last in n.pairs:
            by_last.setdefault(last, set()).add(i)
    by_key: dict[str, int] = {}
    for i, n in enumerate(nodes):
        for k in sorted(n.keys):
            by_key.setdefault(k, i)
    ckeys = _cluster_keys(uf, nodes)
    ambiguous: dict[str, int] = {}
    for i, n in enumerate(nodes):
        if n.bare is None or n.pairs or not n.person or is_country_key(n.bare):
            continue
        if any(" " in k for k in ckeys.get(uf.find(i), ())):
            continue  # already part of a named entity: no second person
        roots = {uf.find(j) for j in by_last.get(n.bare, ())} - {uf.find(i)}
        if len(roots) == 1:
            uf.union(roots.pop(), i)
        elif not roots:
            # nobody in the corpus has this last name: the one-word name is
            # a name of its own ("Kostrel" mislabelled PERSON joins "Kostrel")
            uf.union(by_key.setdefault(n.bare, i), i)
        else:
            # two people share it: the bare name is one ambiguous entity
            uf.union(ambiguous.setdefault(n.bare, i), i)


def _heads(uf: _Clusters, nodes: list[_Node]) -> None:
    heads: dict[str, list[tuple[int, str]]] = {}
    for i, n in enumerate(nodes):
        if n.pairs:
            continue
        for f in n.ent.forms:
            if is_acronym(f) or name_key(f) in n.weak:
                continue
            h, kind, stripped = head_kind(f)
            if stripped and h and kind:
                heads.setdefault(h, []).append((i, kind))
    for h, items in heads.items():
        by_kind: dict[str, list[int]] = {}
        for i, kind in items:
            by_kind.setdefault(kind, []).append(i)
        for idx in by_kind.values():
            for i in idx[1:]:
                uf.union(idx[0], i)
    for i, n in enumerate(nodes):
        if n.sole is None or n.sole not in heads or n.ent.label in ("NORP", "GPE", "LOC", "FAC"):
            continue
        items = heads[n.sole]
        good = {uf.find(j) for j, kind in items if kind in DROPPABLE_KINDS}
        bad = {uf.find(j) for j, kind in items if kind not in DROPPABLE_KINDS}
        good.discard(uf.find(i))
        if len(good) == 1 and not (bad - good):
            uf.union(good.pop(), i)


def _vowels_swapped(a: str, b: str) -> bool:
    """Same length, and wherever the letters differ both are vowels."""
    return len(a) == len(b) and all(x == y or (x in "aeiouy" and y in "aeiouy") for x, y in zip(a, b))


def _fuzzy(uf: _Clusters, nodes: list[_Node]) -> None:
    """Vowel-spelling variants: same length, same consonants (so the names
    differ only by vowels swapped in place: Zerin/Zarin, Hezbollah/Hizbullah;
    not Angeles/Angels or Kodak/Kodiak), similar enough, long enough."""
    buckets: dict[tuple[int, str], list[tuple[int, str, bool]]] = {}
    for i, n in enumerate(nodes):
        for f in n.ent.forms:
            k = name_key(f)
            if is_acronym(f) or k in n.weak or n.ent.label == "NORP":
                continue
            least = FUZZY_MIN_CONSONANTS if " " in k else FUZZY_MIN_CONSONANTS_ONE_WORD
            if consonant_count(k) < least:
                continue
            topo = has_toponym_word(f)
            if n.person and not topo:
                continue
            buckets.setdefault((len(k), skeleton(k)), []).append((i, k, topo))
    for items in buckets.values():
        for a in range(len(items)):
            i, ki, ti = items[a]
            for b in range(a + 1, len(items)):
                j, kj, tj = items[b]
                if uf.find(i) == uf.find(j):
                    continue
                if (nodes[i].person or nodes[j].person) and not (ti and tj):
                    continue
                if _vowels_swapped(ki, kj) and ratio(ki, kj) >= FUZZY_MIN_RATIO:
                    uf.union(i, j)


def _build(uf: _Clusters, nodes: list[_Node]) -> tuple[list[Entity], dict[tuple[str, str], str]]:
    entities: list[Entity] = []
    mapping: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for members in sorted(uf.roots().values(), key=lambda m: (nodes[m[0]].doc, nodes[m[0]].ent.key)):
        ns = [nodes[i] for i in members]
        name = _canonical(ns)
        types: Counter = Counter()
        for n in ns:
            types[n.ent.label] += len(n.ent.mentions)
        etype = sorted(types, key=lambda t: (-types[t], t))[0]
        if etype != "NORP" and any(is_country_key(k) for n in ns for k in n.keys):
            etype = "GPE"
        key = name_key(name) or name.lower()
        eid = "e-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
        k = 2
        while eid in used:
            eid = "e-" + hashlib.sha1(f"{key}#{k}".encode()).hexdigest()[:12]
            k += 1
        used.add(eid)
        forms: list[str] = []
        for n in ns:
            for f in n.ent.forms:
                if f != name and f not in forms:
                    forms.append(f)
        docs = sorted({n.doc for n in ns})
        entities.append(Entity(eid, name, etype, sorted(forms), docs))
        for n in ns:
            mapping[(n.doc, n.ent.key)] = eid
    entities.sort(key=lambda e: (-len(e.documents), e.name))
    return entities, mapping


def _canonical(ns: list[_Node]) -> str:
    """Most frequent full form (by mentions), longest among ties."""
    count: Counter = Counter()
    for n in ns:
        texts = Counter(m.text for m in n.ent.mentions)
        count[n.ent.name] += max(1, texts.get(n.ent.name, 0))
    cands = [f for f in count if not is_acronym(f)] or list(count)
    shorts = set()
    for f in cands:
        k = name_key(f)
        if len(k.split()) > 1:
            shorts.add(k.split()[-1])
        head, _, stripped = head_kind(f)
        if stripped and head != k:
            shorts.add(head)
    cands = [f for f in cands if name_key(f) not in shorts] or cands
    return sorted(cands, key=lambda f: (-count[f], -len(f), f))[0]


__all__ = ["Entity", "merge_entities"]

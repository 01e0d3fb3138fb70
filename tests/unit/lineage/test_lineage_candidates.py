"""Candidate generation: LSH bands and the passage index find related pairs,
not all pairs; outlet boilerplate does not create links."""

from __future__ import annotations

import random

import numpy as np
import pytest

from sitrep.lineage import LineageDoc, find_candidates, find_links, fingerprint
from sitrep.lineage import align as alignmod
from sitrep.lineage import candidates as candmod

SYLLABLES = "ka ro mi tel var os un dri pel sa ha zen lo bru kit am".split()
# 4096 pseudo-words: a realistic vocabulary size, so unrelated texts share no phrases by chance
WORDS = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]


def random_doc(rng: random.Random, i: int) -> LineageDoc:
    sents = [" ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(20)]
    return LineageDoc(f"r-{i:03d}", " ".join(sents))


def pair_set(c) -> set[tuple[int, int]]:
    return set(c.pairs())


def test_related_pairs_are_found_and_how(docs):
    ds = list(docs.values())
    c = find_candidates([fingerprint(d) for d in ds], [d.outlet for d in ds])
    found = {(ds[i].id, ds[j].id): (int(s), bool(l)) for i, j, s, l in zip(c.left, c.right, c.shared, c.lsh)}
    assert found[("d-agency", "d-light")][1] and found[("d-agency", "d-reordered")][1]  # LSH finds copies
    # the one-paragraph excerpt and the rewrite are found by the passage index only
    shared, by_lsh = found[("d-agency", "d-excerpt")]
    assert shared >= candmod.MIN_SHARED and not by_lsh
    assert found[("d-agency", "d-rewrite")][0] >= candmod.MIN_SHARED
    assert not [p for p in found if "d-same-topic" in p]
    assert all(i < j for i, j in pair_set(c))


def test_unrelated_documents_give_no_candidates():
    rng = random.Random(7)
    ds = [random_doc(rng, i) for i in range(60)]
    c = find_candidates([fingerprint(d) for d in ds], [None] * len(ds))
    assert len(c) == 0


def test_lsh_bucket_of_many_copies_is_linear():
    sig = np.tile(np.arange(128, dtype=np.uint32), (200, 1))
    keys = candmod.lsh_pairs(sig, np.ones(200, dtype=bool))
    assert len(keys) <= 2 * 200  # star + chain, not 200*199/2
    # still one connected group
    parent = list(range(200))

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for k in keys.tolist():
        parent[find(k >> 32)] = find(k & 0xFFFFFFFF)
    assert len({find(x) for x in range(200)}) == 1


def test_empty_signatures_are_not_candidates():
    fps = [fingerprint(LineageDoc(str(i), "Too short.")) for i in range(5)]
    assert len(find_candidates(fps, [None] * 5)) == 0


def test_outlet_boilerplate_does_not_link(t):
    box = ("Sign up for The Valley Courier morning briefing: the five stories you need to read before work, "
           "delivered to your inbox every weekday at six, with a weekend edition on Saturday mornings.")
    stories = [t.AGENCY[:5], t.SAME_TOPIC, t.EXCERPT[3:]]
    same_outlet = [LineageDoc(f"d-{i}", t.body(s + [box]), outlet="Valley Courier") for i, s in enumerate(stories)]
    assert find_links(same_outlet) == []
    c = find_candidates([fingerprint(d) for d in same_outlet], [d.outlet for d in same_outlet])
    assert c.boilerplate and len(c) == 0
    # the same shared box across different outlets is a shared passage
    other = [LineageDoc(d.id, d.body, outlet=f"Outlet {i}") for i, d in enumerate(same_outlet)]
    assert {l.kind for l in find_links(other)} == {"excerpt"}


def test_candidate_input_is_validated(docs):
    with pytest.raises(ValueError, match="outlets"):
        find_candidates([fingerprint(docs["agency"])], [])
    assert len(find_candidates([fingerprint(docs["agency"])], [None])) == 0


def test_boilerplate_passage_is_not_excerpt_evidence(t):
    box = ("Sign up for The Valley Courier morning briefing: the five stories you need to read before work, "
           "delivered to your inbox every weekday at six, with a weekend edition on Saturday mornings.")
    stories = [t.AGENCY[:5], t.SAME_TOPIC, t.EXCERPT[3:]]
    ds = [LineageDoc(f"d-{i}", t.body(s + [box]), outlet="Valley Courier") for i, s in enumerate(stories)]
    c = find_candidates([fingerprint(d) for d in ds], [d.outlet for d in ds])
    a, b = alignmod.prepare(ds[0].id, ds[0].body), alignmod.prepare(ds[1].id, ds[1].body)
    assert alignmod.align(a, b).kind == "excerpt"  # a shared 30-word passage ...
    assert alignmod.align(a, b, c.boilerplate).kind is None  # ... that is the outlet's own furniture


def test_rewrite_of_a_story_printed_by_hundreds_of_outlets_is_found(t):
    """Passage hashes posted by more than MAX_DF documents give a star and a
    chain: linear work, and the rewrite still reaches the original."""
    n = candmod.MAX_DF + 30
    original = LineageDoc("d-0000", t.body(t.AGENCY))
    copies = [LineageDoc(f"d-{i:04d}", t.body(t.AGENCY[:9] + [f"Published by outlet number {i} of the valley network."]))
              for i in range(1, n)]
    rewrite = LineageDoc("d-9999", t.body(t.REWRITE))
    ds = [original, *copies, rewrite]
    c = find_candidates([fingerprint(d) for d in ds], [None] * len(ds))
    assert len(c) < 10 * len(ds)  # not n(n-1)/2
    links = find_links(ds)
    assert any(l.kind == "rewrite" and l.document == "d-9999" for l in links)
    assert all(l.kind == "copy" for l in links if "d-9999" not in (l.document, l.source))

"""Candidate pairs without comparing all pairs: MinHash LSH on the doc-level
signatures plus an inverted index of passage hashes.

Doc-level LSH
    Banding of the ``fingerprints`` MinHash values: ``BANDS`` = 42 bands of
    ``ROWS`` = 3 values (126 of the 128 permutations). A pair with shingle
    Jaccard ``s`` becomes a candidate with probability ``1-(1-s^3)^42``:
    0.81 at s=0.34 (the weakest real copy pair measured, Reuters 002~004),
    0.996 at s=0.5, 0.04 at s=0.10 and 0.009 at s=0.06 (the most a rewrite,
    an excerpt or a same-story report reached). The banding is done with numpy (sort each band's keys,
    pairs inside runs of equal keys) rather than ``datasketch.MinHashLSH``,
    whose dict-of-sets tables took 1.2 GB for 100,000 documents here; the
    sort needs 8 bytes per document per band. A bucket larger than
    ``MAX_BUCKET`` = 50 (a mass-republished copy) contributes a star and a
    chain over its members (2n pairs, still one connected group) instead of
    all n(n-1)/2 pairs.

Passage index
    Every stored passage hash (three consecutive content stems, sampled 1 in
    2) posts the documents that contain it; pairs sharing at least
    ``MIN_SHARED`` = 4 hashes are candidates. Measured shared counts: copies
    89-135, rewrites 10-20 (seed 003~002: 10; sample 07~02: 20, 07~05: 11),
    the one-paragraph excerpt 10~02: 18, while unrelated reports on the same
    story share at most 6 and usually 1-5 (names such as "the shrine of
    Sayyida Nur at Orvesh"). The threshold is deliberately low because
    alignment decides; it only has to keep a quoted sentence (about 5 shared
    hashes) findable. A hash posted by more than ``MAX_DF`` = 100 documents
    (a stock phrase, or a story syndicated that widely) contributes only a
    star from its first (lowest-index) document and a chain through the
    others, not all n(n-1)/2 pairs: the work stays linear, a stock phrase
    adds one to a few arbitrary pairs (far below ``MIN_SHARED``), and a
    rewrite of a story printed by hundreds of outlets still accumulates its
    shared count with the first of them.
    Hashes posted only by documents of one outlet, at least
    ``BOILERPLATE_MIN_DOCS`` = 3 of them, are that outlet's boilerplate
    (newsletter boxes, standard background paragraphs that survived
    cleaning) and skipped too; they are returned so that alignment does not
    count such a passage as an excerpt. (Three updates of one story by one
    outlet share hashes the same way; LSH still pairs them.) Each document
    keeps its ``TOP_K`` = 20 best passage candidates (by shared count; a
    pair stays when it is in the top of either side), which bounds the
    alignment work per document when hundreds of reports cover one story.
    LSH candidates are always kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .fingerprints import Fingerprint

BANDS = 42
ROWS = 3
MAX_BUCKET = 50
MIN_SHARED = 4
MAX_DF = 100
BOILERPLATE_MIN_DOCS = 3
TOP_K = 20

_BAND_MULT = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93],
                      dtype=np.uint64)


@dataclass
class Candidates:
    """Candidate pairs ``(i, j)`` (indices into the document list, i < j) with
    their shared passage-hash count, whether LSH found them, and the set of
    passage hashes judged outlet boilerplate."""

    left: np.ndarray
    right: np.ndarray
    shared: np.ndarray
    lsh: np.ndarray
    boilerplate: frozenset[int]

    def __len__(self) -> int:
        return len(self.left)

    def pairs(self) -> list[tuple[int, int]]:
        return list(zip(self.left.tolist(), self.right.tolist()))


def _groups(keys_sorted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start offsets and sizes of runs of equal values in a sorted array."""
    if len(keys_sorted) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    change = np.flatnonzero(keys_sorted[1:] != keys_sorted[:-1]) + 1
    starts = np.concatenate(([0], change))
    sizes = np.diff(np.concatenate((starts, [len(keys_sorted)])))
    return starts, sizes


def _pairs_in_groups(members: np.ndarray, starts: np.ndarray, sizes: np.ndarray, cap: int | None) -> np.ndarray:
    """int64 pair keys ``i * 2**32 + j`` (i < j) for all pairs inside each group.

    Groups larger than ``cap`` give a star from their first member plus a
    chain (``cap`` None: no star/chain, all pairs)."""
    out: list[np.ndarray] = []
    for s in np.unique(sizes):
        s = int(s)
        if s < 2:
            continue
        st = starts[sizes == s]
        if cap is not None and s > cap:
            for a in st:
                g = np.unique(members[a:a + s])
                if len(g) > 1:
                    out.append(_keys(np.full(len(g) - 1, g[0]), g[1:]))
                    out.append(_keys(g[:-1], g[1:]))
            continue
        mat = members[st[:, None] + np.arange(s)[None, :]]
        iu, ju = np.triu_indices(s, 1)
        out.append(_keys(mat[:, iu].ravel(), mat[:, ju].ravel()))
    if not out:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(out)


def _keys(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a.astype(np.int64)
    b = b.astype(np.int64)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keep = lo != hi
    return (lo[keep] << 32) | hi[keep]


def lsh_pairs(signatures: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Unique pair keys of documents sharing at least one LSH band."""
    idx = np.flatnonzero(valid).astype(np.int64)
    if len(idx) < 2:
        return np.zeros(0, dtype=np.int64)
    keys = band_keys(signatures[idx])
    found: list[np.ndarray] = []
    for b in range(BANDS):
        key = keys[:, b]
        order = np.argsort(key, kind="stable")
        starts, sizes = _groups(key[order])
        multi = sizes > 1
        if multi.any():
            found.append(_pairs_in_groups(idx[order], starts[multi], sizes[multi], MAX_BUCKET))
    if not found:
        return np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(found))


def band_keys(sig: np.ndarray) -> np.ndarray:
    """``(documents, BANDS)`` uint64: each band's ``ROWS`` MinHash values
    hashed to one bucket key (two documents share a bucket of band b when
    their keys in column b are equal)."""
    keys = np.zeros((len(sig), BANDS), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for b in range(BANDS):
            band = sig[:, b * ROWS:(b + 1) * ROWS].astype(np.uint64)
            for r in range(ROWS):
                keys[:, b] += band[:, r] * _BAND_MULT[r]
    return keys


def bucket_pairs(members: Sequence[int], cap: int | None) -> np.ndarray:
    """Pair keys of one bucket (its members in any order, repeats kept):
    all pairs, or a star and a chain over a bucket larger than ``cap``; what
    :func:`lsh_pairs` and :func:`passage_pairs` give for that bucket."""
    m = np.sort(np.asarray(members, dtype=np.int64))
    return _pairs_in_groups(m, np.zeros(1, dtype=np.int64), np.array([len(m)]), cap)


def is_boilerplate(outlet_codes: Sequence[int]) -> bool:
    """Whether a passage hash posted with these outlet codes (one per
    posting, -1 for no outlet) is one outlet's boilerplate."""
    return len(outlet_codes) >= BOILERPLATE_MIN_DOCS and min(outlet_codes) == max(outlet_codes) >= 0


def outlet_codes(outlets: Sequence[str | None]) -> np.ndarray:
    codes: dict[str, int] = {}
    return np.array([codes.setdefault(o.casefold(), len(codes)) if o else -1 for o in outlets], dtype=np.int32)


def passage_pairs(passages: Sequence[np.ndarray], outlets: Sequence[str | None]) -> tuple[np.ndarray, np.ndarray, frozenset[int]]:
    """Pair keys and shared counts from the passage index, and the boilerplate hashes."""
    n = len(passages)
    lens = np.fromiter((len(p) for p in passages), dtype=np.int64, count=n)
    if lens.sum() == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), frozenset()
    # one sorted uint64 array (hash << 32 | doc) instead of an argsort: half the memory
    key = np.concatenate([p for p in passages if len(p)]).astype(np.uint64) << np.uint64(32)
    key |= np.repeat(np.arange(n, dtype=np.uint64), lens)
    key.sort()
    hashes = (key >> np.uint64(32)).astype(np.uint32)
    docs = (key & np.uint64(0xFFFFFFFF)).astype(np.int32)
    del key
    outlet_code = outlet_codes(outlets)
    starts, sizes = _groups(hashes)
    oc = outlet_code[docs]
    lo = np.minimum.reduceat(oc, starts)
    hi = np.maximum.reduceat(oc, starts)
    is_boiler = (sizes >= BOILERPLATE_MIN_DOCS) & (lo == hi) & (lo >= 0)
    boiler = frozenset(hashes[starts[is_boiler]].tolist())
    multi = (sizes > 1) & ~is_boiler
    keys = _pairs_in_groups(docs, starts[multi], sizes[multi], MAX_DF)
    if len(keys) == 0:
        return keys, np.zeros(0, dtype=np.int64), boiler
    uniq, counts = np.unique(keys, return_counts=True)
    keep = counts >= MIN_SHARED
    return uniq[keep], counts[keep], boiler


def _top_k(keys: np.ndarray, counts: np.ndarray, k: int) -> np.ndarray:
    """Boolean mask: pair is among the ``k`` highest counts of either member."""
    if len(keys) == 0:
        return np.zeros(0, dtype=bool)
    keep = np.zeros(len(keys), dtype=bool)
    for side in (keys >> 32, keys & 0xFFFFFFFF):
        order = np.lexsort((-counts, side))
        s_sorted = side[order]
        starts, sizes = _groups(s_sorted)
        rank = np.arange(len(order)) - np.repeat(starts, sizes)
        keep[order[rank < k]] = True
    return keep


def find_candidates(fps: Sequence[Fingerprint], outlets: Sequence[str | None]) -> Candidates:
    """Candidate pairs over ``fps`` (see module docstring for every rule)."""
    if len(fps) != len(outlets):
        raise ValueError(f"{len(fps)} fingerprints but {len(outlets)} outlets")
    if len(fps) >= 2**31:
        raise ValueError("too many documents for one candidate search (limit 2**31)")
    n = len(fps)
    if n < 2:
        return Candidates(*(np.zeros(0, dtype=np.int64) for _ in range(3)), np.zeros(0, dtype=bool), frozenset())
    sig = np.stack([f.minhash for f in fps])
    valid = np.fromiter((not f.empty for f in fps), dtype=bool, count=n)
    lkeys = lsh_pairs(sig, valid)
    del sig
    pkeys, pcounts, boiler = passage_pairs([f.passages for f in fps], outlets)
    return combine(lkeys, pkeys, pcounts, boiler)


def combine(lkeys: np.ndarray, pkeys: np.ndarray, pcounts: np.ndarray, boiler: frozenset[int]) -> Candidates:
    """The candidates from LSH pair keys and the passage index's pair keys
    with their shared counts (the top ``TOP_K`` per document kept)."""
    top = _top_k(pkeys, pcounts, TOP_K)
    pkeys, pcounts = pkeys[top], pcounts[top]
    keys = np.union1d(lkeys, pkeys)
    shared = np.zeros(len(keys), dtype=np.int64)
    shared[np.searchsorted(keys, pkeys)] = pcounts
    is_lsh = np.isin(keys, lkeys, assume_unique=True)
    return Candidates(keys >> 32, keys & 0xFFFFFFFF, shared, is_lsh, boiler)

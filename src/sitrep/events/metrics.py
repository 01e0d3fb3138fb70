"""Coreference metrics: MUC, B³, CEAF-e and the CoNLL F1 (their mean).

Definitions as in the CoNLL-2012 reference scorer (Pradhan et al. 2014),
for a key and a response over the *same* mentions (gold mentions given, as
in the ECB+ benchmark). Clusters are given as one label per mention
(``key[i]`` and ``response[i]`` are the clusters of mention ``i``); a
mention alone in its cluster is a singleton, and singletons count in B³
and CEAF-e (MUC ignores them by its definition).

* MUC (Vilain et al. 1995): recall = Σ_K (|K| − |p(K)|) / Σ_K (|K| − 1),
  where p(K) is the partition of key cluster K by the response; precision
  the same with key and response swapped.
* B³ (Bagga & Baldwin 1998): recall = mean over mentions of
  |K(m) ∩ R(m)| / |K(m)|; precision = mean of |K(m) ∩ R(m)| / |R(m)|.
* CEAF-e (Luo 2005): the one-to-one alignment of key and response clusters
  maximising Σ φ4(K, R), φ4 = 2|K ∩ R| / (|K| + |R|); recall = that sum /
  number of key clusters, precision = / number of response clusters. The
  assignment is solved per connected component of the overlap graph
  (clusters that share no mention never align usefully), so thousands of
  singletons cost nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence

PRF = tuple[float, float, float]


def _f(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _clusters(labels: Sequence[Hashable]) -> dict[Hashable, list[int]]:
    out: dict[Hashable, list[int]] = defaultdict(list)
    for i, c in enumerate(labels):
        out[c].append(i)
    return out


def _muc_recall(key: Sequence[Hashable], response: Sequence[Hashable]) -> float:
    num = den = 0
    for members in _clusters(key).values():
        num += len(members) - len({response[i] for i in members})
        den += len(members) - 1
    return num / den if den else 0.0


def muc(key: Sequence[Hashable], response: Sequence[Hashable]) -> PRF:
    _check(key, response)
    r = _muc_recall(key, response)
    p = _muc_recall(response, key)
    return p, r, _f(p, r)


def b_cubed(key: Sequence[Hashable], response: Sequence[Hashable]) -> PRF:
    _check(key, response)
    if not key:
        return 0.0, 0.0, 0.0
    ksize = {c: len(m) for c, m in _clusters(key).items()}
    rsize = {c: len(m) for c, m in _clusters(response).items()}
    inter: dict[tuple, int] = defaultdict(int)
    for k, r in zip(key, response):
        inter[(k, r)] += 1
    p = sum(inter[(k, r)] / rsize[r] for k, r in zip(key, response)) / len(key)
    rec = sum(inter[(k, r)] / ksize[k] for k, r in zip(key, response)) / len(key)
    return p, rec, _f(p, rec)


def ceaf_e(key: Sequence[Hashable], response: Sequence[Hashable]) -> PRF:
    _check(key, response)
    kc, rc = _clusters(key), _clusters(response)
    if not kc or not rc:
        return 0.0, 0.0, 0.0
    inter: dict[tuple, int] = defaultdict(int)
    for k, r in zip(key, response):
        inter[(k, r)] += 1
    # connected components of the bipartite overlap graph
    parent: dict[tuple, tuple] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k, r in inter:
        a, b = find(("k", k)), find(("r", r))
        if a != b:
            parent[a] = b
    comps: dict[tuple, list[tuple]] = defaultdict(list)
    for k, r in inter:
        comps[find(("k", k))].append((k, r))
    total = 0.0
    for pairs in comps.values():
        ks = sorted({k for k, _ in pairs}, key=repr)
        rs = sorted({r for _, r in pairs}, key=repr)
        if len(ks) == 1 or len(rs) == 1:
            total += max(2 * inter[(k, r)] / (len(kc[k]) + len(rc[r])) for k, r in pairs)
            continue
        import numpy as np
        from scipy.optimize import linear_sum_assignment

        ki = {k: i for i, k in enumerate(ks)}
        ri = {r: i for i, r in enumerate(rs)}
        sim = np.zeros((len(ks), len(rs)))
        for k, r in pairs:
            sim[ki[k], ri[r]] = 2 * inter[(k, r)] / (len(kc[k]) + len(rc[r]))
        rows, cols = linear_sum_assignment(sim, maximize=True)
        total += float(sim[rows, cols].sum())
    p, r = total / len(rc), total / len(kc)
    return p, r, _f(p, r)


def conll(key: Sequence[Hashable], response: Sequence[Hashable]) -> dict:
    """``{"muc": (P, R, F1), "b3": …, "ceafe": …, "conll": mean F1}``."""
    out = {"muc": muc(key, response), "b3": b_cubed(key, response), "ceafe": ceaf_e(key, response)}
    out["conll"] = (out["muc"][2] + out["b3"][2] + out["ceafe"][2]) / 3
    return out


def _check(key: Sequence, response: Sequence) -> None:
    if len(key) != len(response):
        raise ValueError(f"key has {len(key)} mentions, response {len(response)}: they must be the same mentions")

"""From documents to lineage links: candidates, alignment, direction.

Direction (which text is the source), in order:

1. Both dates known and different: the earlier document is the source.
2. One document is published by the agency the other credits (its outlet is
   the other's strong credit, e.g. the Meridian Press Agency page 02 and
   the "HALDA (MPA) -" copy 03, published the same day): the agency's page is
   the source.
3. Token counts differ by more than ``SAME_LENGTH`` = 2 %: the longer, more
   complete text is the source (a copy that drops paragraphs is derived from
   the fuller text). 02 and 03 differ by 0.4 % (a dateline date); the
   lightest edited copy in the sample corpus, 05, is 15 % shorter than 02.
4. Otherwise the link is undirected (``directed=False``): ``document`` is the
   smaller id, ``source`` the larger, and the pair is one symmetric link.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor

from . import align as alignmod
from .candidates import find_candidates
from .fingerprints import FINGERPRINT_VERSION, Fingerprint, fingerprint
from .objects import LineageDoc, Link
from .wire import canonical_agency, detect_wire, initials, is_known_agency

SAME_LENGTH = 0.02


def _direction(a: LineageDoc, b: LineageDoc, na: int, nb: int, credits: dict) -> tuple[bool, bool]:
    """(a_is_document, directed)."""
    if a.published and b.published and a.published != b.published:
        return a.published > b.published, True
    a_page = _publishes(a, _credit(b, credits)) and not _publishes(b, _credit(b, credits))
    b_page = _publishes(b, _credit(a, credits)) and not _publishes(a, _credit(a, credits))
    if a_page != b_page:
        return b_page, True
    if abs(na - nb) > SAME_LENGTH * max(na, nb, 1):
        return na < nb, True
    return a.id < b.id, False


def _credit(d: LineageDoc, cache: dict) -> str | None:
    """The agency ``d`` credits strongly (cached per document id)."""
    if d.id not in cache:
        c = detect_wire(d)
        cache[d.id] = c.agency if c is not None and c.strong else None
    return cache[d.id]


def _publishes(d: LineageDoc, agency: str | None) -> bool:
    """Whether ``d``'s outlet is ``agency`` (by canonical name or initials)."""
    if not agency or not d.outlet:
        return False
    outlet = canonical_agency(d.outlet)
    if outlet == agency or is_known_agency(agency):
        return outlet == agency
    return initials(outlet) == agency or initials(agency) == outlet


def link_from_alignment(a: LineageDoc, b: LineageDoc, al: alignmod.Alignment, na: int, nb: int,
                        credits: dict | None = None) -> Link:
    """A :class:`Link` for an aligned, classified pair, with its direction."""
    if al.kind is None:
        raise ValueError(f"pair {a.id}~{b.id} is not related; nothing to link")
    a_doc, directed = _direction(a, b, na, nb, {} if credits is None else credits)
    if a_doc:
        return Link(a.id, b.id, al.kind, round(al.overlap_a, 4), directed, list(al.spans),
                    round(al.overlap_b, 4), al.evidence)
    spans = sorted((s[2], s[3], s[0], s[1]) for s in al.spans)
    return Link(b.id, a.id, al.kind, round(al.overlap_b, 4), directed, spans, round(al.overlap_a, 4), al.evidence)


def _align_chunk(args: tuple) -> list[tuple[int, int, alignmod.Alignment | None]]:
    bodies, pairs, boiler = args
    prepared: dict[int, alignmod.Prepared] = {}
    out = []
    for i, j in pairs:
        for k in (i, j):
            if k not in prepared:
                prepared[k] = alignmod.prepare(str(k), bodies[k])
        al = alignmod.align(prepared[i], prepared[j], boiler)
        if al.kind:
            al.chains, al.para = [], []  # only the summary and spans travel back
            out.append((i, j, al))
        else:
            out.append((i, j, None))
    return out


def find_links(docs: Sequence[LineageDoc], fingerprints: Mapping[str, Fingerprint] | None = None,
               *, workers: int = 1, engine=None) -> list[Link]:
    """Every copy / rewrite / excerpt relation among ``docs``.

    Fingerprints missing from ``fingerprints`` are computed. Candidate pairs
    come from ``candidates.find_candidates`` (never all pairs); each is
    aligned and classified by ``align.align`` and directed as described in
    the module docstring. ``workers`` > 1 aligns in a process pool; an
    ``engine`` (:mod:`sitrep.batch.engines`) finds the candidates and aligns
    the pairs instead (the same functions, run where it runs them). Links
    are returned sorted by (document, source).
    """
    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers}")
    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        dup = sorted(i for i, n in Counter(ids).items() if n > 1)[:3]
        raise ValueError(f"duplicate document ids: {', '.join(dup)}")
    fps = dict(fingerprints or {})
    for d in docs:
        f = fps.get(d.id)
        if f is None:
            fps[d.id] = fingerprint(d)
        elif f.version != FINGERPRINT_VERSION:
            raise ValueError(f"fingerprint of {d.id} has version {f.version}, expected {FINGERPRINT_VERSION}")
    search = engine.candidates if engine is not None else find_candidates
    cands = search([fps[i] for i in ids], [d.outlet for d in docs])
    pairs = cands.pairs()
    results = align_pairs([d.body for d in docs], pairs, cands.boilerplate, workers, engine=engine)
    credits: dict = {}
    links = []
    for i, j, al in results:
        if al is not None:
            links.append(link_from_alignment(docs[i], docs[j], al, fps[ids[i]].n_tokens, fps[ids[j]].n_tokens, credits))
    links.sort(key=lambda link: (link.document, link.source))
    return links


def align_pairs(bodies: Sequence[str], pairs: list[tuple[int, int]], boiler: frozenset[int],
                workers: int = 1, chunk: int = 2000, engine=None) -> list[tuple[int, int, alignmod.Alignment | None]]:
    """Align and classify candidate pairs (indices into ``bodies``).

    Returns ``(i, j, alignment or None)`` in sorted pair order. The
    alignments of related pairs keep their classification, overlaps and
    character spans; their ``chains`` and ``para`` are emptied to keep memory
    flat at scale. Pairs are processed in chunks sorted by first index, so a
    document is prepared about once per chunk; with ``workers`` > 1 the
    chunks go to a process pool, at most two per worker in flight (each
    carries only the bodies it needs).
    """
    pairs = sorted(pairs)
    chunks = [pairs[k:k + chunk] for k in range(0, len(pairs), chunk)]
    if engine is not None:
        tasks = [({k: bodies[k] for p in c for k in p}, c, boiler) for c in chunks]
        return [r for part in engine.map(_align_chunk, tasks) for r in part]
    if workers == 1 or len(chunks) < 2:
        return [r for c in chunks for r in _align_chunk((bodies, c, boiler))]
    out: list[tuple[int, int, alignmod.Alignment | None]] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque = deque()
        for c in chunks:
            need = {k for p in c for k in p}
            pending.append(pool.submit(_align_chunk, ({k: bodies[k] for k in need}, c, boiler)))
            if len(pending) >= 2 * workers:
                out.extend(pending.popleft().result())
        while pending:
            out.extend(pending.popleft().result())
    return out

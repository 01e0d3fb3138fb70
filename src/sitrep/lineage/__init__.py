"""Lineage: which reports copy, rewrite or excerpt which, which agency is
behind them, and which count as one source.

A corpus stage: it compares documents, but only candidate pairs found by an
index, never all pairs.

    fingerprint(doc)            doc-level MinHash + sampled passage hashes (fingerprints.py)
        │                       deterministic, Fingerprint.to_bytes()/from_bytes() for the store
        ▼
    find_links(docs, fps)       candidates: MinHash LSH bands + passage index (candidates.py)
        │                       alignment and classification copy / rewrite / excerpt (align.py)
        │                       direction: earlier, agency page, more complete, else undirected (links.py)
        ▼
    detect_wire(doc)            explicit agency credit in one document (wire.py)
    propagate_wire(...)         a copy or rewrite that dropped the credit inherits its group's agency
        ▼
    independence_groups(...)    documents that count as one source (groups.py)

Every threshold is documented, with the measurements behind it, in the
docstring of the module that uses it. ``VERSION`` is the stage version the
store records with fingerprints, links and credits; it changes whenever an
output for the same input can change.
"""

from __future__ import annotations

from .align import Alignment, prepare
from .candidates import Candidates, find_candidates
from .fingerprints import FINGERPRINT_VERSION, Fingerprint, fingerprint, fingerprint_many
from .groups import independence_groups
from .links import align_pairs, find_links
from .objects import KINDS, LineageDoc, Link, WireCredit
from .wire import AGENCY_ALIASES, canonical_agency, detect_wire, propagate_wire

VERSION = "1"

__all__ = [
    "AGENCY_ALIASES", "Alignment", "Candidates", "FINGERPRINT_VERSION", "Fingerprint", "KINDS", "LineageDoc",
    "Link", "VERSION", "WireCredit", "align_pairs", "canonical_agency", "detect_wire", "find_candidates",
    "find_links", "fingerprint", "fingerprint_many", "independence_groups", "prepare", "propagate_wire",
]

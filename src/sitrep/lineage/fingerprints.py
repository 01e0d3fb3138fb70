"""Serialisable fingerprints of one document: a doc-level MinHash and a set of
passage hashes.

MinHash (doc level, for LSH)
    datasketch ``MinHash`` (scheme ``affine32``, ``NUM_PERM`` = 128
    permutations, fixed ``SEED``) over the set of word 4-shingles (all tokens,
    casefolded, see ``text``). It estimates the Jaccard similarity of the
    shingle sets: measured 0.34 for the lightly edited Reuters copies
    002~004, 0.48 for the sample copies 02~05, 1.00 for 02~03, and at most
    0.06 for a rewrite, an excerpt or an unrelated report on the same story.

Passage hashes (for the passage index)
    Hashes of every run of three consecutive *content stems* (stopwords
    removed, five-character truncation), kept when bit ``PASSAGE_SAMPLE_BIT``
    of the 64-bit hash is 0 (a content-defined 1-in-2 sample: two texts that
    share a phrase keep the same hashes for it) and stored as the high 32
    bits, sorted and unique. Content stems make the hashes survive
    function-word and inflection edits ("crossed late on Sunday" / "crossed
    late Sunday"). A report yields about 0.3 per word (a 450-word report
    about 135); one quoted 49-word paragraph shares 18 with its source (see
    ``candidates`` for the thresholds).

Both parts are computed from hashes that never use Python's per-process
``hash`` (CRC-32 based token hashes combined with fixed odd multipliers), so
the same body gives the same bytes in any process, on any machine.
``FINGERPRINT_VERSION`` changes whenever any of these parameters does; bytes
of another version are refused by :meth:`Fingerprint.from_bytes`.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash

from . import text as textmod
from .objects import LineageDoc

FINGERPRINT_VERSION = 1
NUM_PERM = 128
SEED = 20251103
SHINGLE = 4
PASSAGE_K = 3
#: A passage hash is kept when ``(h >> PASSAGE_SAMPLE_BIT) & 1 == 0``.
PASSAGE_SAMPLE_BIT = 7

_MAGIC = b"SLFP"
_HEADER = struct.Struct("<4sBHIII")  # magic, version, num_perm, seed, n_tokens, n_passages
_TEMPLATE: MinHash | None = None


def _identity(x: int) -> int:
    return x


def _template() -> MinHash:
    global _TEMPLATE
    if _TEMPLATE is None:
        _TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")
    return _TEMPLATE


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """``minhash``: uint32[NUM_PERM] MinHash values (all ``2**32-1`` when the
    body has fewer than ``SHINGLE`` tokens). ``passages``: sorted unique
    uint32 passage hashes. ``n_tokens``: number of word tokens in the body."""

    minhash: np.ndarray
    passages: np.ndarray
    n_tokens: int
    version: int = FINGERPRINT_VERSION

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Fingerprint):
            return NotImplemented
        return (self.version == other.version and self.n_tokens == other.n_tokens
                and np.array_equal(self.minhash, other.minhash) and np.array_equal(self.passages, other.passages))

    @property
    def empty(self) -> bool:
        """True when the body was too short to have any shingle."""
        return self.n_tokens < SHINGLE

    def jaccard(self, other: Fingerprint) -> float:
        """MinHash estimate of the Jaccard similarity of the shingle sets."""
        return float(np.mean(self.minhash == other.minhash))

    def lean_minhash(self) -> LeanMinHash:
        """The MinHash as a datasketch ``LeanMinHash`` (for datasketch's own indexes)."""
        return LeanMinHash(seed=SEED, hashvalues=self.minhash, scheme="affine32")

    def to_bytes(self) -> bytes:
        """Little-endian bytes: header, MinHash values, passage hashes."""
        head = _HEADER.pack(_MAGIC, self.version, len(self.minhash), SEED, self.n_tokens, len(self.passages))
        return head + self.minhash.astype("<u4").tobytes() + self.passages.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        """Inverse of :meth:`to_bytes`; ValueError names what does not match."""
        if len(data) < _HEADER.size:
            raise ValueError(f"fingerprint bytes too short: {len(data)} < header size {_HEADER.size}")
        magic, version, num_perm, seed, n_tokens, n_passages = _HEADER.unpack_from(data)
        if magic != _MAGIC:
            raise ValueError(f"not a sitrep lineage fingerprint (magic {magic!r}, expected {_MAGIC!r})")
        if version != FINGERPRINT_VERSION or num_perm != NUM_PERM or seed != SEED:
            raise ValueError(
                f"fingerprint of another version (version {version}, num_perm {num_perm}, seed {seed}; "
                f"this build uses version {FINGERPRINT_VERSION}, num_perm {NUM_PERM}, seed {SEED}): recompute it"
            )
        expected = _HEADER.size + 4 * (num_perm + n_passages)
        if len(data) != expected:
            raise ValueError(f"fingerprint bytes have length {len(data)}, header says {expected}")
        off = _HEADER.size
        mh = np.frombuffer(data, dtype="<u4", count=num_perm, offset=off).astype(np.uint32)
        ps = np.frombuffer(data, dtype="<u4", count=n_passages, offset=off + 4 * num_perm).astype(np.uint32)
        return cls(mh, ps, n_tokens, version)


def shingle_hashes(v: textmod.TextView) -> np.ndarray:
    """uint64 hashes of the word ``SHINGLE``-grams of a text view."""
    th = np.fromiter((textmod.token_hash(t) for t in v.tokens), dtype=np.uint64, count=v.n)
    return textmod.ngram_hashes(th, SHINGLE)


def passage_hashes(v: textmod.TextView) -> np.ndarray:
    """uint64 hashes of every ``PASSAGE_K`` consecutive content stems (unsampled)."""
    sh = np.fromiter((textmod.token_hash(s) for s in v.stems), dtype=np.uint64, count=len(v.stems))
    return textmod.ngram_hashes(sh, PASSAGE_K)


def sampled(h: np.ndarray) -> np.ndarray:
    """Boolean mask of the passage hashes the content-defined sample keeps."""
    return ((h >> np.uint64(PASSAGE_SAMPLE_BIT)) & np.uint64(1)) == 0


def sample_passages(h: np.ndarray) -> np.ndarray:
    """The stored passage hashes (uint32): the sampled ones, high 32 bits, sorted, unique."""
    return np.unique((h[sampled(h)] >> np.uint64(32)).astype(np.uint32))


def fingerprint_view(v: textmod.TextView) -> Fingerprint:
    """Fingerprint of an already built text view."""
    sh = shingle_hashes(v)
    t = _template()
    if len(sh):
        m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_identity, permutations=t.permutations, scheme="affine32")
        m.update_batch((sh & np.uint64(0xFFFFFFFF)).tolist())
        mh = np.asarray(m.hashvalues, dtype=np.uint32)
    else:
        mh = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    return Fingerprint(mh, sample_passages(passage_hashes(v)), v.n)


def fingerprint(doc: LineageDoc) -> Fingerprint:
    """Deterministic fingerprint of ``doc.body`` (see module docstring)."""
    return fingerprint_view(textmod.view(doc.body))


def _fingerprint_body(body: str) -> bytes:
    return fingerprint_view(textmod.view(body)).to_bytes()


def fingerprint_many(docs: Sequence[LineageDoc], workers: int = 1, chunksize: int = 64) -> dict[str, Fingerprint]:
    """Fingerprints of many documents, in a process pool when ``workers`` > 1.

    Results are identical to :func:`fingerprint` (the workers return bytes).
    """
    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers}")
    if workers == 1 or len(docs) < 2 * chunksize:
        return {d.id: fingerprint(d) for d in docs}
    bodies: Iterable[str] = (d.body for d in docs)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return {d.id: Fingerprint.from_bytes(b)
                for d, b in zip(docs, pool.map(_fingerprint_body, bodies, chunksize=chunksize))}

"""Fingerprints: deterministic across processes, byte round trip, validation."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from sitrep.lineage import FINGERPRINT_VERSION, Fingerprint, LineageDoc, fingerprint, fingerprint_many
from sitrep.lineage import fingerprints as fpmod

_CHILD = """
import sys
from sitrep.lineage import LineageDoc, fingerprint
body = sys.stdin.read()
sys.stdout.write(fingerprint(LineageDoc("x", body)).to_bytes().hex())
"""


def test_bytes_round_trip(docs):
    for d in docs.values():
        f = fingerprint(d)
        g = Fingerprint.from_bytes(f.to_bytes())
        assert g == f
        assert g.minhash.dtype == np.uint32 and g.passages.dtype == np.uint32
        assert len(g.minhash) == fpmod.NUM_PERM and g.n_tokens == f.n_tokens
        assert list(g.passages) == sorted(set(g.passages.tolist()))


def test_deterministic_across_processes(docs):
    """Different PYTHONHASHSEEDs, fresh interpreters: identical bytes."""
    body = docs["agency"].body
    here = fingerprint(docs["agency"]).to_bytes().hex()
    for seed in ("0", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", _CHILD], input=body, capture_output=True, text=True, env=env,
                             check=True)
        assert out.stdout == here


def test_pool_gives_the_same_fingerprints(docs):
    many = [LineageDoc(f"d-{i}-{k}", d.body) for i in range(3) for k, d in docs.items()]
    assert fingerprint_many(many, workers=2, chunksize=2) == {d.id: fingerprint(d) for d in many}
    with pytest.raises(ValueError, match="workers"):
        fingerprint_many(many, workers=0)


def test_similarity_tracks_copying(docs):
    agency = fingerprint(docs["agency"])
    assert agency.jaccard(fingerprint(docs["reordered"])) > 0.8
    assert agency.jaccard(fingerprint(docs["light"])) > 0.5
    assert agency.jaccard(fingerprint(docs["same_topic"])) < 0.1
    assert agency.lean_minhash().jaccard(fingerprint(docs["light"]).lean_minhash()) == pytest.approx(
        agency.jaccard(fingerprint(docs["light"])))


def test_short_body_has_an_empty_signature():
    f = fingerprint(LineageDoc("x", "Too short."))
    assert f.empty and f.n_tokens == 2 and len(f.passages) == 0
    assert Fingerprint.from_bytes(f.to_bytes()) == f


def test_from_bytes_rejects_bad_input(docs):
    good = fingerprint(docs["agency"]).to_bytes()
    with pytest.raises(ValueError, match="too short"):
        Fingerprint.from_bytes(good[:5])
    with pytest.raises(ValueError, match="magic"):
        Fingerprint.from_bytes(b"XXXX" + good[4:])
    with pytest.raises(ValueError, match="another version"):
        Fingerprint.from_bytes(good[:4] + bytes([FINGERPRINT_VERSION + 1]) + good[5:])
    with pytest.raises(ValueError, match="length"):
        Fingerprint.from_bytes(good + b"\0\0\0\0")

"""Coreference metrics on small hand-computed examples."""

from __future__ import annotations

import pytest

from sitrep.events.metrics import b_cubed, ceaf_e, conll, muc

# key {a,b,c} {d,e}; response {a,b} {c,d,e}
KEY = ["K1", "K1", "K1", "K2", "K2"]
RESPONSE = ["R1", "R1", "R2", "R2", "R2"]


def test_muc_by_hand():
    # recall: K1 split in 2 parts (3-2=1), K2 whole (2-1=1); over (2+1) -> 2/3
    # precision: R1 whole (1), R2 split in {c},{d,e} (3-2=1); over (1+2) -> 2/3
    p, r, f = muc(KEY, RESPONSE)
    assert (p, r, f) == pytest.approx((2 / 3, 2 / 3, 2 / 3))


def test_b_cubed_by_hand():
    # recall a,b: 2/3; c: 1/3; d,e: 1 -> 11/15; precision a,b: 1; c: 1/3; d,e: 2/3 -> 11/15
    p, r, f = b_cubed(KEY, RESPONSE)
    assert (p, r, f) == pytest.approx((11 / 15, 11 / 15, 11 / 15))


def test_ceaf_e_by_hand():
    # phi4(K1,R1) = 2*2/5, phi4(K2,R2) = 2*2/5 -> 1.6 over 2 clusters each side
    p, r, f = ceaf_e(KEY, RESPONSE)
    assert (p, r, f) == pytest.approx((0.8, 0.8, 0.8))


def test_conll_is_the_mean():
    s = conll(KEY, RESPONSE)
    assert s["conll"] == pytest.approx((2 / 3 + 11 / 15 + 0.8) / 3)


def test_singletons_and_asymmetric_sizes():
    # key {a,b,c,d} {e}; response {a,b} {c} {d,e}
    key = [1, 1, 1, 1, 2]
    resp = [1, 1, 2, 3, 3]
    # MUC recall: K1 in 3 parts -> (4-3)/(3+0) = 1/3; precision: R1 1, R2 0, R3 split -> 1/(1+0+1) = 1/2
    assert muc(key, resp) == pytest.approx((1 / 2, 1 / 3, 0.4))
    # B3 recall: a,b 2/4, c 1/4, d 1/4, e 1 -> 2.5/5; precision: a,b 1, c 1, d 1/2, e 1/2 -> 4/5
    p, r, _ = b_cubed(key, resp)
    assert (p, r) == pytest.approx((0.8, 0.5))
    # CEAF-e: best alignment K1-R1 (2*2/6) + K2-R3 (2*1/3) = 2/3 + 2/3 = 4/3; R = 4/3 / 2, P = 4/3 / 3
    p, r, _ = ceaf_e(key, resp)
    assert (p, r) == pytest.approx((4 / 9, 2 / 3))


def test_perfect_and_length_mismatch():
    assert conll(KEY, KEY)["conll"] == pytest.approx(1.0)
    with pytest.raises(ValueError):
        muc(KEY, RESPONSE[:-1])

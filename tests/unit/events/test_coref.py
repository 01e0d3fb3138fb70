"""Cross-document event coreference (sitrep.events.coref) on hand-made mentions."""

from __future__ import annotations

import math
import random
import time
from dataclasses import replace
from datetime import date

import pytest

from sitrep.events.coref import (
    CorefContext,
    CorefMention,
    CorefParams,
    candidate_pairs,
    lexical_relation,
    pair_score,
    resolve,
)

D1 = date(2024, 12, 1)


def mention(id_, doc, sentence, trigger, lemma, *, group="s1", day=D1, last=None, places=("p-SY", "p-albukamal"),
            actors=("e-badr",), count=None, type_="movement"):
    start = sentence.index(trigger)
    return CorefMention(
        id=id_, doc=doc, group=group, trigger=trigger, lemma=lemma, sentence=sentence, start=start,
        end=start + len(trigger), type=type_, earliest=day, latest=last or day, places=frozenset(places),
        actors=frozenset(actors), count=count)


def same(labels, i, j):
    return labels[i] == labels[j]


# ------------------------------------------------------------------ lexicon


def test_lexical_relations():
    assert lexical_relation("cross", "cross") == "same"
    assert lexical_relation("cross", "enter") == "family"
    assert lexical_relation("quake", "earthquake") == "family"
    assert lexical_relation("kill", "death") == "family"
    assert lexical_relation("displace", "displacement") == "stem"
    assert lexical_relation("explode", "explosion") == "family"
    assert lexical_relation("recruit", "recruitment") == "stem"
    assert lexical_relation("cross", "say") is None
    # phrasal triggers: "check in" and "check out" are different happenings
    assert lexical_relation("check", "check", "in", "out") is None
    assert lexical_relation("check", "check", "in", "") == "same"


# ------------------------------------------------------------------ behaviour


def test_same_event_different_wording_joins():
    ms = [
        mention("a1", "d1", "Hundreds of Badr fighters crossed into Syria through the Al-Bukamal crossing on Sunday.",
                "crossed", "cross"),
        mention("b1", "d2", "The crossing of Badr fighters into Syria at Al-Bukamal on Sunday was confirmed by "
                "security sources.", "crossing", "crossing"),
        mention("c1", "d3", "Badr fighters entered Syria via the Al-Bukamal border crossing on Sunday, "
                "sources said.", "entered", "enter"),
    ]
    labels = resolve(ms)
    assert labels[0] == labels[1] == labels[2]


def test_crossings_weeks_apart_by_different_groups_stay_apart():
    ms = [
        mention("a1", "d1", "Hundreds of Badr fighters crossed into Syria through the Al-Bukamal crossing.",
                "crossed", "cross", day=date(2024, 12, 1), actors=("e-badr",)),
        mention("a2", "d2", "Badr fighters crossed into Syria at Al-Bukamal, the monitor said.",
                "crossed", "cross", day=date(2024, 12, 1), actors=("e-badr",)),
        mention("b1", "d3", "Kataib Hezbollah fighters crossed into Syria through the Al-Bukamal crossing.",
                "crossed", "cross", day=date(2025, 1, 5), actors=("e-kataib-hezbollah",)),
        mention("b2", "d4", "Fighters of Kataib Hezbollah crossed into Syria at Al-Bukamal.",
                "crossed", "cross", day=date(2025, 1, 6), actors=("e-kataib-hezbollah",)),
    ]
    labels = resolve(ms)
    assert same(labels, 0, 1) and same(labels, 2, 3)
    assert not same(labels, 0, 2)


def test_dates_weeks_apart_never_join_even_with_everything_else_equal():
    s = "Badr fighters crossed into Syria through the Al-Bukamal crossing."
    ms = [mention("a", "d1", s, "crossed", "cross", day=date(2024, 12, 1)),
          mention("b", "d2", s, "crossed", "cross", day=date(2024, 12, 29))]
    assert not same(resolve(ms), 0, 1)
    ctx = CorefContext.build(ms)
    assert pair_score(ms[0], ms[1], ctx) == 0.0


def test_count_conflict_alone_does_not_split():
    ms = [
        mention("a", "d1", "Nearly 200 Badr fighters crossed into Syria through the Al-Bukamal crossing on Sunday.",
                "crossed", "cross", count=(180.0, 199.0)),
        mention("b", "d2", "At least 300 Badr fighters crossed into Syria through the Al-Bukamal crossing on Sunday.",
                "crossed", "cross", count=(300.0, None)),
    ]
    assert same(resolve(ms), 0, 1)
    ctx = CorefContext.build(ms)
    conflicting = pair_score(ms[0], ms[1], ctx)
    agreeing = pair_score(ms[0], replace(ms[1], count=(150.0, 250.0)), ctx)
    assert conflicting < agreeing  # the conflict lowers the score, it does not forbid


def test_date_a_day_apart_and_actor_conflict_only_lower_the_score():
    base = mention("a", "d1", "Iraqi fighters crossed into Syria through the Al-Bukamal crossing on Sunday.",
                   "crossed", "cross", actors=("e-badr", "e-nujaba"))
    other = mention("b", "d2", "Iraqi fighters crossed into Syria through the Al-Bukamal crossing late on Sunday.",
                    "crossed", "cross", actors=("e-badr", "e-nujaba"))
    ctx = CorefContext.build([base, other])
    s_same = pair_score(base, other, ctx)
    s_day = pair_score(base, replace(other, earliest=date(2024, 12, 2), latest=date(2024, 12, 2)), ctx)
    s_actor = pair_score(base, replace(other, actors=frozenset({"e-kataib-hezbollah", "e-fatemiyoun"})), ctx)
    assert 0.0 < s_day < s_same and 0.0 < s_actor < s_same
    day_apart = [base, replace(other, earliest=date(2024, 12, 2), latest=date(2024, 12, 2))]
    assert same(resolve(day_apart), 0, 1)


def test_position_deep_in_the_documents_lowers_the_score_and_unknown_is_neutral():
    a = mention("a", "d1", "A car bomb exploded outside the ministry in the capital, police said.", "exploded",
                "explode", actors=(), places=())
    b = mention("b", "d2", "A car bomb exploded outside a market in the capital last year.", "exploded",
                "explode", actors=(), places=())
    ctx = CorefContext.build([a, b])
    unknown = pair_score(a, b, ctx)
    # one position unknown: the feature is absent, the score is as without positions
    assert pair_score(replace(a, position=0), b, ctx) == pytest.approx(unknown)
    lead = pair_score(replace(a, position=0), replace(b, position=1), ctx)
    deep = pair_score(replace(a, position=14), replace(b, position=22), ctx)
    assert deep < unknown < lead
    # a pair at the mean depth of the fitted data scores as if no position were known
    p = CorefParams()
    k = round(math.expm1(p.position_centre / 2))
    mid = pair_score(replace(a, position=k), replace(b, position=k), ctx)
    assert abs(mid - unknown) < 0.05


def test_two_mentions_deep_in_their_documents_need_more_evidence():
    # background events ("also crossed in 2014", "first crossed") told far down two reports
    back1 = "Iraqi fighters also crossed into Syria in 2014 to defend the Sayyida Zeinab shrine."
    back2 = "Iraqi fighters first crossed into Syria to defend the shrine, the group says."
    ms = [mention("c", "d1", back1, "crossed", "cross", day=None, actors=(), places=()),
          mention("d", "d2", back2, "crossed", "cross", day=None, actors=(), places=())]
    assert same(resolve(ms), 0, 1)  # positions unknown: the wording alone joins them
    assert same(resolve([replace(ms[0], position=0), replace(ms[1], position=1)]), 0, 1)
    assert not same(resolve([replace(ms[0], position=18), replace(ms[1], position=25)]), 0, 1)


def test_different_places_keep_apart():
    s1 = "Fighters crossed the border near Al-Bukamal on Sunday."
    s2 = "Fighters crossed the border near Rabia on Sunday."
    ms = [mention("a", "d1", s1, "crossed", "cross", places=("p-albukamal",), actors=()),
          mention("b", "d2", s2, "crossed", "cross", places=("p-rabia",), actors=())]
    assert not same(resolve(ms), 0, 1)


def test_different_groups_never_join():
    s = "Badr fighters crossed into Syria through the Al-Bukamal crossing on Sunday."
    ms = [mention("a", "d1", s, "crossed", "cross", group="s1"),
          mention("b", "d2", s, "crossed", "cross", group="s2"),
          mention("c", "d3", s, "crossed", "cross", group="s1")]
    labels = resolve(ms)
    assert same(labels, 0, 2)
    assert not same(labels, 0, 1)
    ctx = CorefContext.build(ms)
    assert pair_score(ms[0], ms[1], ctx) == 0.0


def test_different_types_keep_apart():
    ms = [mention("a", "d1", "The militia said it crossed into Syria.", "said", "say", type_="statement"),
          mention("b", "d2", "The militia crossed into Syria.", "crossed", "cross", type_="movement")]
    assert not same(resolve(ms), 0, 1)


# ------------------------------------------------------------------ determinism, scale


def _story(n_docs: int, seed: int = 0) -> list[CorefMention]:
    rng = random.Random(seed)
    out = []
    for d in range(n_docs):
        day = date(2024, 12, 1 + rng.randrange(3))
        who = rng.choice(["e-badr", "e-nujaba", "e-kh"])
        out.append(mention(f"m{d}a", f"d{d}", f"{who} fighters crossed into Syria near Al-Bukamal, source {d % 7} said.",
                           "crossed", "cross", day=day, actors=(who,)))
        out.append(mention(f"m{d}b", f"d{d}", f"An official {d % 11} said the fighters were sent to defend shrines.",
                           "said", "say", day=day, type_="statement", actors=()))
        out.append(mention(f"m{d}c", f"d{d}", f"An airstrike hit a convoy near Deir ez-Zor, killing {d % 5 + 2} people.",
                           "airstrike", "airstrike", day=day, type_="airstrike", places=("p-SY", "p-deirezzor"),
                           actors=()))
    return out


def test_deterministic_and_independent_of_input_order():
    ms = _story(30)
    first = resolve(ms)
    assert resolve(ms) == first
    shuffled = list(ms)
    random.Random(4).shuffle(shuffled)
    again = resolve(shuffled)
    by_id = {m.id: lab for m, lab in zip(shuffled, again)}
    # the same partition (labels may be numbered differently)
    pairs = {(m.id, n.id) for i, m in enumerate(ms) for n in ms[i + 1:] if first[i] == first[ms.index(n)]}
    pairs2 = {(m.id, n.id) for i, m in enumerate(ms) for n in ms[i + 1:] if by_id[m.id] == by_id[n.id]}
    assert pairs == pairs2
    # labels are numbered by first appearance
    seen = []
    for lab in first:
        if lab not in seen:
            seen.append(lab)
    assert seen == list(range(len(seen)))


def test_duplicate_ids_are_rejected():
    ms = _story(1)
    with pytest.raises(ValueError):
        resolve(ms + [ms[0]])


def test_large_blocks_are_paired_by_neighbours_not_all_pairs():
    params = CorefParams(max_block=50, neighbours=10)
    ms = _story(400)  # 400 mentions in each of three blocks
    ctx = CorefContext.build(ms)
    pairs = candidate_pairs(list(range(len(ms))), ms, ctx, params)
    n = len(ms)
    assert len(pairs) <= n * params.neighbours * 2  # blocks share no mention here
    assert len(pairs) < n * (n - 1) / 2 / 20


def test_thousand_documents_resolve_in_seconds():
    ms = _story(1000)  # 3,000 mentions in one story
    t0 = time.perf_counter()
    labels = resolve(ms)
    elapsed = time.perf_counter() - t0
    assert len(labels) == len(ms)
    assert elapsed < 60
    # the three kinds of happening never share a cluster
    kind = {m.id: m.type for m in ms}
    clusters: dict[int, set[str]] = {}
    for m, lab in zip(ms, labels):
        clusters.setdefault(lab, set()).add(kind[m.id])
    assert all(len(v) == 1 for v in clusters.values())

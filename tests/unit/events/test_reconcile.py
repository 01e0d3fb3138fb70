"""Reconciliation rules on hand-built mentions: each rule fires where the
sources disagree and stays quiet where they agree."""

from __future__ import annotations

from datetime import date

from sitrep.events.reconcile import discrepancies
from sitrep.events.resolve import Event, Mention, count_sources

PUB = date(2024, 12, 2)


def mention(key, doc, group, *, count=None, time=None, route=None, purpose=None, status="asserted",
            attribution=None, agents=(), published=PUB):
    data = {"type": "movement", "lemma": "cross", "status": status, "count": count, "route": route,
            "purpose": purpose, "trigger": [0, 5], "sentence": [0, 10], "summary": "fighters crossed",
            "attribution": {"text": attribution, "entities": []} if attribution else None, "agent": None,
            "time": time or {"value": PUB.isoformat(), "earliest": PUB.isoformat(), "latest": PUB.isoformat(),
                             "precision": "day", "inferred": True}}
    return Mention(key=key, doc=doc, story="s-1", data=data, sentence=f"sentence {key}", published=published,
                   group=group, agents=list(agents))


def day(d, text=None):
    return {"value": d, "earliest": d, "latest": d, "precision": "day", "inferred": False, "text": text or d}


def count(lo, hi, text, qualifier=None, unit="fighter", value=None):
    return {"low": lo, "high": hi, "value": value, "unit": unit, "qualifier": qualifier, "text": text}


def ledger(ms, **kw):
    ev = Event(id="v-1", story="s-1", type="movement", mentions=list(ms), summary="fighters crossed",
               source_of=count_sources(ms))
    return {x["field"]: x for x in discrepancies([ev], **kw)}


def test_counts_conflict_when_intervals_are_disjoint():
    out = ledger([mention("a:1", "a", 0, count=count(180, 199, "nearly 200 fighters", "nearly"), attribution="a monitor"),
                  mention("b:1", "b", 1, count=count(300, None, "at least 300 fighters", "at least"))])
    assert "count" in out
    assert len(out["count"]["values"]) == 2


def test_hundreds_and_300_agree():
    out = ledger([mention("a:1", "a", 0, count=count(200, 999, "hundreds of fighters", "hundreds")),
                  mention("b:1", "b", 1, count=count(300, None, "at least 300 fighters", "at least"))])
    assert "count" not in out


def test_counts_of_different_things_are_not_compared():
    out = ledger([mention("a:1", "a", 0, count=count(7, 7, "seven vehicles", unit="vehicle")),
                  mention("b:1", "b", 1, count=count(300, None, "300 fighters"))])
    assert "count" not in out


def test_dates_conflict_and_sunday_equals_first_of_december():
    clash = ledger([mention("a:1", "a", 0, time=day("2024-12-01", "late on Sunday")),
                    mention("b:1", "b", 1, time=day("2024-12-03", "late December 3"))])
    assert clash["date"]["values"][0]["value"] != clash["date"]["values"][1]["value"]
    same = ledger([mention("a:1", "a", 0, time=day("2024-12-01", "Sunday")),
                   mention("b:1", "b", 1, time=day("2024-12-01", "1 December"))])
    assert "date" not in same


def test_inferred_dates_are_not_claims():
    out = ledger([mention("a:1", "a", 0, time=day("2024-12-01")), mention("b:1", "b", 1, published=date(2024, 12, 5))])
    assert "date" not in out


def test_overnight_overlaps_both_days():
    night = {"value": "2024-12-01", "earliest": "2024-12-01", "latest": "2024-12-02", "precision": "day",
             "inferred": False, "text": "overnight"}
    out = ledger([mention("a:1", "a", 0, time=night), mention("b:1", "b", 1, time=day("2024-12-02"))])
    assert "date" not in out


def test_routes():
    out = ledger([mention("a:1", "a", 0, route="using the strategic Dunmere crossing"),
                  mention("b:1", "b", 1, route="using a dirt road to avoid the official border crossing"),
                  mention("c:1", "c", 2, route="using dirt roads to avoid official border crossings")])
    assert len(out["route"]["values"]) == 2


def test_actors_contained_agree_and_disjoint_conflict():
    types = {"e-1": "ORG", "e-2": "ORG", "e-3": "ORG", "e-4": "ORG"}
    names = {"e-1": "Ostra Brigade", "e-2": "Harun Battalion", "e-3": "Sayf Movement", "e-4": "Najm Companies"}
    agree = ledger([mention("a:1", "a", 0, agents=["e-1"]), mention("b:1", "b", 1, agents=["e-1", "e-2"])],
                   entity_type=types, entity_name=names)
    assert "actors" not in agree
    clash = ledger([mention("a:1", "a", 0, agents=["e-1", "e-2"]), mention("b:1", "b", 1, agents=["e-3", "e-4"])],
                   entity_type=types, entity_name=names)
    assert sorted(map(tuple, (v["value"] for v in clash["actors"]["values"]))) == [
        ("Harun Battalion", "Ostra Brigade"), ("Najm Companies", "Sayf Movement")]


def test_occurred_needs_a_denial():
    assert "occurred" not in ledger([mention("a:1", "a", 0), mention("b:1", "b", 1, status="alleged")])
    out = ledger([mention("a:1", "a", 0), mention("b:1", "b", 1, status="denied", attribution="the ministry")])
    assert [v["value"] for v in out["occurred"]["values"]] == ["asserted", "denied"]
    assert out["occurred"]["values"][1]["attributed_to"] == ["the ministry"]


def test_purposes_by_kind():
    out = ledger([mention("a:1", "a", 0, purpose="defend a shrine"),
                  mention("b:1", "b", 1, purpose="aid our comrades on the front lines"),
                  mention("c:1", "c", 2, purpose="support the army against the rebels"),
                  mention("d:1", "d", 3, purpose="avoid airstrikes")])
    values = out["purpose"]["values"]
    assert len(values) == 2  # support ~ aid; avoiding airstrikes is manner, not a reason
    same = ledger([mention("a:1", "a", 0, purpose="help the army"), mention("b:1", "b", 1, purpose="support the army")])
    assert "purpose" not in same


def test_a_copy_never_disagrees_with_its_source():
    # two documents in one independence group, same text, same values
    ms = [mention("a:1", "a", 0, count=count(300, None, "at least 300 fighters", "at least"), time=day("2024-12-01")),
          mention("b:1", "b", 0, count=count(300, None, "at least 300 fighters", "at least"), time=day("2024-12-01"))]
    assert ledger(ms) == {}


def test_same_source_across_outlets_counts_once():
    ms = [mention("a:1", "a", 0, attribution="two Iraqi security sources"),
          mention("b:1", "b", 1, attribution="two Iraqi security sources"),
          mention("c:1", "c", 2, attribution="residents")]
    src = count_sources(ms)
    assert src["a:1"] == src["b:1"] != src["c:1"]
    generic = [mention("a:1", "a", 0, attribution="sources"), mention("b:1", "b", 1, attribution="sources")]
    g = count_sources(generic)
    assert g["a:1"] != g["b:1"]


def test_value_labels_read_like_the_text():
    out = ledger([mention("a:1", "a", 0, count=count(180, 199, "nearly 200 fighters", "nearly", value=200),
                          attribution="m"),
                  mention("b:1", "b", 1, count=count(300, None, "at least 300 fighters", "at least", value=300)),
                  mention("c:1", "c", 2, count=count(24, 99, "dozens of fighters", "dozens"), attribution="o")])
    labels = sorted(v["label"] for v in out["count"]["values"])
    assert labels == ["at least 300", "dozens", "nearly 200"]
    vague = ledger([mention("a:1", "a", 0, count={"low": 200, "high": 999, "value": 200, "unit": "fighter",
                                                  "qualifier": "a few hundred", "text": "a few hundred fighters"}),
                    mention("b:1", "b", 1, count=count(24, 99, "dozens of fighters", "dozens"))])
    assert "a few hundred" in [v["label"] for v in vague["count"]["values"]]


def test_a_repeated_sentence_is_one_event_however_often_it_is_copied(monkeypatch):
    """Copies of one report repeat its sentences verbatim: each repeated
    sentence is one event, resolved once (the pair model is never asked
    about two copies of a sentence)."""
    from sitrep.events import resolve as R

    def copy_of(key, doc, sentence, trigger, group):
        m = mention(key, doc, group)
        m.sentence = sentence
        m.data = {**m.data, "trigger": [100 + trigger[0], 100 + trigger[1]], "sentence": [100, 100 + len(sentence)],
                  "sid": 0}
        return m

    a = "Nearly 200 fighters crossed the border late on Sunday, security sources said."
    b = "The ministry said the army shelled positions near the town on Monday."
    ms = []
    for k in range(6):  # six copies of a two-sentence report, one lineage group
        ms.append(copy_of(f"d{k}:1", f"d{k}", a, (19, 26), 0))
        ms.append(copy_of(f"d{k}:2", f"d{k}", "  " + b.replace(" ", "  ", 1), (26, 33), 0))
    seen = []
    real = R.coref_resolve
    monkeypatch.setattr(R, "coref_resolve", lambda cms, params: seen.append(len(cms)) or real(cms, params))
    events = R.build_events(ms)
    assert seen == [2], "each distinct sentence is resolved once"
    assert sorted(len(e.mentions) for e in events) in ([6, 6], [12])
    assert all(len({m.doc for m in e.mentions}) == 6 for e in events)

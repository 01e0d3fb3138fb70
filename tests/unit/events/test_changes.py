"""The change log's diff on hand-built events and discrepancies."""

from sitrep.events.changes import KINDS, diff


def ev(eid, story="s-a", count=None, day="2025-03-03", status="asserted", place=None, sources=1):
    e = {"id": eid, "story": story, "type": "movement", "summary": f"event {eid}", "status": status,
         "date": {"value": day}, "place": place, "independent_sources": sources}
    if count:
        e["count"] = {"low": count[0], "high": count[1], "unit": "fighters"}
    return e


def kinds(changes):
    return [c["kind"] for c in changes]


def test_nothing_changed():
    a = [ev("v-1", count=(180, 200))]
    assert diff(a, a, [], [], {"s-a": 2}, {"s-a": 2}) == []


def test_new_story_new_event_and_growth():
    out = diff([], [ev("v-1")], [], [], {}, {"s-a": 1})
    assert kinds(out) == ["new_story", "new_event"]
    out = diff([ev("v-1")], [ev("v-1"), ev("v-2")], [], [], {"s-a": 1}, {"s-a": 3})
    assert kinds(out) == ["story_grew", "new_event"]
    assert out[0]["old"] == 1 and out[0]["new"] == 3 and out[1]["event"] == "v-2"


def test_values_that_moved():
    old = [ev("v-1", count=(180, 200), day="2025-03-03", place={"name": "Dalan"}, sources=1)]
    new = [ev("v-1", count=(300, 300), day="2025-03-02", place={"name": "Nerva"}, sources=2)]
    out = {c["kind"]: c for c in diff(old, new, [], [], {"s-a": 1}, {"s-a": 1})}
    assert out["count_changed"]["old"] == "180–200 fighters" and out["count_changed"]["new"] == "300 fighters"
    assert (out["date_changed"]["old"], out["date_changed"]["new"]) == ("2025-03-03", "2025-03-02")
    assert (out["place_changed"]["old"], out["place_changed"]["new"]) == ("Dalan", "Nerva")
    assert (out["sources_changed"]["old"], out["sources_changed"]["new"]) == (1, 2)


def test_a_denial_is_named_once():
    out = diff([ev("v-1")], [ev("v-1", status="denied")], [], [], {"s-a": 1}, {"s-a": 1})
    assert kinds(out) == ["status_changed", "new_denial"]
    x = {"id": "x-1", "story": "s-a", "event": "v-1", "field": "occurred",
         "values": [{"label": "happened"}, {"label": "did not happen"}]}
    out = diff([ev("v-1")], [ev("v-1", status="denied")], [], [x], {"s-a": 1}, {"s-a": 1})
    assert kinds(out).count("new_denial") == 1 and "new_discrepancy" in kinds(out)
    out = diff([ev("v-1")], [ev("v-1")], [], [x], {"s-a": 1}, {"s-a": 1})  # a denial only in the ledger
    assert kinds(out) == ["new_discrepancy", "new_denial"]


def test_removed_and_resolved_and_scope():
    x = {"id": "x-1", "story": "s-a", "event": "v-1", "field": "count", "values": []}
    out = diff([ev("v-1"), ev("v-9", story="s-b")], [], [x], [], {"s-a": 2, "s-b": 1}, {"s-a": 2, "s-b": 1},
               stories=["s-a"])
    assert kinds(out) == ["event_removed", "discrepancy_resolved"]  # s-b is out of scope
    assert diff([], [], [], [], {"s-a": 2}, {}) [0]["kind"] == "story_removed"
    assert set(kinds(out)) <= set(KINDS)

"""Contract tests for the derived rows (both backends)."""

from datetime import date

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect

from sitrep.errors import StoreError
from sitrep.model import Document, LineageLink, Story, WireCredit
from sitrep.store import Store, migrate


def doc(n: int) -> Document:
    h = f"{n:064x}"
    return Document(id=f"d-{n:012x}", source=f"{n}.txt", format="text", content_hash=h, raw_hash=h,
                    body=f"Body text number {n}.", published=date(2025, 1, n))


@pytest.fixture
def filled(store):
    for n in (1, 2, 3):
        store.add_document(doc(n))
    return store


def test_fingerprints_round_trip_and_version(filled):
    filled.save_fingerprints({"d-000000000001": b"\x00\x01abc", "d-000000000002": b"xyz"}, "v1")
    assert filled.load_fingerprints(["d-000000000001", "d-000000000002", "d-000000000003"], "v1") == {
        "d-000000000001": b"\x00\x01abc", "d-000000000002": b"xyz"}
    assert filled.load_fingerprints(["d-000000000001"], "v2") == {}
    filled.save_fingerprints({"d-000000000001": b"new"}, "v2")
    assert filled.load_fingerprints(["d-000000000001"], "v2") == {"d-000000000001": b"new"}


def test_a_numeric_stage_version_is_stored_as_text(filled):
    # lineage's fingerprint version is an int; PostgreSQL will not compare a text column to an integer
    filled.save_fingerprints({"d-000000000001": b"abc"}, 1)
    assert filled.load_fingerprints(["d-000000000001"], 1) == {"d-000000000001": b"abc"}
    assert filled.load_fingerprints(["d-000000000001"], "1") == {"d-000000000001": b"abc"}
    assert filled.load_fingerprints(["d-000000000001"], 2) == {}


def test_lineage_replace_is_whole(filled):
    a = LineageLink("d-000000000002", "d-000000000001", "copy", 0.9, 0.8, True, [(0, 10, 0, 10)])
    filled.replace_lineage([a], [WireCredit("d-000000000001", "MPA", False, "(MPA) -")], "v1")
    assert filled.lineage_links() == [a]
    assert filled.lineage_links("d-000000000001") == [a]
    assert filled.lineage_links("d-000000000003") == []
    assert filled.wire_credits()["d-000000000001"].agency == "MPA"
    b = LineageLink("d-000000000003", "d-000000000001", "excerpt", 0.2, 0.1, False, [])
    filled.replace_lineage([b], [], "v1")
    assert filled.lineage_links() == [b]
    assert filled.wire_credits() == {}


def test_lineage_needs_stored_documents(filled):
    with pytest.raises(StoreError):
        filled.replace_lineage([LineageLink("d-ffffffffffff", "d-000000000001", "copy", 1.0)], [], "v1")
    assert filled.lineage_links() == []


def test_stories_replace_and_membership(filled):
    s1 = Story("s-a", ["d-000000000001", "d-000000000002"], "First", date(2025, 1, 1), date(2025, 1, 2))
    s2 = Story("s-b", ["d-000000000003"], "Second", date(2025, 1, 3), date(2025, 1, 3))
    filled.replace_stories([s2, s1], "v1")
    assert [s.id for s in filled.stories()] == ["s-a", "s-b"]
    assert filled.stories()[0] == s1
    assert filled.story_of() == {"d-000000000001": "s-a", "d-000000000002": "s-a", "d-000000000003": "s-b"}
    filled.replace_stories([Story("s-c", ["d-000000000001"], None, None, None)], "v1")
    assert filled.story_of() == {"d-000000000001": "s-c"}


def _event(eid, story, day, mentions):
    return {"id": eid, "story": story, "type": "movement", "summary": "fighters crossed",
            "date": {"value": day, "precision": "day", "earliest": day, "latest": day},
            "mentions": [{"document": d, "trigger": [t, t + 5], "sentence": "…"} for d, t in mentions]}


def test_events_replace_filter_and_anchors(filled):
    e1 = _event("v-1", "s-a", "2025-01-02", [("d-000000000001", 10), ("d-000000000002", 12)])
    e2 = _event("v-2", "s-b", "2025-01-01", [("d-000000000003", 4)])
    x = {"id": "x-1", "story": "s-a", "event": "v-1", "field": "count", "summary": "How many",
         "values": [{"value": "200", "documents": ["d-000000000001"]}, {"value": "300", "documents": ["d-000000000002"]}]}
    filled.replace_events([e1, e2], [x], "ev1")
    assert [e["id"] for e in filled.events()] == ["v-2", "v-1"]  # by date
    assert filled.events(story="s-a") == [e1]
    assert filled.events(stage_version="other") == []
    assert filled.events_version() == "ev1"
    assert filled.discrepancies() == [x] and filled.discrepancies(story="s-b") == []
    assert filled.event_anchors() == {("d-000000000001", 10): "v-1", ("d-000000000002", 12): "v-1",
                                      ("d-000000000003", 4): "v-2"}
    filled.replace_events([e2], [], "ev2")
    assert filled.events() == [e2] and filled.discrepancies() == []
    assert filled.event_anchors() == {("d-000000000003", 4): "v-2"}


def test_events_need_stored_documents(filled):
    filled.replace_events([_event("v-1", "s-a", "2025-01-02", [("d-000000000001", 1)])], [], "ev1")
    with pytest.raises(StoreError):
        filled.replace_events([_event("v-9", "s-a", "2025-01-02", [("d-ffffffffffff", 1)])], [], "ev1")
    assert [e["id"] for e in filled.events()] == ["v-1"]  # the failed replace left the old events


def test_story_events_replace_only_their_stories_and_log_changes(filled):
    e1 = _event("v-1", "s-a", "2025-01-02", [("d-000000000001", 10)])
    e2 = _event("v-2", "s-b", "2025-01-01", [("d-000000000003", 4)])
    x = {"id": "x-1", "story": "s-b", "event": "v-2", "field": "count", "summary": "How many", "values": []}
    run1 = filled.start_run("analyze", ["a"])
    filled.replace_story_events({"s-a", "s-b"}, [e1, e2], [x], "ev1", {"s-a": ("sig-a", 1), "s-b": ("sig-b", 1)},
                                [{"kind": "new_story", "story": "s-a"}, {"kind": "new_story", "story": "s-b"}], run1)
    assert filled.story_state() == {"s-a": ("sig-a", 1, "ev1"), "s-b": ("sig-b", 1, "ev1")}
    # only s-a is replaced: s-b's event, its anchors and its discrepancy stay
    e1b = _event("v-3", "s-a", "2025-01-03", [("d-000000000001", 10), ("d-000000000002", 7)])
    run2 = filled.start_run("analyze", ["b"])
    filled.replace_story_events({"s-a"}, [e1b], [], "ev1", {"s-a": ("sig-a2", 2)},
                                [{"kind": "story_grew", "story": "s-a", "old": 1, "new": 2}], run2)
    assert [e["id"] for e in filled.events()] == ["v-2", "v-3"]
    assert filled.discrepancies() == [x]
    assert filled.event_anchors() == {("d-000000000001", 10): "v-3", ("d-000000000002", 7): "v-3",
                                      ("d-000000000003", 4): "v-2"}
    assert filled.story_state()["s-a"] == ("sig-a2", 2, "ev1") and filled.story_state()["s-b"][0] == "sig-b"
    # a story in scope without state is gone
    filled.replace_story_events({"s-b"}, [], [], "ev1", {}, [], run2)
    assert set(filled.story_state()) == {"s-a"} and filled.discrepancies() == []
    assert [c["kind"] for c in filled.changes(run=run1)] == ["new_story", "new_story"]
    since = filled.changes(since_run=run1)
    assert [(c["kind"], c["run"]) for c in since] == [("story_grew", run2)]
    assert since[0]["old"] == 1 and since[0]["new"] == 2 and since[0]["at"]
    assert filled.changes(since_run=run2) == []
    assert [c["seq"] for c in filled.changes()] == sorted(c["seq"] for c in filled.changes())
    with pytest.raises(KeyError):
        filled.changes(since_run="r-nope")


def test_a_failed_story_replace_changes_nothing(filled):
    filled.replace_story_events({"s-a"}, [_event("v-1", "s-a", "2025-01-02", [("d-000000000001", 1)])], [], "ev1",
                                {"s-a": ("sig", 1)}, [{"kind": "new_story", "story": "s-a"}], None)
    with pytest.raises(StoreError):
        filled.replace_story_events({"s-a"}, [_event("v-9", "s-a", "2025-01-02", [("d-ffffffffffff", 1)])], [], "ev1",
                                    {"s-a": ("sig2", 1)}, [{"kind": "new_event", "story": "s-a"}], None)
    assert [e["id"] for e in filled.events()] == ["v-1"]
    assert filled.story_state()["s-a"][0] == "sig"
    assert [c["kind"] for c in filled.changes()] == ["new_story"]


def test_a_0001_database_is_upgraded_on_open(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001_documents")
    engine.dispose()
    with Store(url) as s:
        assert s.schema_version() == migrate.head_revision()
        s.add_document(doc(4))
        assert s.count_documents() == 1
    engine = create_engine(url)
    with engine.connect() as conn:
        assert "story_documents" in inspect(conn).get_table_names()
    engine.dispose()


def test_annotations_round_trip_and_version(filled):
    data = {"entities": [{"key": "k", "name": "Ünïcode", "label": "ORG", "forms": ["A"], "mentions": [[0, 1, "ORG"]]}],
            "quotes": [], "times": [], "quantities": [{"low": 300.0, "high": None}]}
    filled.save_annotations({"d-000000000001": data}, "1")
    assert filled.load_annotations(["d-000000000001", "d-000000000002"], "1") == {"d-000000000001": data}
    assert filled.load_annotations(["d-000000000001"], "2") == {}

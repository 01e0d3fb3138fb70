"""Incremental analysis: adding documents recomputes only the stories they
touch, the result equals a clean run over everything, re-running the same
input changes nothing, and the change log says what moved (``sitrep
changes``). Real pipeline (spaCy model), SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.config import Settings, sqlite_url
from sitrep.pipeline import analyze_corpus, analyze_events, ingest
from sitrep.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"
pytest.importorskip("spacy")


def _analyse(db: Path, inputs: list[str]) -> str:
    url = sqlite_url(db)
    with Store(url) as store:
        summary = ingest(inputs, store, Settings(db_url=url))
        analyze_corpus(store)
        analyze_events(store, run_id=summary.run_id)
        return summary.run_id


def _content(db: Path):
    """Events, ledger and stories without event ids (ids keep their history)."""
    with Store(sqlite_url(db)) as store:
        ev = sorted(json.dumps({k: v for k, v in e.items() if k != "id"}, sort_keys=True) for e in store.events())
        led = sorted(json.dumps({k: v for k, v in x.items() if k not in ("id", "event")}, sort_keys=True)
                     for x in store.discrepancies())
        st = sorted((s.id, tuple(s.documents)) for s in store.stories())
    return ev, led, st


@pytest.fixture(scope="module")
def halves(tmp_path_factory):
    root = tmp_path_factory.mktemp("halves")
    a, b = root / "a", root / "b"
    a.mkdir()
    b.mkdir()
    files = sorted(p for p in EXAMPLES.iterdir() if p.is_file())
    for i, p in enumerate(files):
        (a if i < len(files) // 2 else b).joinpath(p.name).write_bytes(p.read_bytes())
    return a, b


def test_adding_documents_equals_a_clean_run(halves, tmp_path):
    a, b = halves
    _analyse(tmp_path / "inc.db", [str(a)])
    _analyse(tmp_path / "inc.db", [str(b)])
    _analyse(tmp_path / "one.db", [str(a), str(b)])
    inc, one = _content(tmp_path / "inc.db"), _content(tmp_path / "one.db")
    assert inc[2] == one[2], "stories differ"
    assert inc[0] == one[0], "events differ"
    assert inc[1] == one[1], "discrepancies differ"
    assert len(one[0]) > 50 and one[1]


def test_only_affected_stories_are_recomputed(halves, tmp_path, monkeypatch):
    from sitrep import events as events_stage

    a, b = halves
    db = tmp_path / "s.db"
    _analyse(db, [str(a)])
    with Store(sqlite_url(db)) as store:
        before = {s.id: set(s.documents) for s in store.stories()}
        kept_events = {e["id"]: e for e in store.events()}
    seen: list[set[str]] = []
    real = events_stage.corpus_events

    def spy(docs, *args, **kwargs):
        seen.append({d.id for d in docs})
        return real(docs, *args, **kwargs)

    monkeypatch.setattr(events_stage, "corpus_events", spy)
    _analyse(db, [str(b)])
    with Store(sqlite_url(db)) as store:
        after = {s.id: set(s.documents) for s in store.stories()}
        events_after = {e["id"]: e for e in store.events()}
    untouched = [sid for sid, docs in before.items() if after.get(sid) == docs]
    assert seen, "the events stage ran"
    recomputed = seen[-1]
    for sid in untouched:  # their documents were not handed to the events stage, their events are the same rows
        assert not (before[sid] & recomputed), sid
        assert {k: v for k, v in events_after.items() if v["story"] == sid} == \
            {k: v for k, v in kept_events.items() if v["story"] == sid}
    changed = [sid for sid in after if after[sid] != before.get(sid)]
    assert changed and all(after[sid] <= recomputed for sid in changed)


def test_rerunning_the_same_input_changes_nothing(halves, tmp_path, monkeypatch):
    from sitrep import events as events_stage

    a, _ = halves
    db = tmp_path / "s.db"
    first = _analyse(db, [str(a)])
    snapshot = _content(db)
    with Store(sqlite_url(db)) as store:
        assert any(c["kind"] == "new_story" for c in store.changes(run=first))
    calls = []
    monkeypatch.setattr(events_stage, "corpus_events", lambda *a, **k: calls.append(1) or ([], []))
    second = _analyse(db, [str(a)])
    assert calls == [], "nothing changed, so no story is recomputed"
    assert _content(db) == snapshot
    with Store(sqlite_url(db)) as store:
        assert store.changes(run=second) == []
        assert store.changes(since_run=first) == []


def _report(title: str, outlet: str, published: str, text: str) -> dict:
    return {"title": title, "outlet": outlet, "published": published,
            "url": f"https://{outlet.lower().replace(' ', '-')}.example/{abs(hash(text)) % 10**8}", "text": text}


def test_change_log_names_new_events_counts_and_denials(tmp_path):
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps(_report(
        "Fighters cross the border into Nerva", "Harbor Wire", "2025-03-04",
        "Nearly 200 fighters crossed the border into Nerva late on Monday, two security sources told Harbor Wire.\n\n"
        "The fighters entered through the Dalan crossing in a convoy of trucks, the sources said.\n\n"
        "Officials in the capital said they were monitoring the situation.")) + "\n", encoding="utf-8")
    second = tmp_path / "second.jsonl"
    second.write_text(json.dumps(_report(
        "Ministry denies fighters crossed into Nerva", "Valley Times", "2025-03-05",
        "At least 300 fighters crossed the border into Nerva on Monday night, a local official told Valley Times.\n\n"
        "The interior ministry denied that any fighters had crossed the border into Nerva, saying the "
        "frontier was fully under control.\n\n"
        "Residents near the Dalan crossing said they heard trucks during the night.")) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    run1 = _analyse(db, [str(first)])
    run2 = _analyse(db, [str(second)])
    with Store(sqlite_url(db)) as store:
        one = store.changes(run=run1)
        two = store.changes(since_run=run1)
        assert store.changes(since_run=run2) == []
    assert {c["kind"] for c in one} >= {"new_story", "new_event"}
    kinds = {c["kind"] for c in two}
    assert "story_grew" in kinds, two
    assert "new_discrepancy" in kinds, two
    assert any(c["kind"] == "new_discrepancy" and c["field"] == "count" for c in two), two
    assert "new_denial" in kinds, two
    assert all(c["run"] == run2 for c in two)


def test_a_pool_of_workers_gives_the_same_annotations_and_report(halves, tmp_path, monkeypatch):
    import os

    from sitrep import pipeline
    from sitrep.config import Settings, sqlite_url
    from sitrep.pipeline import analyze_corpus, analyze_events, annotation_version, ingest

    pids: set[int] = set()
    real_pool = pipeline._annotate_in_pool

    def spy(todo, model, workers):
        for part in real_pool(todo, model, workers):
            pids.add(os.getpid())
            yield part

    monkeypatch.setattr(pipeline, "_annotate_in_pool", spy)
    a, b = halves
    out = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        url = sqlite_url(db)
        with Store(url) as store:
            ingest([str(a), str(b)], store, Settings(db_url=url))
            analyze_corpus(store)
            analyze_events(store, workers=workers)
            docs = store.documents()
            out[workers] = (store.load_annotations([d.id for d in docs], annotation_version()), _content(db))
        assert len(out[workers][0]) == len(docs) >= 20
    assert pids == {os.getpid()}, "the pool ran, and this process stored its results"
    assert out[2][0] == out[1][0], "annotations differ between 1 and 2 workers"
    assert out[2][1] == out[1][1]

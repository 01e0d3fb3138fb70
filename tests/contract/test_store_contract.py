"""The store contract: what every backend (SQLite, PostgreSQL) must do.

Each test gets a fresh database through the ``store`` / ``store_url``
fixtures (see conftest.py) and runs once per backend.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from sitrep.errors import StoreError
from sitrep.model import Document, Rejection, Removal
from sitrep.store import AddResult, Store, migrate, schema, search
from sitrep.store.pgtemp import free_port

HOSTILE = (
    '<script>alert("pwned")</script> \'single\' "double" `tick` \\back\\slash '
    "'; DROP TABLE documents; -- %s %(x)s :param ? "
    "🔥🛰️👩‍👩‍👧 Ma\u0300arrat al-Nu'man · حلب · 阿勒颇 · Łódź\n\ttabbed line\u2028sep"
)


def _engine(url: str):
    return create_engine(url)


# -- schema and migrations ---------------------------------------------------

HEAD = migrate.head_revision()


def test_migration_creates_schema_and_records_revision(store: Store):
    assert store.schema_version() == HEAD == "0006_changes"
    engine = _engine(store.url)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            assert {"documents", "removals", "rejections", "runs", "alembic_version", "fingerprints",
                    "wire_credits", "lineage", "stories", "story_documents", "annotations", "events",
                    "event_mentions", "discrepancies", "search_index", "story_state", "changes"} <= tables
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == HEAD
            # the migration builds exactly what schema.py describes, apart from
            # the backend-specific full-text index (FTS5 table, GIN index)
            context = MigrationContext.configure(conn, opts={
                "compare_type": True,
                "include_name": lambda name, type_, parents: not search.is_backend_only(name),
            })
            assert compare_metadata(context, schema.metadata) == []
    finally:
        engine.dispose()


def test_reopening_does_not_migrate_again(store_url: str, monkeypatch):
    calls: list[str] = []
    real_upgrade = migrate.command.upgrade

    def counting_upgrade(cfg, revision):
        calls.append(revision)
        return real_upgrade(cfg, revision)

    monkeypatch.setattr(migrate.command, "upgrade", counting_upgrade)
    Store(store_url).close()
    assert calls == ["head"]
    with Store(store_url) as again:
        assert again.schema_version() == HEAD
    assert calls == ["head"], "an up-to-date database was migrated again"


def test_concurrent_opens_of_a_fresh_database_migrate_once(store_url: str):
    barrier = threading.Barrier(4)
    outcomes: list[object] = []

    def open_one() -> None:
        barrier.wait()
        try:
            with Store(store_url) as opened:
                outcomes.append(opened.schema_version())
        except BaseException as exc:  # reported below
            outcomes.append(exc)

    threads = [threading.Thread(target=open_one, daemon=True) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert outcomes == [migrate.head_revision()] * 4


def test_unknown_future_revision_is_refused(store_url: str):
    Store(store_url).close()
    engine = _engine(store_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    finally:
        engine.dispose()
    with pytest.raises(StoreError) as caught:
        Store(store_url)
    message = str(caught.value)
    assert "0099_from_the_future" in message
    assert "newer sitrep" in message
    assert "\n" not in message


# -- adding documents ----------------------------------------------------------


def test_add_new_duplicate_and_revision(store: Store, make_doc):
    first = make_doc("Twelve people were killed.", url="https://example.com/a")
    assert store.add_document(first) == AddResult("new", first.id, 1, None)

    assert store.add_document(first) == AddResult("duplicate", first.id, 1, None)

    changed = make_doc("Fourteen people were killed.", url="https://example.com/a")
    result = store.add_document(changed)
    assert result == AddResult("revision", changed.id, 2, first.id)

    other = make_doc("A different report.", url="https://example.com/b")
    assert store.add_document(other).status == "new"
    assert store.count_documents(latest_only=False) == 3


def test_same_document_twice_is_idempotent(store: Store, make_doc):
    doc = make_doc("Shelling continued overnight.")
    store.add_document(doc)
    before = store.get_document(doc.id)
    for _ in range(3):
        assert store.add_document(doc).status == "duplicate"
    # same content under another id (and source) is still the stored document
    renamed = make_doc("Shelling continued overnight.", source="copy.txt", id="d-000000000000")
    assert store.add_document(renamed) == AddResult("duplicate", doc.id, 1, None)
    assert store.count_documents() == 1
    assert store.count_documents(latest_only=False) == 1
    assert store.get_document("d-000000000000") is None
    assert store.get_document(doc.id) == before


def test_revision_chain(store: Store, make_doc):
    url = "https://example.com/live"
    versions = [make_doc(f"Live report, update {n}.", url=url, source=f"save{n}.html") for n in range(4)]
    results = [store.add_document(v) for v in versions]
    assert [r.status for r in results] == ["new", "revision", "revision", "revision"]

    chain = store.revisions(url)
    assert [d.id for d in chain] == [v.id for v in versions]
    assert [d.revision for d in chain] == [1, 2, 3, 4]
    assert [d.supersedes for d in chain] == [None] + [v.id for v in versions[:-1]]

    assert [d.id for d in store.documents()] == [versions[-1].id]
    assert store.count_documents() == 1
    assert store.count_documents(latest_only=False) == 4
    # re-adding an old revision changes nothing
    assert store.add_document(versions[1]) == AddResult("duplicate", versions[1].id, 2, versions[0].id)
    assert len(store.revisions(url)) == 4


def test_revisions_keyed_by_source_without_url(store: Store, make_doc):
    a = make_doc("Version one.", source="inbox/report.txt", url=None)
    b = make_doc("Version two.", source="inbox/report.txt", url=None)
    c = make_doc("Version two.", source="inbox/other.txt", url=None)  # same text elsewhere
    assert store.add_document(a).status == "new"
    assert store.add_document(b) == AddResult("revision", b.id, 2, a.id)
    assert store.add_document(c).status == "duplicate"
    assert [d.id for d in store.revisions("inbox/report.txt")] == [a.id, b.id]


def test_very_long_url_works_as_a_source_key(store: Store, make_doc):
    url = "https://example.com/?q=" + "ÿ" * 6000
    near = url[:-1] + "x"
    one = make_doc("Long url, first.", url=url)
    two = make_doc("Long url, second.", url=url)
    three = make_doc("Long url, different page.", url=near)
    assert store.add_document(one).status == "new"
    assert store.add_document(two).status == "revision"
    assert store.add_document(three).status == "new"
    assert [d.id for d in store.revisions(url)] == [one.id, two.id]
    assert store.get_document(one.id).url == url


def test_unknown_run_id_is_a_store_error(store: Store, make_doc):
    doc = make_doc("Report in a run that does not exist.")
    with pytest.raises(StoreError, match="no run 'r-missing'"):
        store.add_document(doc, run_id="r-missing")
    assert store.count_documents() == 0


def test_invalid_id_is_rejected_before_writing(store: Store, make_doc):
    with pytest.raises(ValueError, match="id must be"):
        store.add_document(make_doc("No id.", id=""))
    assert store.count_documents() == 0


# -- round trips -----------------------------------------------------------------


def test_removals_round_trip_in_order(store: Store, make_doc):
    removed = [
        Removal(line=1, text="Home | World", reason="menu", detail="navigation"),
        Removal(line=9, text="Photo: AFP", reason="caption"),
        Removal(line=30, text="Sign up for our newsletter\nEvery morning", reason="newsletter",
                detail="call to action"),
    ]
    doc = make_doc("Body text.", removed=removed)
    store.add_document(doc)
    assert store.get_document(doc.id).removed == removed
    assert store.documents()[0].removed == removed
    bare = make_doc("No removals here.", removed=[])
    store.add_document(bare)
    assert store.get_document(bare.id).removed == []


def test_every_field_round_trips(store: Store, make_doc):
    doc = make_doc(
        "Body.",
        authors=["Jane Doe", "bne Gulf bureau"],
        published=date(2024, 11, 29),
        published_inferred=True,
        published_evidence="dateline 'Friday'",
        dateline="AMMAN",
        language="en",
        url="https://example.com/x",
        outlet="Dawn",
        format="html",
    )
    store.add_document(doc)
    assert store.get_document(doc.id) == doc
    assert store.find_by_hash(doc.content_hash) == doc

    undated = make_doc("Undated.", authors=[], published=None, title=None, outlet=None)
    store.add_document(undated)
    back = store.get_document(undated.id)
    assert back == undated
    assert back.authors == [] and back.published is None


def test_unicode_and_hostile_text_round_trip(store: Store, make_doc):
    doc = make_doc(
        HOSTILE,
        title=HOSTILE,
        authors=[HOSTILE, "O'Brien"],
        source="weird/" + HOSTILE[:40],
        removed=[Removal(line=2, text=HOSTILE, reason="menu", detail=HOSTILE)],
    )
    store.add_document(doc)
    assert store.get_document(doc.id) == doc
    assert store.find_by_hash(doc.content_hash) == doc
    store.record_rejection(Rejection(source=HOSTILE, reason=HOSTILE))
    assert store.rejections() == [Rejection(source=HOSTILE, reason=HOSTILE)]
    assert store.count_documents() == 1  # the DROP TABLE stayed text


def test_nul_characters_are_dropped_on_every_backend(store: Store, make_doc):
    doc = make_doc("Clean body.", title="Bad\x00title", authors=["A\x00B"])
    store.add_document(doc)
    back = store.get_document(doc.id)
    assert back.title == "Badtitle"
    assert back.authors == ["AB"]


# -- runs and rejections -----------------------------------------------------------


def test_rejections_recorded_with_run_id(store: Store):
    run = store.start_run("ingest", ["a.txt", "b.warc"])
    other = store.start_run("ingest", ["c.txt"])
    store.record_rejection(Rejection(source="a.txt", reason="empty file"), run)
    store.record_rejection(Rejection(source="b.warc", reason="truncated", kind="record"), run)
    store.record_rejection(Rejection(source="c.txt", reason="binary"), other)
    store.record_rejection(Rejection(source="d.txt", reason="no run"))
    assert store.rejections(run) == [
        Rejection(source="a.txt", reason="empty file"),
        Rejection(source="b.warc", reason="truncated", kind="record"),
    ]
    assert store.rejections(other) == [Rejection(source="c.txt", reason="binary")]
    assert [r.source for r in store.rejections()] == ["a.txt", "b.warc", "c.txt", "d.txt"]


def test_runs_record_counts(store: Store, make_doc):
    run = store.start_run("ingest", ["corpus/", "feed.xml"])
    assert store.add_document(make_doc("In a run."), run_id=run).status == "new"
    [started] = store.runs()
    assert started.id == run and started.command == "ingest"
    assert started.inputs == ["corpus/", "feed.xml"]
    assert started.finished_at is None
    assert (started.ingested, started.duplicates, started.revisions, started.rejected) == (0, 0, 0, 0)

    store.finish_run(run, ingested=1, duplicates=2, revisions=3, rejected=4)
    [done] = store.runs()
    assert (done.ingested, done.duplicates, done.revisions, done.rejected) == (1, 2, 3, 4)
    assert done.started_at.tzinfo is not None and done.finished_at.tzinfo is not None
    assert done.started_at <= done.finished_at <= datetime.now(timezone.utc)
    assert store.run(run) == done

    second = store.start_run("analyze", [])
    assert [r.id for r in store.runs()] == [run, second]
    with pytest.raises(StoreError, match="r-nope"):
        store.finish_run("r-nope", ingested=0, duplicates=0, revisions=0, rejected=0)


# -- failures and concurrency ----------------------------------------------------------


def test_failed_add_leaves_store_unchanged(store: Store, make_doc, monkeypatch):
    url = "https://example.com/story"
    first = make_doc("First version.", url=url)
    store.add_document(first)

    def explode(self, conn, document_id, removed):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_insert_removals", explode)
    second = make_doc("Second version.", url=url)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.add_document(second)
    # the document row written before the failure was rolled back with it
    assert store.find_by_hash(second.content_hash) is None
    assert store.get_document(second.id) is None
    assert [d.id for d in store.revisions(url)] == [first.id]
    assert store.count_documents(latest_only=False) == 1

    monkeypatch.undo()
    assert store.add_document(second) == AddResult("revision", second.id, 2, first.id)


def test_lost_race_on_same_hash_reports_duplicate(store: Store, make_doc, monkeypatch):
    doc = make_doc("Another writer stored this between our look and our insert.")
    store.add_document(doc)
    real_lookup = Store._lookup_hash
    looks: list[int] = []

    def stale_first_look(self, conn, content_hash):
        looks.append(1)
        return None if len(looks) == 1 else real_lookup(self, conn, content_hash)

    monkeypatch.setattr(Store, "_lookup_hash", stale_first_look)
    assert store.add_document(doc) == AddResult("duplicate", doc.id, 1, None)
    assert len(looks) >= 2, "the insert conflict was not retried"
    assert store.count_documents(latest_only=False) == 1


def _race(store_url: str, docs: list[Document]) -> list[AddResult]:
    """Add each doc from its own thread and Store (as separate processes would)."""
    stores = [Store(store_url) for _ in docs]
    barrier = threading.Barrier(len(docs))
    results: list[AddResult | BaseException] = [None] * len(docs)  # type: ignore[list-item]

    def work(i: int) -> None:
        barrier.wait()
        try:
            results[i] = stores[i].add_document(docs[i])
        except BaseException as exc:  # reported below
            results[i] = exc

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(len(docs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a writer is stuck"
    for s in stores:
        s.close()
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors
    return results  # type: ignore[return-value]


def test_concurrent_adds_of_same_hash_store_one_row(store: Store, make_doc):
    doc = make_doc("Everyone saved the same page.")
    results = _race(store.url, [doc] * 6)
    assert sorted(r.status for r in results) == ["duplicate"] * 5 + ["new"]
    assert {r.id for r in results} == {doc.id}
    assert store.count_documents(latest_only=False) == 1
    assert store.get_document(doc.id).removed == doc.removed


def test_concurrent_revisions_form_one_chain(store: Store, make_doc):
    url = "https://example.com/racing"
    docs = [make_doc(f"Racing revision {n}.", url=url) for n in range(5)]
    results = _race(store.url, docs)
    assert sorted(r.status for r in results) == ["new"] + ["revision"] * 4
    chain = store.revisions(url)
    assert [d.revision for d in chain] == [1, 2, 3, 4, 5]
    assert [d.supersedes for d in chain] == [None] + [d.id for d in chain[:-1]]
    assert store.count_documents() == 1


# -- listing ---------------------------------------------------------------------------


def test_documents_order_and_latest_only(store: Store, make_doc):
    late = make_doc("Late.", published=date(2024, 12, 5), id="d-bbbb")
    early = make_doc("Early.", published=date(2024, 11, 29), id="d-zzzz")
    same_day_a = make_doc("Same day A.", published=date(2024, 12, 1), id="d-aaaa")
    same_day_b = make_doc("Same day B.", published=date(2024, 12, 1), id="d-cccc")
    undated = make_doc("Undated.", published=None, id="d-0000")
    old = make_doc("Old revision.", published=date(2024, 11, 1), id="d-1111", url="https://e.com/r")
    new = make_doc("New revision.", published=date(2024, 12, 2), id="d-2222", url="https://e.com/r")
    for d in (late, undated, same_day_b, early, old, same_day_a, new):
        store.add_document(d)

    assert [d.id for d in store.documents()] == ["d-zzzz", "d-aaaa", "d-cccc", "d-2222", "d-bbbb", "d-0000"]
    assert [d.id for d in store.documents(latest_only=False)] == [
        "d-1111", "d-zzzz", "d-aaaa", "d-cccc", "d-2222", "d-bbbb", "d-0000"]
    assert [d.id for d in store.documents(limit=2, offset=1)] == ["d-aaaa", "d-cccc"]
    assert store.documents(limit=0) == []
    assert store.count_documents() == 6
    assert store.count_documents(latest_only=False) == 7
    with pytest.raises(ValueError):
        store.documents(offset=-1)


def test_outlets_lists_each_stored_outlet_once(store: Store, make_doc):
    assert store.outlets() == []
    for body, outlet in [("One.", "Dawn"), ("Two.", "Al-Monitor"), ("Three.", "Dawn"), ("Four.", None)]:
        store.add_document(make_doc(body, outlet=outlet))
    assert store.outlets() == ["Al-Monitor", "Dawn"]


# -- opening and closing -------------------------------------------------------------------


def test_closed_store_refuses_work(store_url: str):
    opened = Store(store_url)
    opened.close()
    opened.close()  # twice is fine
    with pytest.raises(StoreError, match="closed"):
        opened.count_documents()


def test_unopenable_sqlite_path_names_the_path(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    under_file = blocker / "sub" / "sitrep.db"
    with pytest.raises(StoreError, match=r"cannot open database .*a-file/sub/sitrep\.db: "):
        Store(f"sqlite:///{under_file}")

    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    with pytest.raises(StoreError, match=r"cannot open database .*a-folder\.db: "):
        Store(f"sqlite:///{folder}")

    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a SQLite database, just some text " * 100)
    with pytest.raises(StoreError, match=r"cannot open database .*garbage\.db: .*not a database"):
        Store(f"sqlite:///{garbage}")


def test_sqlite_creates_missing_folders_and_uses_wal(tmp_path):
    path = tmp_path / "new" / "deeper" / "sitrep.db"
    with Store(f"sqlite:///{path}") as opened:
        assert opened.schema_version() == HEAD
    assert path.is_file()
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
    finally:
        engine.dispose()


def test_unreachable_postgres_is_a_store_error():
    url = f"postgresql+psycopg://postgres:secret@127.0.0.1:{free_port()}/nowhere"
    with pytest.raises(StoreError) as caught:
        Store(url)
    message = str(caught.value)
    assert message.startswith("cannot open database postgresql+psycopg://postgres:***@127.0.0.1:")
    assert "secret" not in message and "\n" not in message


def test_has_hash(store):
    from sitrep.model import Document

    doc = Document(id="d-aaaaaaaaaaaa", source="x.txt", format="text", content_hash="a" * 64, raw_hash="b" * 64, body="Body text.")
    assert store.has_hash("a" * 64) is None
    store.add_document(doc)
    assert store.has_hash("a" * 64) == "d-aaaaaaaaaaaa"

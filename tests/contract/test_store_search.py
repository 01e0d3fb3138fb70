"""Full-text search (store/search.py): the same behaviour on SQLite (FTS5)
and PostgreSQL (tsvector GIN index); each test runs on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect

from sitrep.store import Store, search


@pytest.fixture
def corpus(store: Store, make_doc):
    docs = {
        "strike": make_doc("An air strike hit the depot near Sevrin on Sunday. Officials said 12 people died.",
                           title="Air strike on Sevrin depot"),
        "convoy": make_doc("A convoy of militias crossed the Tal Qasr crossing overnight, witnesses said.",
                           title="Militias cross the border"),
        "strikes": make_doc("Two more strikes were reported south of Brask; the monitor counted 40 air raids.",
                            title="Raids continue"),
        "title_only": make_doc("Nothing in this body mentions it.", title="Sevrin council meets"),
    }
    for d in docs.values():
        store.add_document(d)
    return docs


def ids(result) -> set[str]:
    return {h.document for h in result.hits}


def test_backend_index_exists(store: Store):
    engine = create_engine(store.url)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                assert search.FTS_TABLE in inspect(conn).get_table_names()
            else:
                names = {i["name"] for i in inspect(conn).get_indexes("documents")}
                assert search.PG_INDEX in names
    finally:
        engine.dispose()


def test_words_stems_and_and(store: Store, corpus):
    found = store.search("strike")
    # the stemmer matches "strikes"; the title-only document does not say it
    assert ids(found) == {corpus["strike"].id, corpus["strikes"].id}
    assert found.total == 2
    assert ids(store.search("strike Sevrin")) == {corpus["strike"].id}  # every word must match
    assert ids(store.search("Sevrin")) == {corpus["strike"].id, corpus["title_only"].id}
    assert store.search("submarine").total == 0


def test_phrase(store: Store, corpus):
    assert ids(store.search('"air strike"')) == {corpus["strike"].id}
    assert ids(store.search('"strike air"')) == set()


@pytest.mark.parametrize("query", ['"', 'NEAR(a b)', "title:x", "a* OR -b", "'; DROP TABLE documents; --",
                                   ":q %s ? \\", "AND", "<script>alert(1)</script>"])
def test_hostile_queries_do_not_break(store: Store, corpus, query):
    try:
        result = store.search(query)
    except ValueError:
        assert not search.parse_query(query)
    else:
        assert result.total >= 0
    assert store.count_documents() == 4


def test_empty_query_and_bad_paging(store: Store, corpus):
    with pytest.raises(ValueError):
        store.search("  ?! ")
    with pytest.raises(ValueError):
        store.search("strike", limit=-1)


def test_paging_and_total(store: Store, corpus):
    every = store.search("the")  # FTS5 indexes stop words, PostgreSQL's English configuration drops them
    assert every.total == (0 if store.url.startswith("postgresql") else 3)
    all_sevrin = store.search("Sevrin", limit=10)
    first = store.search("Sevrin", limit=1)
    second = store.search("Sevrin", limit=1, offset=1)
    assert first.total == second.total == all_sevrin.total == 2
    assert [h.document for h in first.hits + second.hits] == [h.document for h in all_sevrin.hits]
    assert store.search("Sevrin", limit=5, offset=5).hits == []


def test_snippets_mark_matches(store: Store, corpus):
    hit = next(h for h in store.search("depot").hits)
    assert hit.highlights, hit
    for start, end in hit.highlights:
        assert hit.snippet[start:end].lower().startswith("depot")
    assert search.MARK_START not in hit.snippet and search.MARK_END not in hit.snippet


def test_only_latest_revision(store: Store, make_doc):
    old = make_doc("The ferry sank off the coast.", url="https://example.com/ferry")
    new = make_doc("The ferry sank off the coast; 30 rescued.", url="https://example.com/ferry")
    store.add_document(old)
    assert ids(store.search("ferry")) == {old.id}
    store.add_document(new)
    assert ids(store.search("ferry")) == {new.id}


def test_documents_added_later_are_found(store: Store, make_doc):
    store.add_document(make_doc("First report of the flood."))
    assert store.search("flood").total == 1
    store.add_document(make_doc("Second report of the flood."))
    assert store.search("flood").total == 2
    assert store.update_search_index() == 0


def test_hostile_text_is_found_as_text(store: Store, make_doc):
    doc = make_doc('<script>alert(1)</script> "><img src=x onerror=alert(1)> javascript:alert(1) harbour',
                   title="<b>harbour</b>")
    store.add_document(doc)
    hit = store.search("harbour").hits[0]
    assert hit.document == doc.id
    assert "harbour" in hit.snippet


def test_like_fallback_without_fts5(tmp_path, make_doc, monkeypatch):
    """A SQLite built without FTS5 searches with LIKE (SQLite only)."""
    from sitrep.config import sqlite_url

    with Store(sqlite_url(tmp_path / "like.db")) as store:
        hit_doc = make_doc("An air strike hit the depot near Sevrin on Sunday.", title="Air strike")
        store.add_document(hit_doc)
        store.add_document(make_doc("A depot elsewhere.", title="Depot"))
        monkeypatch.setattr(store, "_fts", False)
        result = store.search("sevrin depot")
        assert ids(result) == {hit_doc.id}
        hit = result.hits[0]
        assert sorted(hit.snippet[s:e].lower() for s, e in hit.highlights) == ["depot", "sevrin"]


def test_parse_query():
    assert search.parse_query('militias "Tal Qasr" crossing militias') == ["Tal Qasr", "militias", "crossing"]
    assert search.parse_query("NEAR(a, b) OR c*") == ["NEAR", "a", "b", "OR", "c"]
    # operators of either query language arrive quoted, as plain words
    assert search._fts_query(["OR", "a b"]) == '"OR" "a b"'
    assert search._pg_query(["OR", "a b"]) == '"OR" "a b"'
    assert search.parse_query('"" ?') == []
    assert search.split_marks("a \ue000b\ue001 c") == ("a b c", [(2, 3)])


def test_change_marker_moves_with_the_data(store: Store, make_doc):
    from sitrep.model import Story

    first = store.change_marker()
    assert store.change_marker() == first
    doc = make_doc("A report about the dam.")
    store.add_document(doc)
    second = store.change_marker()
    assert second != first
    store.replace_stories([Story("s-1", [doc.id], "Dam", None, None)], "v1")
    third = store.change_marker()
    assert third != second
    store.replace_events([], [], "e1")
    assert store.change_marker() == third  # nothing there, nothing changed

"""Full-text search over the stored documents (title and clean body).

    result = store.search("militias crossing", limit=20)
    result.total, [(h.document, h.snippet, h.highlights) for h in result.hits]

Two backends, one behaviour:

- **SQLite**: an FTS5 table ``search_fts`` (porter stemmer, diacritics
  folded) ranked with BM25 (title weighted 4:1). Documents are copied into it
  lazily: :meth:`SearchRows.update_search_index` adds every document that
  ``search_index`` does not list under the current :data:`SEARCH_VERSION`, and
  every search runs it first, so documents stored by any command are found.
  A SQLite built without FTS5 has no ``search_fts``; search then falls back to
  LIKE (every word, case-insensitive), unranked.
- **PostgreSQL**: an expression GIN index on
  ``to_tsvector('english', title || ' ' || body)`` that the database keeps up
  to date itself, ranked with ``ts_rank_cd``, snippets from ``ts_headline``.

Queries are words and "quoted phrases"; every one must match (AND). Nothing
of the user's text reaches either query language unquoted. Stop words differ:
PostgreSQL's English configuration ignores "the", "of", … while FTS5 indexes
them. Only the latest revision of a report is returned.

A snippet is plain text; ``highlights`` are ``(start, end)`` character
offsets of the matched words in it, so a caller escapes the text and marks
the ranges itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import bindparam, text

#: version of what the SQLite index holds; a change re-indexes every document
SEARCH_VERSION = "1"
#: SQLite FTS5 table (its shadow tables share the prefix)
FTS_TABLE = "search_fts"
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"
#: PostgreSQL expression index and the expression it indexes (same text in the migration)
PG_INDEX = "ix_documents_search"
PG_DOCUMENT = "to_tsvector('english', coalesce(title, '') || ' ' || body)"
#: most words and phrases a query may have
MAX_TERMS = 32
#: characters that mark matches inside snippets on their way out of the database
MARK_START, MARK_END = "\ue000", "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')


def is_backend_only(name: str | None) -> bool:
    """Whether a table or index name belongs to the backend-specific search
    index (FTS5 table and shadow tables, PostgreSQL expression index), which
    ``schema.py`` does not describe."""
    return bool(name) and (name == PG_INDEX or name.startswith(FTS_TABLE))


@dataclass(frozen=True)
class SearchHit:
    document: str
    rank: float
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class SearchResult:
    query: str
    terms: list[str]
    total: int
    hits: list[SearchHit]


def parse_query(query: str) -> list[str]:
    """The words and phrases of a query, phrases first, without repeats (a
    phrase is its words joined by one space). Punctuation and operators are
    dropped."""
    phrases = [" ".join(_WORD.findall(p)) for p in _PHRASE.findall(query)]
    words = _WORD.findall(_PHRASE.sub(" ", query))
    out: list[str] = []
    seen: set[str] = set()
    for t in [*phrases, *words]:
        if t and t.lower() not in seen:
            seen.add(t.lower())
            out.append(t)
    return out[:MAX_TERMS]


def split_marks(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """A snippet with :data:`MARK_START`/:data:`MARK_END` around matches ->
    (plain text, match ranges in it)."""
    plain: list[str] = []
    ranges: list[tuple[int, int]] = []
    pos, start = 0, None
    for ch in marked:
        if ch == MARK_START:
            start = pos
        elif ch == MARK_END:
            if start is not None and pos > start:
                ranges.append((start, pos))
            start = None
        else:
            plain.append(ch)
            pos += 1
    return "".join(plain), ranges


def _fts_query(terms: list[str]) -> str:
    # every term a quoted FTS5 string: no operator or column filter survives
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _pg_query(terms: list[str]) -> str:
    # websearch_to_tsquery syntax with every term quoted, so "or" and "-" are words
    return " ".join(f'"{t}"' for t in terms)


_LATEST = "NOT EXISTS (SELECT 1 FROM documents newer WHERE newer.supersedes = {col})"


class SearchRows:
    """Mixed into :class:`~sitrep.store.Store`; uses its ``_transaction``."""

    _fts: bool | None = None

    def _has_fts(self, conn) -> bool:
        if self._fts is None:
            found = conn.execute(
                text("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": FTS_TABLE}
            ).scalar_one()
            self._fts = bool(found)
        return self._fts

    def update_search_index(self) -> int:
        """Bring SQLite's FTS5 table up to date with the stored documents;
        returns how many documents were added (0 on PostgreSQL, whose index
        the database maintains)."""
        with self._transaction(write=False) as conn:
            if conn.dialect.name != "sqlite" or not self._has_fts(conn):
                return 0
            missing = conn.execute(text(
                "SELECT 1 FROM documents d WHERE NOT EXISTS (SELECT 1 FROM search_index s "
                "WHERE s.document_id = d.id AND s.stage_version = :v) LIMIT 1"), {"v": SEARCH_VERSION}).first()
        if missing is None:
            return 0
        with self._transaction(write=True) as conn:
            stale = "SELECT document_id FROM search_index WHERE stage_version != :v"
            conn.execute(text(f"DELETE FROM {FTS_TABLE} WHERE document_id IN ({stale})"), {"v": SEARCH_VERSION})
            conn.execute(text("DELETE FROM search_index WHERE stage_version != :v"), {"v": SEARCH_VERSION})
            todo = "FROM documents d WHERE NOT EXISTS (SELECT 1 FROM search_index s WHERE s.document_id = d.id)"
            added = conn.execute(text(
                f"INSERT INTO {FTS_TABLE} (document_id, title, body) SELECT d.id, coalesce(d.title, ''), d.body {todo}"
            )).rowcount
            conn.execute(text(f"INSERT INTO search_index (document_id, stage_version) SELECT d.id, :v {todo}"),
                         {"v": SEARCH_VERSION})
        return int(added or 0)

    def change_marker(self) -> tuple:
        """A cheap value that changes when documents are added or a stage
        rewrites its rows (counts and latest timestamps of each table); for
        readers that cache what they derive from the store, like the web
        server. A stage that replaces its rows with the same number of rows
        may leave it unchanged, so such readers also expire their cache."""
        tables = ("documents", "annotations", "lineage", "wire_credits", "stories", "story_documents", "events",
                  "event_mentions", "discrepancies", "runs", "rejections")
        parts = [f"(SELECT count(*) FROM {t})" for t in tables]
        parts += ["(SELECT max(ingested_at) FROM documents)", "(SELECT max(finished_at) FROM runs)"]
        parts += [f"(SELECT max(stage_version) FROM {t})" for t in ("annotations", "lineage", "stories", "events")]
        with self._transaction(write=False) as conn:
            return tuple(str(v) for v in conn.execute(text("SELECT " + ", ".join(parts))).one())

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> SearchResult:
        """Documents matching every word and phrase of ``query``, best first
        (ties by id), with a snippet each. ``ValueError`` when the query has
        no words or ``limit``/``offset`` are negative."""
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must be >= 0")
        terms = parse_query(query)
        if not terms:
            raise ValueError("the query has no words to search for")
        self.update_search_index()
        with self._transaction(write=False) as conn:
            if conn.dialect.name == "postgresql":
                total, rows = _search_pg(conn, terms, limit, offset)
            elif self._has_fts(conn):
                total, rows = _search_fts(conn, terms, limit, offset)
            else:
                total, rows = _search_like(conn, terms, limit, offset)
        hits = []
        for doc_id, rank, marked in rows:
            snippet, ranges = split_marks(" ".join((marked or "").split()))
            hits.append(SearchHit(doc_id, float(rank or 0.0), snippet, ranges))
        return SearchResult(query, terms, total, hits)


def _search_fts(conn, terms, limit, offset):
    match = _fts_query(terms)
    latest = _LATEST.format(col=f"{FTS_TABLE}.document_id")
    where = f"{FTS_TABLE} MATCH :q AND {latest}"
    total = conn.execute(text(f"SELECT count(*) FROM {FTS_TABLE} WHERE {where}"), {"q": match}).scalar_one()
    rows = conn.execute(text(
        f"SELECT document_id, bm25({FTS_TABLE}, 0.0, 4.0, 1.0) AS rank, "
        f"snippet({FTS_TABLE}, -1, :a, :b, '…', 32) AS snip FROM {FTS_TABLE} WHERE {where} "
        "ORDER BY rank, document_id LIMIT :limit OFFSET :offset"
    ), {"q": match, "a": MARK_START, "b": MARK_END, "limit": limit, "offset": offset}).all()
    # bm25 is lower-is-better; report higher-is-better like PostgreSQL
    return int(total), [(r.document_id, -r.rank, r.snip) for r in rows]


def _search_pg(conn, terms, limit, offset):
    params = {"q": _pg_query(terms), "limit": limit, "offset": offset,
              "opts": f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords=35, MinWords=15, '
                      'MaxFragments=2, FragmentDelimiter=" … "'}
    where = f"{PG_DOCUMENT} @@ websearch_to_tsquery('english', :q) AND {_LATEST.format(col='documents.id')}"
    total = conn.execute(text(f"SELECT count(*) FROM documents WHERE {where}"), params).scalar_one()
    rows = conn.execute(text(
        "SELECT page.id, page.rank, ts_headline('english', coalesce(d.title, '') || ' ' || d.body, "
        "websearch_to_tsquery('english', :q), :opts) AS snip FROM ("
        f"  SELECT documents.id, ts_rank_cd({PG_DOCUMENT}, websearch_to_tsquery('english', :q)) AS rank"
        f"  FROM documents WHERE {where} ORDER BY rank DESC, documents.id LIMIT :limit OFFSET :offset"
        ") page JOIN documents d ON d.id = page.id ORDER BY page.rank DESC, page.id"
    ), params).all()
    return int(total), [(r.id, r.rank, r.snip) for r in rows]


def _search_like(conn, terms, limit, offset):
    params: dict = {}
    clauses = []
    for i, t in enumerate(terms):
        params[f"t{i}"] = "%" + t.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append(f"(lower(coalesce(title, '')) LIKE :t{i} ESCAPE '\\' OR lower(body) LIKE :t{i} ESCAPE '\\')")
    where = " AND ".join(clauses) + " AND " + _LATEST.format(col="documents.id")
    total = conn.execute(text(f"SELECT count(*) FROM documents WHERE {where}"), params).scalar_one()
    rows = conn.execute(text(
        f"SELECT id, title, body FROM documents WHERE {where} ORDER BY id LIMIT :limit OFFSET :offset"
    ).bindparams(bindparam("limit"), bindparam("offset")), {**params, "limit": limit, "offset": offset}).all()
    return int(total), [(r.id, 0.0, _like_snippet(r.body, terms)) for r in rows]


def _like_snippet(body: str, terms: list[str], width: int = 200) -> str:
    low = body.lower()
    at = min((i for i in (low.find(t.lower()) for t in terms) if i >= 0), default=0)
    start = max(0, at - width // 3)
    piece = body[start : start + width]
    for t in sorted(terms, key=len, reverse=True):
        piece = re.sub(re.escape(t), lambda m: MARK_START + m.group(0) + MARK_END, piece, flags=re.IGNORECASE)
    return ("…" if start else "") + piece + ("…" if start + width < len(body) else "")

"""The :class:`Store`: every read and write of sitrep's database.

Documents are append-only. Adding a document whose content hash is already
stored changes nothing and reports a duplicate; adding a different text for a
``source_key`` (the URL when known, else the source) already stored adds a new
revision that ``supersedes`` the latest one. Each add is one transaction, and
races between writers are settled by the unique constraints in
:mod:`~sitrep.store.schema`: the loser rolls back, looks again, and reports
what it finds.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal

from sqlalchemy import Connection, Row, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..errors import StoreError
from ..model import Document, Rejection, Removal
from .corpus import CorpusRows
from .engine import WRITE_OPTION, one_line, open_engine
from .migrate import current_revision, is_current, migrate
from .schema import HASH_LENGTH, ID_LENGTH, documents, rejections, removals, runs
from .search import SearchRows

#: How many times an add is retried after losing a race to another writer.
ADD_ATTEMPTS = 5
#: Longest source key stored as is (bytes of UTF-8); longer keys are shortened
#: to a prefix plus their SHA-256 so they fit in an index on every backend.
MAX_SOURCE_KEY_BYTES = 1024
#: Ids per ``IN (...)`` when loading removals for many documents.
_CHUNK = 500

AddStatus = Literal["new", "duplicate", "revision"]


@dataclass(frozen=True)
class AddResult:
    """What :meth:`Store.add_document` did.

    ``status`` is ``new``, ``duplicate`` (``id`` is then the stored document
    with the same content) or ``revision`` (``supersedes`` is the previous
    revision's id).
    """

    status: AddStatus
    id: str
    revision: int = 1
    supersedes: str | None = None


@dataclass(frozen=True)
class RunRecord:
    """One ``sitrep`` command run and its counts (zero until finished)."""

    id: str
    command: str
    inputs: list[str]
    started_at: datetime
    finished_at: datetime | None
    ingested: int
    duplicates: int
    revisions: int
    rejected: int


def source_key(value: str) -> str:
    """The stored form of a source key (a URL or source as given).

    Keys up to :data:`MAX_SOURCE_KEY_BYTES` are kept verbatim; a longer one
    becomes a prefix plus ``#sha256=<digest of the whole key>``.
    """
    raw = value.encode("utf-8")
    if len(raw) <= MAX_SOURCE_KEY_BYTES:
        return value
    digest = hashlib.sha256(raw).hexdigest()
    prefix = raw[: MAX_SOURCE_KEY_BYTES - 80].decode("utf-8", "ignore")
    return f"{prefix}#sha256={digest}"


def _clean(value: Any) -> Any:
    """Text without NUL characters, which PostgreSQL cannot store (SQLite
    could, but both backends must give back the same text)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    return value


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Store(CorpusRows, SearchRows):
    """sitrep's database: SQLite (a file path URL) or PostgreSQL (``postgresql+psycopg://``).

    Opening migrates a fresh or older database to the current schema. Errors
    the database reports become :class:`~sitrep.errors.StoreError` with a
    one-line message naming the database. Safe to share between threads; use
    one ``Store`` per process.
    """

    def __init__(self, url: str):
        self.url = url
        self._engine, self.name = open_engine(url)
        self._writer = self._engine.execution_options(**{WRITE_OPTION: True})
        self._closed = False
        try:
            # look first without the write lock: opening an up-to-date
            # database must not wait for (or block) other writers
            with self._engine.begin() as conn:
                current = is_current(conn, self.name)
            if not current:
                with self._writer.begin() as conn:
                    migrate(conn, self.name)
        except StoreError:
            self._engine.dispose()
            raise
        except SQLAlchemyError as exc:
            self._engine.dispose()
            raise StoreError(f"cannot open database {self.name}: {one_line(exc)}") from exc

    # -- lifecycle -----------------------------------------------------------

    def close(self) -> None:
        """Release every connection. The store cannot be used afterwards."""
        if not self._closed:
            self._closed = True
            self._engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.name!r})"

    @contextmanager
    def _transaction(self, *, write: bool, raw_integrity: bool = False) -> Iterator[Connection]:
        """One transaction; database errors become :class:`StoreError`.

        ``raw_integrity`` lets a constraint violation through unchanged, for
        callers that resolve races themselves.
        """
        if self._closed:
            raise StoreError(f"database {self.name} is closed")
        try:
            with (self._writer if write else self._engine).begin() as conn:
                yield conn
        except IntegrityError as exc:
            if raw_integrity:
                raise
            raise StoreError(f"cannot write to database {self.name}: {one_line(exc)}") from exc
        except SQLAlchemyError as exc:
            verb = "write to" if write else "read"
            raise StoreError(f"cannot {verb} database {self.name}: {one_line(exc)}") from exc

    def schema_version(self) -> str | None:
        """The Alembic revision the database is at (``0001_documents``, ...)."""
        with self._transaction(write=False) as conn:
            return current_revision(conn)

    # -- documents -----------------------------------------------------------

    def add_document(
        self,
        doc: Document,
        run_id: str | None = None,
        *,
        stage: str = "clean",
        stage_version: str | None = None,
    ) -> AddResult:
        """Store ``doc`` (with its removals) unless its content is already stored.

        ``doc.revision`` and ``doc.supersedes`` are ignored: the store decides
        them from what it already holds for the same source key. Existing rows
        are never changed. Raises ``ValueError`` for an id or hash that does
        not fit the schema, :class:`StoreError` when the database fails or
        ``run_id`` names no run.
        """
        _check_document(doc)
        key = source_key(doc.url or doc.source)
        last: IntegrityError | None = None
        for _ in range(ADD_ATTEMPTS):
            try:
                with self._transaction(write=True, raw_integrity=True) as conn:
                    return self._add(conn, doc, key, run_id, stage, stage_version)
            except IntegrityError as exc:
                # another writer stored the same content or the same next
                # revision between our look and our insert: look again
                last = exc
                self._explain_conflict(doc, run_id)
        raise StoreError(
            f"cannot add document {doc.id} ({doc.source}) to database {self.name}: "
            f"{one_line(last) if last else 'too many conflicting writers'}"
        )

    def _add(
        self,
        conn: Connection,
        doc: Document,
        key: str,
        run_id: str | None,
        stage: str,
        stage_version: str | None,
    ) -> AddResult:
        found = self._lookup_hash(conn, doc.content_hash)
        if found is not None:
            return AddResult("duplicate", found.id, found.revision, found.supersedes)
        latest = conn.execute(
            select(documents.c.id, documents.c.revision)
            .where(documents.c.source_key == key)
            .order_by(documents.c.revision.desc())
            .limit(1)
        ).first()
        revision, supersedes = (latest.revision + 1, latest.id) if latest else (1, None)
        values = {
            "id": doc.id,
            "content_hash": doc.content_hash,
            "raw_hash": doc.raw_hash,
            "source": doc.source,
            "source_key": key,
            "format": doc.format,
            "title": doc.title,
            "outlet": doc.outlet,
            "authors": [_clean(a) for a in doc.authors],
            "published": doc.published,
            "published_inferred": bool(doc.published_inferred),
            "published_evidence": doc.published_evidence,
            "dateline": doc.dateline,
            "language": doc.language,
            "url": doc.url,
            "body": doc.body,
            "revision": revision,
            "supersedes": supersedes,
            "ingested_at": _utcnow(),
            "run_id": run_id,
            "stage": stage,
            "stage_version": stage_version,
        }
        conn.execute(insert(documents).values({k: _clean(v) for k, v in values.items()}))
        self._insert_removals(conn, doc.id, doc.removed)
        return AddResult("revision" if latest else "new", doc.id, revision, supersedes)

    def _lookup_hash(self, conn: Connection, content_hash: str) -> Row | None:
        """The (id, revision, supersedes) of the document with this hash."""
        return conn.execute(
            select(documents.c.id, documents.c.revision, documents.c.supersedes).where(
                documents.c.content_hash == content_hash
            )
        ).first()

    def _insert_removals(self, conn: Connection, document_id: str, removed: Sequence[Removal]) -> None:
        if not removed:
            return
        conn.execute(
            insert(removals),
            [
                {
                    "document_id": document_id,
                    "seq": seq,
                    "line": r.line,
                    "reason": _clean(r.reason),
                    "detail": _clean(r.detail or ""),
                    "text": _clean(r.text),
                }
                for seq, r in enumerate(removed)
            ],
        )

    def _explain_conflict(self, doc: Document, run_id: str | None) -> None:
        """After a constraint violation: raise for causes a retry cannot fix."""
        with self._transaction(write=False) as conn:
            if self._lookup_hash(conn, doc.content_hash) is not None:
                return  # a concurrent writer stored it: the retry reports a duplicate
            if run_id is not None and conn.execute(
                select(runs.c.id).where(runs.c.id == run_id)
            ).first() is None:
                raise StoreError(f"cannot add document {doc.id} ({doc.source}): no run {run_id!r}")
            if conn.execute(select(documents.c.id).where(documents.c.id == doc.id)).first():
                raise StoreError(
                    f"cannot add document {doc.id} ({doc.source}): "
                    "that id is already used by a document with different content"
                )

    def get_document(self, id: str) -> Document | None:
        """The document with this id, with its removals, or None."""
        return self._one(documents.c.id == id)

    def find_by_hash(self, content_hash: str) -> Document | None:
        """The document with this content hash, or None."""
        return self._one(documents.c.content_hash == content_hash)

    def has_hash(self, content_hash: str) -> str | None:
        """The id of the document with this content hash, or None (cheap)."""
        query = select(documents.c.id).where(documents.c.content_hash == content_hash)
        with self._transaction(write=False) as conn:
            return conn.execute(query).scalar_one_or_none()

    def documents(
        self, *, latest_only: bool = True, limit: int | None = None, offset: int = 0
    ) -> list[Document]:
        """Stored documents ordered by published date (undated last), then id.

        ``latest_only`` leaves out revisions that a newer revision supersedes.
        """
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be >= 0, got {limit}")
        if offset < 0:
            raise ValueError(f"offset must be >= 0, got {offset}")
        query = select(documents).order_by(documents.c.published.asc().nulls_last(), documents.c.id)
        if latest_only:
            query = query.where(_is_latest())
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        return self._load(query)

    def count_documents(self, latest_only: bool = True) -> int:
        """How many documents are stored (only the latest revisions by default)."""
        query = select(func.count()).select_from(documents)
        if latest_only:
            query = query.where(_is_latest())
        with self._transaction(write=False) as conn:
            return int(conn.execute(query).scalar_one())

    def revisions(self, key: str) -> list[Document]:
        """Every revision stored for a source key (URL or source), oldest first."""
        query = (
            select(documents)
            .where(documents.c.source_key == source_key(key))
            .order_by(documents.c.revision)
        )
        return self._load(query)

    def outlets(self) -> list[str]:
        """Every outlet name stored documents carry, sorted, without repeats."""
        query = select(documents.c.outlet).where(documents.c.outlet.is_not(None)).distinct()
        with self._transaction(write=False) as conn:
            # sorted here: the database's collation would differ between backends
            return sorted(conn.execute(query).scalars())

    def _one(self, where) -> Document | None:
        found = self._load(select(documents).where(where))
        return found[0] if found else None

    def _load(self, query) -> list[Document]:
        with self._transaction(write=False) as conn:
            rows = conn.execute(query).all()
            removed = self._removals_for(conn, [row.id for row in rows])
        return [_to_document(row, removed.get(row.id, [])) for row in rows]

    def _removals_for(self, conn: Connection, ids: list[str]) -> dict[str, list[Removal]]:
        found: dict[str, list[Removal]] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            rows = conn.execute(
                select(removals)
                .where(removals.c.document_id.in_(chunk))
                .order_by(removals.c.document_id, removals.c.seq)
            )
            for r in rows:
                found.setdefault(r.document_id, []).append(
                    Removal(line=r.line, text=r.text, reason=r.reason, detail=r.detail)
                )
        return found

    # -- runs and rejections -------------------------------------------------

    def start_run(self, command: str, inputs: Iterable[str]) -> str:
        """Record the start of a command run; returns its id (``r-<UTC time>-<random>``)."""
        now = _utcnow()
        run_id = f"r-{now:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
        with self._transaction(write=True) as conn:
            conn.execute(
                insert(runs).values(
                    id=run_id,
                    command=_clean(command),
                    inputs=[_clean(str(i)) for i in inputs],
                    started_at=now,
                    finished_at=None,
                    ingested=0,
                    duplicates=0,
                    revisions=0,
                    rejected=0,
                )
            )
        return run_id

    def finish_run(
        self, run_id: str, *, ingested: int, duplicates: int, revisions: int, rejected: int
    ) -> None:
        """Record the end of a run and its counts."""
        with self._transaction(write=True) as conn:
            result = conn.execute(
                update(runs)
                .where(runs.c.id == run_id)
                .values(
                    finished_at=_utcnow(),
                    ingested=ingested,
                    duplicates=duplicates,
                    revisions=revisions,
                    rejected=rejected,
                )
            )
            if result.rowcount == 0:
                raise StoreError(f"cannot finish run {run_id!r}: database {self.name} has no such run")

    def run(self, run_id: str) -> RunRecord | None:
        """One run, or None."""
        found = self._runs(runs.c.id == run_id)
        return found[0] if found else None

    def runs(self) -> list[RunRecord]:
        """Every run, oldest first."""
        return self._runs(None)

    def _runs(self, where) -> list[RunRecord]:
        query = select(runs).order_by(runs.c.started_at, runs.c.id)
        if where is not None:
            query = query.where(where)
        with self._transaction(write=False) as conn:
            rows = conn.execute(query).all()
        return [
            RunRecord(
                id=r.id,
                command=r.command,
                inputs=list(r.inputs or []),
                started_at=r.started_at,
                finished_at=r.finished_at,
                ingested=r.ingested,
                duplicates=r.duplicates,
                revisions=r.revisions,
                rejected=r.rejected,
            )
            for r in rows
        ]

    def record_rejection(self, rejection: Rejection, run_id: str | None = None) -> None:
        """Record an input that did not become a document, and why."""
        with self._transaction(write=True) as conn:
            conn.execute(
                insert(rejections).values(
                    run_id=run_id,
                    source=_clean(rejection.source),
                    kind=_clean(rejection.kind),
                    reason=_clean(rejection.reason),
                    created_at=_utcnow(),
                )
            )

    def rejections(self, run_id: str | None = None) -> list[Rejection]:
        """Recorded rejections in the order they were recorded, for one run or all."""
        query = select(rejections).order_by(rejections.c.id)
        if run_id is not None:
            query = query.where(rejections.c.run_id == run_id)
        with self._transaction(write=False) as conn:
            rows = conn.execute(query).all()
        return [Rejection(source=r.source, reason=r.reason, kind=r.kind) for r in rows]


def _is_latest():
    newer = documents.alias("newer")
    return ~exists().where(newer.c.supersedes == documents.c.id)


def _check_document(doc: Document) -> None:
    for name, value, longest in (
        ("id", doc.id, ID_LENGTH),
        ("content_hash", doc.content_hash, HASH_LENGTH),
        ("raw_hash", doc.raw_hash, HASH_LENGTH),
    ):
        if not value or len(value) > longest:
            raise ValueError(
                f"document {doc.source}: {name} must be 1 to {longest} characters, got {value!r}"
            )


def _to_document(row: Row, removed: list[Removal]) -> Document:
    return Document(
        id=row.id,
        source=row.source,
        format=row.format,
        content_hash=row.content_hash,
        raw_hash=row.raw_hash,
        body=row.body,
        title=row.title,
        outlet=row.outlet,
        authors=list(row.authors or []),
        published=row.published,
        published_inferred=bool(row.published_inferred),
        published_evidence=row.published_evidence,
        dateline=row.dateline,
        language=row.language,
        url=row.url,
        removed=removed,
        revision=row.revision,
        supersedes=row.supersedes,
    )

"""Opening a database: one SQLAlchemy engine per :class:`~sitrep.store.Store`.

SQLite gets WAL, foreign keys, a busy timeout and SQLAlchemy-controlled
transactions (``BEGIN`` for reads, ``BEGIN IMMEDIATE`` for writes, so two
writers queue on the lock instead of failing with "database is locked"
halfway through). PostgreSQL is used as it comes (READ COMMITTED); the
unique constraints in :mod:`~sitrep.store.schema` settle races there.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from ..errors import StoreError

#: How long a SQLite writer waits for another writer's lock.
BUSY_TIMEOUT_MS = 30_000
#: Execution option that marks an engine whose transactions write.
WRITE_OPTION = "sitrep_write"


def one_line(exc: BaseException) -> str:
    """The driver's message for ``exc`` on one line, without SQL or parameters."""
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split())
    return text or type(orig).__name__


def describe(url: URL) -> str:
    """How a database is named in messages: the file path, or the URL without password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def open_engine(url_text: str) -> tuple[Engine, str]:
    """An engine for ``url_text`` and the name to use for it in messages.

    Nothing is connected yet; the first connection (the migration check)
    reports a database that cannot be opened.
    """
    try:
        url = make_url(url_text)
    except ArgumentError as exc:
        raise StoreError(f"cannot open database {url_text}: not a database URL ({exc})") from exc
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url), describe(url)
    if backend == "postgresql":
        if url.get_driver_name() != "psycopg":
            url = url.set(drivername="postgresql+psycopg")
        return create_engine(url), describe(url)
    raise StoreError(
        f"cannot open database {describe(url)}: unsupported backend {backend!r} "
        "(use a SQLite file or postgresql+psycopg://)"
    )


def _sqlite_engine(url: URL) -> Engine:
    path = url.database or ""
    memory = path in ("", ":memory:") or url.query.get("mode") == "memory"
    kwargs: dict = {}
    if memory:
        # one shared connection, or every connection would see its own empty database
        kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    elif not url.query.get("uri"):
        _prepare_sqlite_path(Path(path))
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _prepare_sqlite_path(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"cannot open database {path}: it is a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise StoreError(
            f"cannot open database {path}: cannot create folder {path.parent}: {reason}"
        ) from exc


def _sqlite_connect(dbapi_connection, connection_record) -> None:
    # sqlite3 must not issue its own BEGIN; _sqlite_begin does, for every transaction
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        _enable_wal(cursor)
        # with WAL, NORMAL keeps the database consistent and only risks the
        # last commits on power loss; FULL would fsync every ingested document
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _enable_wal(cursor) -> None:
    """Switch a database to WAL once. Changing the journal mode needs an
    exclusive lock and SQLite does not always wait for it through the busy
    handler, so concurrent first openers retry until the timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_begin(conn) -> None:
    write = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

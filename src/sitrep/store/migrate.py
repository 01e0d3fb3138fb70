"""Bringing a database to the schema this sitrep knows, with Alembic.

The migration scripts live in ``migrations/`` inside the package, with named
revision ids (``0001_documents``, ...), and run on the connection the store
opened; users never need an ``alembic.ini``. A database stamped with a
revision this sitrep does not know (written by a newer sitrep) is refused
rather than touched.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, text

from ..errors import StoreError

MIGRATIONS = Path(__file__).with_name("migrations")
#: Key of the PostgreSQL advisory lock held while migrating ("sitrep" in ASCII).
PG_MIGRATION_LOCK = 0x736974726570
# Alembic keeps the running migration in module globals (alembic.context), so
# two threads of one process must not run migrations at the same time.
_ALEMBIC_LOCK = threading.Lock()


def alembic_config() -> Config:
    """An Alembic config pointing at the packaged migrations (no ini file)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest revision this sitrep ships."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(conn: Connection) -> str | None:
    """The revision recorded in the database, or None when it has none."""
    heads = MigrationContext.configure(conn).get_current_heads()
    return heads[0] if len(heads) == 1 else (",".join(heads) or None)


def is_current(conn: Connection, name: str) -> bool:
    """Whether the database on ``conn`` is at head; :class:`StoreError` when
    it records a revision this sitrep does not know."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    heads = MigrationContext.configure(conn).get_current_heads()
    for rev in heads:
        try:
            known = script.get_revision(rev) is not None
        except CommandError:
            known = False
        if not known:
            raise StoreError(
                f"database {name} has schema revision {rev}, which this sitrep does not know "
                f"(newest known: {head}); it was written by a newer sitrep, so upgrade sitrep"
            )
    return tuple(heads) == (head,)


def migrate(conn: Connection, name: str) -> None:
    """Upgrade the database on ``conn`` (inside its write transaction) to head.

    An up-to-date database is left untouched; an unknown revision raises
    :class:`StoreError`. Concurrent openers of a fresh database queue on a
    lock (SQLite's write lock, a PostgreSQL advisory lock) and the later ones
    find it already migrated.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
    if is_current(conn, name):
        return
    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    with _ALEMBIC_LOCK:  # taken after the database lock, so never held while waiting for it
        command.upgrade(cfg, "head")

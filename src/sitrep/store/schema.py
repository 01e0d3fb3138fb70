"""Table definitions: the one description of sitrep's database.

Core ``Table`` objects on one ``MetaData`` with a naming convention, so
constraint names are the same on SQLite and PostgreSQL and the migrations in
``migrations/versions`` can name them. Types are portable: ``sqlalchemy.JSON``
for lists, :class:`UTCDateTime` for timestamps. A test compares a migrated
database with this module, so a column added here without a migration fails.

Documents are append-only: a changed report becomes a new row whose
``supersedes`` points at the previous revision of the same ``source_key``.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

#: Longest ``documents.id`` / ``runs.id``; ids are short generated strings.
ID_LENGTH = 64
#: Longest content/raw hash (a SHA-256 hex digest is 64).
HASH_LENGTH = 128

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every backend.

    SQLite keeps no offset, so values are converted to UTC on the way in and
    read back as UTC-aware datetimes; naive input is taken to be UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


runs = Table(
    "runs",
    metadata,
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("command", Text, nullable=False),
    Column("inputs", JSON, nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("ingested", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("revisions", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("content_hash", String(HASH_LENGTH), nullable=False),
    Column("raw_hash", String(HASH_LENGTH), nullable=False),
    Column("source", Text, nullable=False),
    # url if known, else source: what makes two texts revisions of one report
    Column("source_key", Text, nullable=False),
    Column("format", Text, nullable=False),
    Column("title", Text),
    Column("outlet", Text),
    Column("authors", JSON, nullable=False),
    Column("published", Date),
    Column("published_inferred", Boolean, nullable=False, default=False),
    Column("published_evidence", Text),
    Column("dateline", Text),
    Column("language", Text),
    Column("url", Text),
    Column("body", Text, nullable=False),
    Column("revision", Integer, nullable=False, default=1),
    Column("supersedes", String(ID_LENGTH), ForeignKey("documents.id")),
    Column("ingested_at", UTCDateTime, nullable=False),
    Column("run_id", String(ID_LENGTH), ForeignKey("runs.id")),
    Column("stage", Text, nullable=False, default="clean"),
    Column("stage_version", Text),
    UniqueConstraint("content_hash"),
    # at most one row per revision number of a report: two writers racing to
    # add revision N+1 cannot both succeed (this also indexes source_key)
    UniqueConstraint("source_key", "revision"),
    # a revision is superseded at most once, so the chain stays linear; also
    # the index behind "latest only" (no row supersedes this one)
    UniqueConstraint("supersedes"),
    Index(None, "published"),
)

removals = Table(
    "removals",
    metadata,
    Column("document_id", String(ID_LENGTH), ForeignKey("documents.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("line", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("detail", Text, nullable=False),
    Column("text", Text, nullable=False),
    PrimaryKeyConstraint("document_id", "seq"),
)

rejections = Table(
    "rejections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(ID_LENGTH), ForeignKey("runs.id")),
    Column("source", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index(None, "run_id"),
)


# -- derived data (corpus stages). Each row records the stage version that
# produced it; a stage re-run replaces exactly its own rows.

fingerprints = Table(
    "fingerprints",
    metadata,
    Column("document_id", String(ID_LENGTH), ForeignKey("documents.id"), primary_key=True),
    Column("stage_version", Text, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

wire_credits = Table(
    "wire_credits",
    metadata,
    Column("document_id", String(ID_LENGTH), ForeignKey("documents.id"), primary_key=True),
    Column("agency", Text, nullable=False),
    # explicit: the text credits the agency; inferred: from its copy group
    Column("inferred", Boolean, nullable=False, default=False),
    Column("evidence", Text),
    Column("stage_version", Text, nullable=False),
)

lineage = Table(
    "lineage",
    metadata,
    Column("document_id", String(ID_LENGTH), ForeignKey("documents.id"), nullable=False),
    Column("source_id", String(ID_LENGTH), ForeignKey("documents.id"), nullable=False),
    Column("kind", Text, nullable=False),
    Column("overlap", Float, nullable=False),
    Column("source_overlap", Float, nullable=False),
    Column("directed", Boolean, nullable=False),
    Column("passages", JSON, nullable=False),
    Column("stage_version", Text, nullable=False),
    PrimaryKeyConstraint("document_id", "source_id"),
    Index(None, "source_id"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("title", Text),
    Column("start", Date),
    Column("end", Date),
    Column("stage_version", Text, nullable=False),
)

story_documents = Table(
    "story_documents",
    metadata,
    Column("document_id", String(ID_LENGTH), ForeignKey("documents.id"), primary_key=True),
    Column("story_id", String(ID_LENGTH), ForeignKey("stories.id"), nullable=False),
    Index(None, "story_id"),
)

annotations = Table(
    "annotations",
    metadata,
    Column("document_id", String(ID_LENGTH), ForeignKey("documents.id"), primary_key=True),
    Column("stage_version", Text, nullable=False),
    # entities, quotes, times, quantities: spans into the document body
    Column("data", JSON, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("story_id", String(ID_LENGTH), index=True),
    Column("date", Text),
    Column("stage_version", Text, nullable=False),
    # the sitrep/1 event object
    Column("data", JSON, nullable=False),
)

event_mentions = Table(
    "event_mentions",
    metadata,
    Column("document_id", String(ID_LENGTH), ForeignKey("documents.id"), primary_key=True),
    Column("trigger_start", Integer, primary_key=True),
    Column("event_id", String(ID_LENGTH), ForeignKey("events.id"), nullable=False, index=True),
)

discrepancies = Table(
    "discrepancies",
    metadata,
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("story_id", String(ID_LENGTH), index=True),
    Column("event_id", String(ID_LENGTH)),
    Column("field", Text, nullable=False),
    # the sitrep/1 discrepancy object
    Column("data", JSON, nullable=False),
)

# -- full-text search (store/search.py). The index itself is backend-specific
# and lives outside this metadata: an FTS5 table ``search_fts`` on SQLite, an
# expression GIN index ``ix_documents_search`` on PostgreSQL (see migration
# 0005_search). This table records which documents SQLite's FTS5 table holds
# and which indexer version put them there; PostgreSQL maintains its index
# itself, so the table stays empty there.

search_index = Table(
    "search_index",
    metadata,
    Column("document_id", String(ID_LENGTH), ForeignKey("documents.id"), primary_key=True),
    Column("stage_version", Text, nullable=False),
)

# -- incremental analysis (migration 0006_changes). ``story_state`` holds the
# signature of each story's inputs when its events were last computed (a
# story whose signature is unchanged keeps its stored events); ``changes``
# is the log of what each analysis changed (``sitrep changes``).

story_state = Table(
    "story_state",
    metadata,
    Column("story_id", String(ID_LENGTH), primary_key=True),
    Column("signature", Text, nullable=False),
    Column("documents", Integer, nullable=False),
    Column("stage_version", Text, nullable=False),
)

changes = Table(
    "changes",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(ID_LENGTH), index=True),
    Column("at", UTCDateTime, nullable=False),
    Column("kind", Text, nullable=False),
    Column("story_id", String(ID_LENGTH)),
    Column("event_id", String(ID_LENGTH)),
    # the change object (events/changes.py)
    Column("data", JSON, nullable=False),
)

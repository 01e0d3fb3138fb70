"""Full-text search: SQLite FTS5 or a PostgreSQL expression GIN index.

Revision ID: 0005_search
Revises: 0004_events
Create Date: 2026-11-22

The backend-specific objects (``search_fts`` and its shadow tables on
SQLite, ``ix_documents_search`` on PostgreSQL) are not in ``schema.py``; their
names are in :data:`sitrep.store.search.BACKEND_ONLY`. A SQLite built without
FTS5 gets no ``search_fts`` and searches with LIKE instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_search"
down_revision = "0004_events"
branch_labels = None
depends_on = None

# keep in step with sitrep.store.search (PG_DOCUMENT, FTS_TABLE, FTS_TOKENIZER)
_PG_INDEX = "ix_documents_search"
_PG_DOCUMENT = "to_tsvector('english', coalesce(title, '') || ' ' || body)"
_FTS = "search_fts"
_FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"


def upgrade() -> None:
    op.create_table(
        "search_index",
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("stage_version", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name="fk_search_index_document_id_documents"),
        sa.PrimaryKeyConstraint("document_id", name="pk_search_index"),
    )
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        op.execute(f"CREATE INDEX {_PG_INDEX} ON documents USING gin ({_PG_DOCUMENT})")
    elif conn.dialect.name == "sqlite":
        if conn.exec_driver_sql("SELECT sqlite_compileoption_used('ENABLE_FTS5')").scalar():
            op.execute(
                f"CREATE VIRTUAL TABLE {_FTS} USING fts5(document_id UNINDEXED, title, body, "
                f"tokenize = '{_FTS_TOKENIZER}')"
            )


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {_PG_INDEX}")
    elif conn.dialect.name == "sqlite":
        op.execute(f"DROP TABLE IF EXISTS {_FTS}")
    op.drop_table("search_index")

"""Documents, their removals, runs and rejections.

Revision ID: 0001_documents
Revises:
Create Date: 2025-01-01

Written out in full rather than generated from ``schema.py`` at run time, so
this revision keeps creating the same tables when ``schema.py`` moves on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_documents"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(64)
HASH = sa.String(128)
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", ID, nullable=False),
        sa.Column("command", sa.Text(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("started_at", TIMESTAMP, nullable=False),
        sa.Column("finished_at", TIMESTAMP, nullable=True),
        sa.Column("ingested", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("revisions", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
    )
    op.create_table(
        "documents",
        sa.Column("id", ID, nullable=False),
        sa.Column("content_hash", HASH, nullable=False),
        sa.Column("raw_hash", HASH, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_key", sa.Text(), nullable=False),
        sa.Column("format", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("outlet", sa.Text(), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("published_inferred", sa.Boolean(), nullable=False),
        sa.Column("published_evidence", sa.Text(), nullable=True),
        sa.Column("dateline", sa.Text(), nullable=True),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("supersedes", ID, nullable=True),
        sa.Column("ingested_at", TIMESTAMP, nullable=False),
        sa.Column("run_id", ID, nullable=True),
        sa.Column("stage", sa.Text(), nullable=False),
        sa.Column("stage_version", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("content_hash", name="uq_documents_content_hash"),
        sa.UniqueConstraint("source_key", "revision", name="uq_documents_source_key_revision"),
        sa.UniqueConstraint("supersedes", name="uq_documents_supersedes"),
        sa.ForeignKeyConstraint(
            ["supersedes"], ["documents.id"], name="fk_documents_supersedes_documents"
        ),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name="fk_documents_run_id_runs"),
    )
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_table(
        "removals",
        sa.Column("document_id", ID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("document_id", "seq", name="pk_removals"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_removals_document_id_documents"
        ),
    )
    op.create_table(
        "rejections",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", ID, nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rejections"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name="fk_rejections_run_id_runs"),
    )
    op.create_index("ix_rejections_run_id", "rejections", ["run_id"])


def downgrade() -> None:
    op.drop_index("ix_rejections_run_id", table_name="rejections")
    op.drop_table("rejections")
    op.drop_table("removals")
    op.drop_index("ix_documents_published", table_name="documents")
    op.drop_table("documents")
    op.drop_table("runs")

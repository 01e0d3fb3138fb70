"""Fingerprints, wire credits, lineage links and stories.

Revision ID: 0002_lineage_stories
Revises: 0001_documents
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_lineage_stories"
down_revision = "0001_documents"
branch_labels = None
depends_on = None

ID = sa.String(64)


def upgrade() -> None:
    op.create_table(
        "fingerprints",
        sa.Column("document_id", ID, nullable=False),
        sa.Column("stage_version", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name="fk_fingerprints_document_id_documents"),
        sa.PrimaryKeyConstraint("document_id", name="pk_fingerprints"),
    )
    op.create_table(
        "wire_credits",
        sa.Column("document_id", ID, nullable=False),
        sa.Column("agency", sa.Text(), nullable=False),
        sa.Column("inferred", sa.Boolean(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("stage_version", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name="fk_wire_credits_document_id_documents"),
        sa.PrimaryKeyConstraint("document_id", name="pk_wire_credits"),
    )
    op.create_table(
        "lineage",
        sa.Column("document_id", ID, nullable=False),
        sa.Column("source_id", ID, nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("overlap", sa.Float(), nullable=False),
        sa.Column("source_overlap", sa.Float(), nullable=False),
        sa.Column("directed", sa.Boolean(), nullable=False),
        sa.Column("passages", sa.JSON(), nullable=False),
        sa.Column("stage_version", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name="fk_lineage_document_id_documents"),
        sa.ForeignKeyConstraint(["source_id"], ["documents.id"], name="fk_lineage_source_id_documents"),
        sa.PrimaryKeyConstraint("document_id", "source_id", name="pk_lineage"),
    )
    op.create_index("ix_lineage_source_id", "lineage", ["source_id"])
    op.create_table(
        "stories",
        sa.Column("id", ID, nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("stage_version", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
    )
    op.create_table(
        "story_documents",
        sa.Column("document_id", ID, nullable=False),
        sa.Column("story_id", ID, nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name="fk_story_documents_document_id_documents"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], name="fk_story_documents_story_id_stories"),
        sa.PrimaryKeyConstraint("document_id", name="pk_story_documents"),
    )
    op.create_index("ix_story_documents_story_id", "story_documents", ["story_id"])


def downgrade() -> None:
    op.drop_index("ix_story_documents_story_id", table_name="story_documents")
    op.drop_table("story_documents")
    op.drop_table("stories")
    op.drop_index("ix_lineage_source_id", table_name="lineage")
    op.drop_table("lineage")
    op.drop_table("wire_credits")
    op.drop_table("fingerprints")

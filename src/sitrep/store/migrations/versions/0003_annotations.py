"""Per-document NLP annotations.

Revision ID: 0003_annotations
Revises: 0002_lineage_stories
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_annotations"
down_revision = "0002_lineage_stories"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "annotations",
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("stage_version", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name="fk_annotations_document_id_documents"),
        sa.PrimaryKeyConstraint("document_id", name="pk_annotations"),
    )


def downgrade() -> None:
    op.drop_table("annotations")

"""Incremental analysis: each story's input signature, and the change log.

Revision ID: 0006_changes
Revises: 0005_search
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_changes"
down_revision = "0005_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_state",
        sa.Column("story_id", sa.String(64), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("stage_version", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("story_id", name="pk_story_state"),
    )
    op.create_table(
        "changes",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("story_id", sa.String(64), nullable=True),
        sa.Column("event_id", sa.String(64), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_changes"),
    )
    op.create_index("ix_changes_run_id", "changes", ["run_id"])


def downgrade() -> None:
    op.drop_table("changes")
    op.drop_table("story_state")

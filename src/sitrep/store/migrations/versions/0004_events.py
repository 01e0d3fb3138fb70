"""Events, their mentions and the discrepancy ledger.

Revision ID: 0004_events
Revises: 0003_annotations
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_events"
down_revision = "0003_annotations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("story_id", sa.String(64), nullable=True),
        sa.Column("date", sa.Text(), nullable=True),
        sa.Column("stage_version", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    op.create_index("ix_events_story_id", "events", ["story_id"])
    op.create_table(
        "event_mentions",
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("trigger_start", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name="fk_event_mentions_document_id_documents"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_event_mentions_event_id_events"),
        sa.PrimaryKeyConstraint("document_id", "trigger_start", name="pk_event_mentions"),
    )
    op.create_index("ix_event_mentions_event_id", "event_mentions", ["event_id"])
    op.create_table(
        "discrepancies",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("story_id", sa.String(64), nullable=True),
        sa.Column("event_id", sa.String(64), nullable=True),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_discrepancies"),
    )
    op.create_index("ix_discrepancies_story_id", "discrepancies", ["story_id"])


def downgrade() -> None:
    op.drop_table("discrepancies")
    op.drop_table("event_mentions")
    op.drop_table("events")

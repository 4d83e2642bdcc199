"""the dashboard's roll-ups (per conversation and day, per entry) and the indexes its refresh reads by

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-18 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dashboard_days",
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("first_hour", sa.SmallInteger(), nullable=False),
        sa.Column("questions", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("unanswered", sa.Integer(), nullable=False),
        sa.Column("repeats", sa.Integer(), nullable=False),
        sa.Column("volunteer_messages", sa.Integer(), nullable=False),
        sa.Column("thumbs_up", sa.Integer(), nullable=False),
        sa.Column("thumbs_down", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("first_reply_s", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("day", "conversation_id"),
        sqlite_with_rowid=False,  # stored in key order: a period is one sequential read (models.py)
    )
    op.create_index("ix_dashboard_days_hours", "dashboard_days", ["day", "first_hour", "questions"])
    tickets = sa.text("ticket_id IS NOT NULL")
    op.create_index(
        "ix_dashboard_days_tickets",
        "dashboard_days",
        ["day", "ticket_id", "first_reply_s"],
        postgresql_where=tickets,
        sqlite_where=tickets,
    )
    op.create_table(
        "dashboard_entries",
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("faq_id", sa.String(length=120), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("thumbs_up", sa.Integer(), nullable=False),
        sa.Column("thumbs_down", sa.Integer(), nullable=False),
        sa.Column("guide_step", sa.SmallInteger(), nullable=False),
        sa.Column("guide_total", sa.SmallInteger(), nullable=False),
        sa.Column("guide_done", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("day", "conversation_id", "faq_id"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_dashboard_entries_faq", "dashboard_entries", ["faq_id", "day", "answers", "thumbs_up", "thumbs_down"])
    guides = sa.text("guide_total > 0")
    op.create_index("ix_dashboard_entries_guides", "dashboard_entries", ["day"], postgresql_where=guides, sqlite_where=guides)
    op.create_table(
        "dashboard_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    # the refresh finds recent messages and votes by time (SLACK), the figures read votes and tickets by period
    op.create_index("ix_messages_created_at", "messages", ["created_at"])
    op.create_index("ix_feedback_created_at", "feedback", ["created_at"])
    op.create_index("ix_handoff_callbacks_created_at", "handoff_callbacks", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_handoff_callbacks_created_at", table_name="handoff_callbacks")
    op.drop_index("ix_feedback_created_at", table_name="feedback")
    op.drop_index("ix_messages_created_at", table_name="messages")
    op.drop_table("dashboard_mark")
    op.drop_index("ix_dashboard_entries_guides", table_name="dashboard_entries")
    op.drop_index("ix_dashboard_entries_faq", table_name="dashboard_entries")
    op.drop_table("dashboard_entries")
    op.drop_index("ix_dashboard_days_tickets", table_name="dashboard_days")
    op.drop_index("ix_dashboard_days_hours", table_name="dashboard_days")
    op.drop_table("dashboard_days")

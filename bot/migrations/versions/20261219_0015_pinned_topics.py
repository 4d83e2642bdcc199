"""the widget's pinned greeting topics, chosen and ordered by staff in the editor

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-19 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # no foreign key to kb_entries: a pin outlives its entry, so the editor can flag it (bot/channels/web/pins.py)
    op.create_table(
        "widget_pinned_topics",
        sa.Column("faq_id", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("pinned_by", sa.String(length=64), nullable=False),
        sa.Column("pinned_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("faq_id"),
    )


def downgrade() -> None:
    op.drop_table("widget_pinned_topics")

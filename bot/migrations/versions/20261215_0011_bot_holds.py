"""bot_holds: conversations whose messages wait for the bot to be back (bot/conversations/holds.py)

A message the bot could not answer is marked `deferred` (a new value of messages.status, a plain
string column) and its conversation gets one row here until the bot has answered it, or a person
has taken over.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-15 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bot_holds",
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("conversation_id"),
    )


def downgrade() -> None:
    # the code before this revision answers "received" messages at start-up: held ones are not lost
    op.execute("UPDATE messages SET status = 'received' WHERE direction = 'in' AND status = 'deferred'")
    op.drop_table("bot_holds")

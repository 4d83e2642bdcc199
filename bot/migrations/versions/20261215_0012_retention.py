"""retention: anonymous daily counts, votes that outlive their message, conversations found by age

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-15 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "usage_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "channel", "metric", "label"),
    )
    # an erased conversation's 👍/👎 stays, for the editor's review list, without the message it was about
    with op.batch_alter_table("feedback") as batch:
        batch.alter_column("message_id", existing_type=sa.Integer(), nullable=True)
    # the retention job looks for conversations whose last message is old
    with op.batch_alter_table("conversations") as batch:
        batch.create_index("ix_conversations_updated_at", ["updated_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_updated_at")
    op.execute("DELETE FROM feedback WHERE message_id IS NULL")
    with op.batch_alter_table("feedback") as batch:
        batch.alter_column("message_id", existing_type=sa.Integer(), nullable=False)
    op.drop_table("usage_counts")

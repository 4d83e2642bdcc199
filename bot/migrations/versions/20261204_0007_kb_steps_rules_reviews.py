"""knowledge base: steps, dated rules, no-link reason, reviewer; a ticket's context (the guidance step); a conversation's form of address

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("kb_entries") as batch:
        batch.add_column(sa.Column("steps", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("rules", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("no_link", sa.String(length=300), nullable=False, server_default=""))
        batch.add_column(sa.Column("reviewed_by", sa.String(length=64), nullable=False, server_default=""))
    with op.batch_alter_table("handoff_tickets") as batch:
        batch.add_column(sa.Column("context", sa.JSON(), nullable=True))
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("address", sa.String(length=8), nullable=False, server_default="bac"))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("address")
    with op.batch_alter_table("handoff_tickets") as batch:
        batch.drop_column("context")
    with op.batch_alter_table("kb_entries") as batch:
        batch.drop_column("reviewed_by")
        batch.drop_column("no_link")
        batch.drop_column("rules")
        batch.drop_column("steps")

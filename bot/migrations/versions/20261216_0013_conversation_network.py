"""a conversation's client network (a keyed hash of the address), for the cap on open tickets per network

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-16 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("network", sa.String(length=16), nullable=True))
        batch.create_index("ix_conversations_network", ["network"])


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_network")
        batch.drop_column("network")

"""call-back phone numbers kept apart from the call-back, with a record of every read

The number a resident leaves for a call-back moves from handoff_callbacks.phone to its own table
(handoff_callback_phones), read only by the call-back page, each read recorded in
handoff_callback_phone_reads, and deleted once the call-back is done plus a set period.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-11 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handoff_callback_phones",
        sa.Column("callback_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["callback_id"], ["handoff_callbacks.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("callback_id"),
    )
    op.create_table(
        "handoff_callback_phone_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("callback_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["callback_id"], ["handoff_callbacks.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_handoff_callback_phone_reads_callback_id", "handoff_callback_phone_reads", ["callback_id"])
    op.execute(
        "INSERT INTO handoff_callback_phones (callback_id, phone, created_at) "
        "SELECT id, phone, created_at FROM handoff_callbacks WHERE phone IS NOT NULL AND phone <> ''"
    )
    with op.batch_alter_table("handoff_callbacks") as batch:
        batch.drop_column("phone")


def downgrade() -> None:
    with op.batch_alter_table("handoff_callbacks") as batch:
        batch.add_column(sa.Column("phone", sa.String(length=20), nullable=False, server_default=""))
    op.execute(
        "UPDATE handoff_callbacks SET phone = "
        "(SELECT phone FROM handoff_callback_phones WHERE handoff_callback_phones.callback_id = handoff_callbacks.id) "
        "WHERE id IN (SELECT callback_id FROM handoff_callback_phones)"
    )
    op.drop_index("ix_handoff_callback_phone_reads_callback_id", table_name="handoff_callback_phone_reads")
    op.drop_table("handoff_callback_phone_reads")
    op.drop_table("handoff_callback_phones")

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


# SQLite's batch mode rebuilds handoff_callbacks (copy, drop, rename): with foreign keys on, dropping it
# would cascade to rows that reference it. So the numbers are read first and the tables that reference
# handoff_callbacks exist only while it is not being rebuilt.
callbacks = sa.table("handoff_callbacks", sa.column("id", sa.Integer), sa.column("phone", sa.String), sa.column("created_at"))
phones = sa.table(
    "handoff_callback_phones", sa.column("callback_id", sa.Integer), sa.column("phone", sa.String), sa.column("created_at")
)


def upgrade() -> None:
    connection = op.get_bind()
    kept = [
        {"callback_id": id_, "phone": phone, "created_at": created_at}
        for id_, phone, created_at in connection.execute(sa.select(callbacks.c.id, callbacks.c.phone, callbacks.c.created_at))
        if phone
    ]
    with op.batch_alter_table("handoff_callbacks") as batch:
        batch.drop_column("phone")
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
    if kept:
        connection.execute(sa.insert(phones), kept)


def downgrade() -> None:
    connection = op.get_bind()
    kept = [{"b_id": id_, "b_phone": phone} for id_, phone in connection.execute(sa.select(phones.c.callback_id, phones.c.phone))]
    op.drop_index("ix_handoff_callback_phone_reads_callback_id", table_name="handoff_callback_phone_reads")
    op.drop_table("handoff_callback_phone_reads")
    op.drop_table("handoff_callback_phones")
    with op.batch_alter_table("handoff_callbacks") as batch:
        batch.add_column(sa.Column("phone", sa.String(length=20), nullable=False, server_default=""))
    if kept:
        connection.execute(
            sa.update(callbacks).where(callbacks.c.id == sa.bindparam("b_id")).values(phone=sa.bindparam("b_phone")), kept
        )

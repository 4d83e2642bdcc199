"""a conversation's awaited typed answer (a phone number, a call-back question, a rating comment) as columns

Until now it was read from the meta of the conversation's latest outbound message ("await", and the
"ticket_id" or "callback_id" it is about). The data step fills the columns from that same meta.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AWAITED = ("callback_phone", "callback_question", "rating_comment")  # bot.conversations.models.Awaiting
BATCH = 500


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("awaiting", sa.String(length=24), nullable=True))
        batch.add_column(sa.Column("awaiting_ref", sa.Integer(), nullable=True))
    _fill_from_latest_meta()


def _fill_from_latest_meta() -> None:
    conversations = sa.table("conversations", sa.column("id", sa.Integer), sa.column("awaiting"), sa.column("awaiting_ref"))
    messages = sa.table(
        "messages",
        sa.column("conversation_id", sa.Integer),
        sa.column("direction", sa.String),
        sa.column("seq", sa.Integer),
        sa.column("meta", sa.JSON),
    )
    # the latest outbound message of each conversation (seq is unique within a conversation)
    latest = (
        sa.select(messages.c.conversation_id, sa.func.max(messages.c.seq).label("seq"))
        .where(messages.c.direction == "out")
        .group_by(messages.c.conversation_id)
        .subquery()
    )
    rows = sa.select(messages.c.conversation_id, messages.c.meta).join(
        latest, sa.and_(messages.c.conversation_id == latest.c.conversation_id, messages.c.seq == latest.c.seq)
    )
    connection = op.get_bind()
    updates = []
    for conversation_id, meta in connection.execute(rows):
        kind = (meta or {}).get("await") if isinstance(meta, dict) else None
        if kind not in AWAITED:
            continue
        ref = meta.get("callback_id") or meta.get("ticket_id")
        updates.append({"b_id": conversation_id, "b_awaiting": kind, "b_ref": int(ref) if ref is not None else None})
    statement = (
        sa.update(conversations)
        .where(conversations.c.id == sa.bindparam("b_id"))
        .values(awaiting=sa.bindparam("b_awaiting"), awaiting_ref=sa.bindparam("b_ref"))
    )
    for start in range(0, len(updates), BATCH):
        connection.execute(statement, updates[start : start + BATCH])


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("awaiting_ref")
        batch.drop_column("awaiting")

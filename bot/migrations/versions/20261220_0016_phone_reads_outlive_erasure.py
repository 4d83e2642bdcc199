"""the record of call-back phone numbers revealed outlives the call-back's conversation

handoff_callback_phone_reads referenced handoff_callbacks with ON DELETE CASCADE, so erasing a conversation
(its call-backs go with it) erased who had revealed their numbers too. An audit record must stay until
ACCESS_LOG_RETENTION_DAYS: the foreign key goes, and each read keeps the call-back's, the ticket's and the
conversation's ids as plain numbers (filled in here from the call-backs the reads name), as the access log does.
Downgrading restores the foreign key, and so drops the reads of call-backs erased meanwhile.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-20 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

READS = "handoff_callback_phone_reads"
# SQLite's foreign keys have no name: batch mode names them by this convention so one can be dropped
NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}
FOREIGN_KEY = "fk_handoff_callback_phone_reads_callback_id_handoff_callbacks"

reads = sa.table(
    READS,
    sa.column("callback_id", sa.Integer),
    sa.column("ticket_id", sa.Integer),
    sa.column("conversation_id", sa.Integer),
)
callbacks = sa.table(
    "handoff_callbacks", sa.column("id", sa.Integer), sa.column("ticket_id", sa.Integer), sa.column("conversation_id", sa.Integer)
)


def _callback_foreign_key() -> str:
    """The name of the reads' foreign key to the call-backs: PostgreSQL's own, or the convention's (SQLite)."""
    for key in sa.inspect(op.get_bind()).get_foreign_keys(READS):
        if key["referred_table"] == "handoff_callbacks" and key.get("name"):
            return str(key["name"])
    return FOREIGN_KEY


def upgrade() -> None:
    name = _callback_foreign_key()
    with op.batch_alter_table(READS, naming_convention=NAMING) as batch:
        batch.drop_constraint(name, type_="foreignkey")
        batch.add_column(sa.Column("ticket_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("conversation_id", sa.Integer(), nullable=True))
    of_read = callbacks.c.id == reads.c.callback_id
    op.execute(
        reads.update().values(
            ticket_id=sa.select(callbacks.c.ticket_id).where(of_read).scalar_subquery(),
            conversation_id=sa.select(callbacks.c.conversation_id).where(of_read).scalar_subquery(),
        )
    )
    # every read named a call-back until now (the foreign key saw to it), so every read has its conversation
    with op.batch_alter_table(READS) as batch:
        batch.alter_column("conversation_id", existing_type=sa.Integer(), nullable=False)


def downgrade() -> None:
    op.execute(reads.delete().where(~sa.exists().where(callbacks.c.id == reads.c.callback_id)))
    with op.batch_alter_table(READS, naming_convention=NAMING) as batch:
        batch.drop_column("conversation_id")
        batch.drop_column("ticket_id")
        batch.create_foreign_key(FOREIGN_KEY, "handoff_callbacks", ["callback_id"], ["id"], ondelete="CASCADE")

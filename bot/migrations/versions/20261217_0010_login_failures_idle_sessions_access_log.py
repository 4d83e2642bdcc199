"""failed log-ins per (account, address), sessions' last activity, and the conversation access log

Failures were counted on the user row (failed_logins, locked_until): five wrong passwords from anyone
locked the real owner out for 15 minutes. They are now counted per typed name and client address in
login_failures, with growing waits. login_sessions.last_seen_at carries the idle timeout (existing
sessions start from their creation time). conversation_access records who opened which conversation.

Revision ID: 0010
Revises: 0013
Create Date: 2026-12-15 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("account_key", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("account_key", "client"),
    )
    op.create_index(op.f("ix_login_failures_last_failed_at"), "login_failures", ["last_failed_at"], unique=False)
    # Plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35), not a batch copy: rebuilding `users` would drop
    # the old table, and with foreign keys on SQLite deletes its rows' sessions and presence first.
    op.drop_column("users", "locked_until")
    op.drop_column("users", "failed_logins")

    with op.batch_alter_table("login_sessions") as batch:
        batch.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))
    sessions = sa.table("login_sessions", sa.column("created_at"), sa.column("last_seen_at"))
    op.execute(sessions.update().values(last_seen_at=sessions.c.created_at))
    with op.batch_alter_table("login_sessions") as batch:
        batch.alter_column("last_seen_at", existing_type=sa.DateTime(timezone=True), nullable=False)

    op.create_table(
        "conversation_access",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_conversation_access_at"), "conversation_access", ["at"], unique=False)
    op.create_index(op.f("ix_conversation_access_conversation_id"), "conversation_access", ["conversation_id"], unique=False)
    op.create_index(op.f("ix_conversation_access_user_id"), "conversation_access", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_conversation_access_user_id"), table_name="conversation_access")
    op.drop_index(op.f("ix_conversation_access_conversation_id"), table_name="conversation_access")
    op.drop_index(op.f("ix_conversation_access_at"), table_name="conversation_access")
    op.drop_table("conversation_access")
    with op.batch_alter_table("login_sessions") as batch:
        batch.drop_column("last_seen_at")
    op.add_column("users", sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("users", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    op.drop_index(op.f("ix_login_failures_last_failed_at"), table_name="login_failures")
    op.drop_table("login_failures")

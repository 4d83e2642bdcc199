"""the dashboard's totals per day and hour and per day and entry, added up from the roll-ups already there

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

GUIDES = sa.text("guide_total > 0")
TOTALS = (
    "conversations",
    "questions",
    "bot_resolved",
    "handed_over",
    "thumbs_up",
    "thumbs_down",
    "unanswered",
    "ended_rated_badly",
    "ended_rated_well",
    "ended_answered",
    "ended_unanswered",
    "ended_other",
)

# The totals of the rows already rolled up, as bot/dashboard/rollup.py's add_up adds them (its
# definitions as they are at this revision, written out here: a migration does not import the app).
HOURS = """
INSERT INTO dashboard_hours (day, hour, channel, conversations, questions, bot_resolved, handed_over,
    thumbs_up, thumbs_down, unanswered, ended_rated_badly, ended_rated_well, ended_answered,
    ended_unanswered, ended_other)
SELECT day, first_hour, channel, count(*), sum(questions),
    sum(CASE WHEN answered > 0 AND ticket_id IS NULL AND thumbs_down = 0 AND repeats = 0 THEN 1 ELSE 0 END),
    count(ticket_id), sum(thumbs_up), sum(thumbs_down), sum(unanswered),
    sum(CASE WHEN ticket_id IS NULL AND thumbs_down > 0 THEN 1 ELSE 0 END),
    sum(CASE WHEN ticket_id IS NULL AND thumbs_down <= 0 AND answered > 0 AND thumbs_up > 0 THEN 1 ELSE 0 END),
    sum(CASE WHEN ticket_id IS NULL AND thumbs_down <= 0 AND answered > 0 AND thumbs_up <= 0 THEN 1 ELSE 0 END),
    sum(CASE WHEN ticket_id IS NULL AND thumbs_down <= 0 AND answered <= 0 AND unanswered > 0 THEN 1 ELSE 0 END),
    sum(CASE WHEN ticket_id IS NULL AND thumbs_down <= 0 AND answered <= 0 AND unanswered <= 0 THEN 1 ELSE 0 END)
FROM dashboard_days
GROUP BY day, first_hour, channel
"""
ENTRIES = """
INSERT INTO dashboard_entry_days (day, channel, faq_id, answers, thumbs_up, thumbs_down)
SELECT e.day, d.channel, e.faq_id, sum(e.answers), sum(e.thumbs_up), sum(e.thumbs_down)
FROM dashboard_entries e JOIN dashboard_days d ON d.day = e.day AND d.conversation_id = e.conversation_id
WHERE e.answers > 0
GROUP BY e.day, d.channel, e.faq_id
"""


def upgrade() -> None:
    op.create_table(
        "dashboard_hours",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hour", sa.SmallInteger(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in TOTALS),
        sa.PrimaryKeyConstraint("day", "hour", "channel"),
        sqlite_with_rowid=False,  # stored in key order: a period is one sequential read (models.py)
    )
    op.create_table(
        "dashboard_entry_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("faq_id", sa.String(length=120), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("thumbs_up", sa.Integer(), nullable=False),
        sa.Column("thumbs_down", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "channel", "faq_id"),
        sqlite_with_rowid=False,
    )
    op.execute(HOURS)
    op.execute(ENTRIES)
    # the answers per entry are read from dashboard_entry_days now; the guides from their index alone
    op.drop_index("ix_dashboard_entries_faq", table_name="dashboard_entries")
    op.drop_index("ix_dashboard_entries_guides", table_name="dashboard_entries")
    op.create_index(
        "ix_dashboard_entries_guides",
        "dashboard_entries",
        ["day", "faq_id", "conversation_id", "guide_step", "guide_total", "guide_done"],
        postgresql_where=GUIDES,
        sqlite_where=GUIDES,
    )


def downgrade() -> None:
    op.drop_index("ix_dashboard_entries_guides", table_name="dashboard_entries")
    op.create_index("ix_dashboard_entries_guides", "dashboard_entries", ["day"], postgresql_where=GUIDES, sqlite_where=GUIDES)
    op.create_index("ix_dashboard_entries_faq", "dashboard_entries", ["faq_id", "day", "answers", "thumbs_up", "thumbs_down"])
    op.drop_table("dashboard_entry_days")
    op.drop_table("dashboard_hours")

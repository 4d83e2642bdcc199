"""the dashboard's totals per day and hour and per day and entry, and each helped day's previous one,
computed from the roll-ups already there

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-21 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUIDES = sa.text("guide_total > 0")
HELPED_AGAIN = sa.text("helped_before IS NOT NULL")
TOTALS = (
    "conversations",
    "questions",
    "bot_resolved",
    "handed_over",
    "thumbs_up",
    "thumbs_down",
    "unanswered",
    "helped_first",
    "ended_rated_badly",
    "ended_rated_well",
    "ended_answered",
    "ended_unanswered",
    "ended_other",
)

# What bot/dashboard/rollup.py computes, for the rows already rolled up (its definitions as they are at
# this revision, written out here: a migration does not import the app). First each helped day's previous one:
HELPED = "(answered > 0 OR volunteer_messages > 0)"
EARLIER = """
FROM dashboard_days p
WHERE p.conversation_id = dashboard_days.conversation_id AND p.day < dashboard_days.day
    AND (p.answered > 0 OR p.volunteer_messages > 0)
"""
HELPED_BEFORE = f"""
UPDATE dashboard_days SET helped_before = (SELECT max(p.day) {EARLIER})
WHERE {HELPED} AND EXISTS (SELECT 1 {EARLIER})
"""
# then the totals, as add_up adds them
HOURS = f"""
INSERT INTO dashboard_hours (day, hour, channel, conversations, questions, bot_resolved, handed_over,
    thumbs_up, thumbs_down, unanswered, helped_first, ended_rated_badly, ended_rated_well, ended_answered,
    ended_unanswered, ended_other)
SELECT day, first_hour, channel, count(*), sum(questions),
    sum(CASE WHEN answered > 0 AND ticket_id IS NULL AND thumbs_down = 0 AND repeats = 0 THEN 1 ELSE 0 END),
    count(ticket_id), sum(thumbs_up), sum(thumbs_down), sum(unanswered),
    sum(CASE WHEN {HELPED} AND helped_before IS NULL THEN 1 ELSE 0 END),
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
    op.add_column("dashboard_days", sa.Column("helped_before", sa.Date(), nullable=True))
    op.create_index("ix_dashboard_days_conversation", "dashboard_days", ["conversation_id", "day"])
    op.execute(HELPED_BEFORE)
    op.create_index(
        "ix_dashboard_days_helped_again",
        "dashboard_days",
        ["day", "helped_before", "channel"],
        postgresql_where=HELPED_AGAIN,
        sqlite_where=HELPED_AGAIN,
    )
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
    op.create_index(
        "ix_dashboard_entry_days_faq", "dashboard_entry_days", ["faq_id", "day", "channel", "answers", "thumbs_up", "thumbs_down"]
    )
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
    op.drop_index("ix_dashboard_entry_days_faq", table_name="dashboard_entry_days")
    op.drop_table("dashboard_entry_days")
    op.drop_table("dashboard_hours")
    op.drop_index("ix_dashboard_days_helped_again", table_name="dashboard_days")
    op.drop_index("ix_dashboard_days_conversation", table_name="dashboard_days")
    op.drop_column("dashboard_days", "helped_before")

"""The dashboard's roll-ups: one row per conversation and Việt Nam day, one per entry answered in it,
and their totals per day and hour, and per day and entry.

Anonymous by construction (no text, no channel id): they stay when the retention job or a resident
erases the conversation, as bot/privacy's UsageCount does, so the ward's statistics of past periods
do not change when old conversations go.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, SmallInteger, String, text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base


class DayActivity(Base):
    """What happened in one conversation on one day (Việt Nam time)."""

    __tablename__ = "dashboard_days"
    # Keyed by day first, and in SQLite stored in key order (no rowid): a period's rows are read in one
    # sequential sweep instead of a lookup per row (a year: 4.5 s → well under 1 s on the bench). The
    # indexes cover a query each: the hours of the heat map (in GROUP BY order), the few days with a ticket,
    # a conversation's days (recompute.py's helped_before), and the days a resident was helped again.
    __table_args__ = (
        Index("ix_dashboard_days_hours", "day", "first_hour", "questions"),
        Index(
            "ix_dashboard_days_tickets",
            "day",
            "ticket_id",
            "first_reply_s",
            postgresql_where=text("ticket_id IS NOT NULL"),
            sqlite_where=text("ticket_id IS NOT NULL"),
        ),
        Index("ix_dashboard_days_conversation", "conversation_id", "day"),
        Index(
            "ix_dashboard_days_helped_again",
            "day",
            "helped_before",
            "channel",
            postgresql_where=text("helped_before IS NOT NULL"),
            sqlite_where=text("helped_before IS NOT NULL"),
        ),
        {"sqlite_with_rowid": False},
    )

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # no foreign key: survives erasure
    channel: Mapped[str] = mapped_column(String(16))
    first_hour: Mapped[int] = mapped_column(SmallInteger)  # hour (0–23, Việt Nam) of the day's first message
    questions: Mapped[int] = mapped_column(Integer, default=0)  # typed messages (not button presses)
    answered: Mapped[int] = mapped_column(Integer, default=0)  # questions the bot answered (knowledge base or dialogue)
    unanswered: Mapped[int] = mapped_column(Integer, default=0)  # questions answered by the fallback
    repeats: Mapped[int] = mapped_column(Integer, default=0)  # questions asked again within 10 minutes
    volunteer_messages: Mapped[int] = mapped_column(Integer, default=0)
    thumbs_up: Mapped[int] = mapped_column(Integer, default=0)
    thumbs_down: Mapped[int] = mapped_column(Integer, default=0)
    ticket_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the day's first handoff
    first_reply_s: Mapped[int | None] = mapped_column(Integer, nullable=True)  # claim → volunteer's first message
    # on a day the resident was helped: the conversation's previous such day (None on the first). The residents
    # helped in a period are then counted without a DISTINCT (metrics.overview): those helped on a day of it
    # for the first time, and those helped on a day of it whose previous such day came before it.
    helped_before: Mapped[date | None] = mapped_column(Date, nullable=True)


class DayEntry(Base):
    """A knowledge-base entry answered in a conversation on a day, and how far its guidance went."""

    __tablename__ = "dashboard_entries"
    __table_args__ = (
        # guidance is a few percent of the rows: the skills section reads them alone, from this index only
        # (the rows are spread over the whole table: reading them was most of that section's time)
        Index(
            "ix_dashboard_entries_guides",
            "day",
            "faq_id",
            "conversation_id",
            "guide_step",
            "guide_total",
            "guide_done",
            postgresql_where=text("guide_total > 0"),
            sqlite_where=text("guide_total > 0"),
        ),
        {"sqlite_with_rowid": False},  # as DayActivity
    )

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    faq_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    answers: Mapped[int] = mapped_column(Integer, default=0)
    thumbs_up: Mapped[int] = mapped_column(Integer, default=0)  # votes on these answers (the latest vote counts)
    thumbs_down: Mapped[int] = mapped_column(Integer, default=0)
    guide_step: Mapped[int] = mapped_column(SmallInteger, default=0)  # furthest step shown (0: no guidance)
    guide_total: Mapped[int] = mapped_column(SmallInteger, default=0)
    guide_done: Mapped[bool] = mapped_column(Boolean, default=False)


class HourTotals(Base):
    """The conversation-days of one Việt Nam day begun in one hour on one channel, added up: what the
    figures read instead of the conversation-days when no category is chosen (a year: some 22,000 rows
    instead of 250,000). Kept equal to the sums of DayActivity's rows, a day at a time (totals.add_up)."""

    __tablename__ = "dashboard_hours"
    __table_args__ = ({"sqlite_with_rowid": False},)  # a period is one sequential read, as DayActivity

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    hour: Mapped[int] = mapped_column(SmallInteger, primary_key=True)  # DayActivity.first_hour
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    conversations: Mapped[int] = mapped_column(Integer)  # conversation-days
    questions: Mapped[int] = mapped_column(Integer)
    bot_resolved: Mapped[int] = mapped_column(Integer)  # conversation-days resolved by the bot alone
    handed_over: Mapped[int] = mapped_column(Integer)  # conversation-days with a ticket
    thumbs_up: Mapped[int] = mapped_column(Integer)
    thumbs_down: Mapped[int] = mapped_column(Integer)
    unanswered: Mapped[int] = mapped_column(Integer)  # questions answered by the fallback
    helped_first: Mapped[int] = mapped_column(Integer)  # residents helped that day for the first time (helped_before)
    # how the conversation-days without a ticket ended (definitions.ENDING); those with one end as their ticket
    ended_rated_badly: Mapped[int] = mapped_column(Integer)
    ended_rated_well: Mapped[int] = mapped_column(Integer)
    ended_answered: Mapped[int] = mapped_column(Integer)
    ended_unanswered: Mapped[int] = mapped_column(Integer)
    ended_other: Mapped[int] = mapped_column(Integer)


class EntryTotals(Base):
    """An entry's answers on one Việt Nam day on one channel, and the votes on them: DayEntry's rows with
    answers, added up (a year: 100,000 rows instead of 320,000). Kept as HourTotals is."""

    __tablename__ = "dashboard_entry_days"
    __table_args__ = (
        # by entry, with what is summed: SQLite adds a year up per entry from this index alone (60 ms instead of 170)
        Index("ix_dashboard_entry_days_faq", "faq_id", "day", "channel", "answers", "thumbs_up", "thumbs_down"),
        {"sqlite_with_rowid": False},
    )

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    faq_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    answers: Mapped[int] = mapped_column(Integer)
    thumbs_up: Mapped[int] = mapped_column(Integer)
    thumbs_down: Mapped[int] = mapped_column(Integer)


class RollupMark(Base):
    """How far the roll-ups have read: the newest message and vote seen, and when."""

    __tablename__ = "dashboard_mark"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # a single row, id 1
    message_id: Mapped[int] = mapped_column(Integer, default=0)
    feedback_id: Mapped[int] = mapped_column(Integer, default=0)
    refreshed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

"""Adding up the totals per day and hour and per day and entry (HourTotals, EntryTotals) from the
conversation-days' rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import and_, case, delete, func, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.dashboard.definitions import BOT_RESOLVED, ENDED, ENDING, HELPED
from bot.dashboard.models import DayActivity, DayEntry, EntryTotals, HourTotals


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.sum(case((condition, 1), else_=0))


def add_up(session: Session, days: Iterable[date] | None = None) -> None:
    """Rewrites the totals (HourTotals, EntryTotals) of these days, or of every day (None), from the
    conversation-days' rows as they are now: whatever changed them (a refresh, an erasure's catch-up, a
    rebuild), the totals of a day are the sums of its rows, erased conversations' rows included."""
    hours = select(
        DayActivity.day,
        DayActivity.first_hour,
        DayActivity.channel,
        func.count(),
        func.sum(DayActivity.questions),
        _count(BOT_RESOLVED),
        func.count(DayActivity.ticket_id),
        func.sum(DayActivity.thumbs_up),
        func.sum(DayActivity.thumbs_down),
        func.sum(DayActivity.unanswered),
        _count(and_(HELPED, DayActivity.helped_before.is_(None))),
        *(_count(and_(DayActivity.ticket_id.is_(None), ENDING == ended)) for ended in ENDED),
    ).group_by(DayActivity.day, DayActivity.first_hour, DayActivity.channel)
    hour_columns = [
        "day",
        "hour",
        "channel",
        "conversations",
        "questions",
        "bot_resolved",
        "handed_over",
        "thumbs_up",
        "thumbs_down",
        "unanswered",
        "helped_first",
        *(f"ended_{ended}" for ended in ENDED),
    ]
    answers = (
        select(
            DayEntry.day,
            DayActivity.channel,
            DayEntry.faq_id,
            func.sum(DayEntry.answers),
            func.sum(DayEntry.thumbs_up),
            func.sum(DayEntry.thumbs_down),
        )
        .join(DayActivity, and_(DayActivity.day == DayEntry.day, DayActivity.conversation_id == DayEntry.conversation_id))
        .where(DayEntry.answers > 0)  # guidance alone is no answer (metrics/entries.py)
        .group_by(DayEntry.day, DayActivity.channel, DayEntry.faq_id)
    )
    entry_columns = ["day", "channel", "faq_id", "answers", "thumbs_up", "thumbs_down"]
    if days is None:
        session.execute(delete(HourTotals))
        session.execute(delete(EntryTotals))
        session.execute(insert(HourTotals).from_select(hour_columns, hours))
        session.execute(insert(EntryTotals).from_select(entry_columns, answers))
        return
    ordered = sorted(set(days))
    for start in range(0, len(ordered), 500):
        part = ordered[start : start + 500]
        session.execute(delete(HourTotals).where(HourTotals.day.in_(part)))
        session.execute(delete(EntryTotals).where(EntryTotals.day.in_(part)))
        session.execute(insert(HourTotals).from_select(hour_columns, hours.where(DayActivity.day.in_(part))))
        session.execute(insert(EntryTotals).from_select(entry_columns, answers.where(DayEntry.day.in_(part))))

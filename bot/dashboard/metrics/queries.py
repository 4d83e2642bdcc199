"""What the figures' queries share: the rows of a period and its filters, durations worked out by the
database, and reading many rows at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Float, Row, Select, SQLColumnExpression, cast, exists, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.dashboard.days import day_start
from bot.dashboard.models import DayActivity, DayEntry, HourTotals
from bot.dashboard.period import Filters, Period
from knowledge.models import Entry


def as_int(value: Any) -> int:
    return int(value or 0)


def read_all(session: Session, query: Select[Any]) -> Sequence[Row[Any]]:
    """Many rows of plain columns, read through the session's connection and fetched all at once: the
    ORM's layer over the result adds nothing to tuples of columns, and fetching row by row costs a call
    each; for a year's 20,000 tickets either took longer than the query itself."""
    return session.connection().execute(query).all()


def in_period(period: Period, filters: Filters) -> list[ColumnElement[bool]]:
    """The conversation-days of a period on the chosen channel that touched the chosen category."""
    where: list[ColumnElement[bool]] = [DayActivity.day >= period.first, DayActivity.day <= period.last]
    if filters.channel:
        where.append(DayActivity.channel == filters.channel)
    if filters.category:
        where.append(
            exists(
                select(DayEntry.faq_id)
                .join(Entry, Entry.id == DayEntry.faq_id)
                .where(
                    DayEntry.conversation_id == DayActivity.conversation_id,
                    DayEntry.day == DayActivity.day,
                    Entry.category_id == filters.category,
                )
            )
        )
    return where


def by_totals(filters: Filters) -> bool:
    """Whether the sums can come from the totals (HourTotals, EntryTotals): unless a category is chosen.
    The figures call it as queries.by_totals, so that a test can read the conversation-days instead in one place."""
    return not filters.category


def in_hours(period: Period, filters: Filters) -> list[ColumnElement[bool]]:
    """The totals of a period on the chosen channel (no category: see by_totals)."""
    where: list[ColumnElement[bool]] = [HourTotals.day >= period.first, HourTotals.day <= period.last]
    if filters.channel:
        where.append(HourTotals.channel == filters.channel)
    return where


def utc_bounds(period: Period) -> tuple[datetime, datetime]:
    return day_start(period.first), day_start(period.last + timedelta(days=1))


def seconds_between(session: Session, start: SQLColumnExpression[Any], end: SQLColumnExpression[Any]) -> ColumnElement[Any]:
    """end − start in seconds as a float, computed by the database (NULL if either is): parsing two
    timestamps per ticket in Python, then rounding there, was most of the handoff figures' time."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.extract("epoch", end - start), Float)  # numeric since PostgreSQL 14: a Decimal each
    # julianday is a floating-point day: rounded to the millisecond, 4 minutes is 240, not 239.99999
    return func.round((func.julianday(end) - func.julianday(start)) * 86400.0, 3)

"""When residents ask: conversation-days per day and per weekday × hour, against the volunteers' shifts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.dashboard.metrics import queries
from bot.dashboard.models import DayActivity, HourTotals
from bot.dashboard.period import Filters
from bot.handoff.models import Shift


@dataclass
class Timing:
    """Conversation-days per day, and per weekday × hour of their first message (Việt Nam time)."""

    per_day: dict[date, int]
    questions_per_day: dict[date, int]
    heat: list[list[int]]  # [weekday 0 = Monday][hour]


def timing(session: Session, filters: Filters) -> Timing:
    period = filters.period
    per_day: Counter[date] = Counter()
    questions: Counter[date] = Counter()
    heat = [[0] * 24 for _ in range(7)]
    if queries.by_totals(filters):
        query = (
            select(HourTotals.day, HourTotals.hour, func.sum(HourTotals.conversations), func.sum(HourTotals.questions))
            .where(*queries.in_hours(period, filters))
            .group_by(HourTotals.day, HourTotals.hour)
        )
    else:
        query = (
            select(DayActivity.day, DayActivity.first_hour, func.count(), func.sum(DayActivity.questions))
            .where(*queries.in_period(period, filters))
            .group_by(DayActivity.day, DayActivity.first_hour)
            # in the hours index's order: PostgreSQL then adds up its entries as they come (a year: 40 ms)
            # instead of reading the table into a hash (130 ms), once vacuum has marked the rows visible
            .order_by(DayActivity.day, DayActivity.first_hour)
        )
    for day, hour, count, asked in queries.read_all(session, query):
        per_day[day] += count
        questions[day] += queries.as_int(asked)
        heat[day.weekday()][hour] += count
    return Timing({d: per_day[d] for d in period.each_day()}, {d: questions[d] for d in period.each_day()}, heat)


def duty_hours(session: Session) -> list[list[float]]:
    """How much of each weekday × hour the weekly shifts cover (0 to 1); holidays are not weekly."""
    covered = [[0.0] * 24 for _ in range(7)]
    for weekday, starts, ends in session.execute(select(Shift.weekday, Shift.starts, Shift.ends)):
        start = _minutes(starts)
        end = 24 * 60 if ends in ("24:00", "23:59") else _minutes(ends)
        for hour in range(24):
            overlap = min(end, (hour + 1) * 60) - max(start, hour * 60)
            if overlap > 0 and 0 <= weekday < 7:
                covered[weekday][hour] = min(1.0, covered[weekday][hour] + overlap / 60)
    return covered


def _minutes(clock: str) -> int:
    hours, _, minutes = clock.partition(":")
    return int(hours) * 60 + int(minutes or 0)


def out_of_hours(heat: list[list[int]], duty: list[list[float]]) -> tuple[int, int]:
    """(conversation-days begun in an hour with less than half of it on duty, all of them)."""
    outside = sum(heat[d][h] for d in range(7) for h in range(24) if duty[d][h] < 0.5)
    return outside, sum(map(sum, heat))

"""Handoffs: the period's tickets, their waits, each volunteer's figures, and the call-backs."""

from __future__ import annotations

import statistics
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from bot.auth.models import User
from bot.conversations.models import Conversation
from bot.dashboard.metrics import queries
from bot.dashboard.models import DayActivity
from bot.dashboard.period import Filters
from bot.handoff.models import Callback, Ticket
from bot.percentiles import percentile
from bot.privacy.models import Metric, UsageCount


class HandedTicket(NamedTuple):
    """What the figures need of one ticket (no text), in the order tickets() selects it."""

    id: int
    reason: str
    status: str
    outcome: str | None
    day: date
    wait_s: float | None  # seconds from created to claimed
    first_reply_s: int | None
    handling_s: float | None  # seconds from claimed to closed
    rating: int | None
    volunteer: int | None


def tickets(session: Session, filters: Filters) -> list[HandedTicket]:
    """The first ticket of each conversation-day of the period (tuples straight from the database: a year
    is 20,000 of them, and building each field by field cost more than the query)."""
    rows = queries.read_all(
        session,
        select(
            Ticket.id,
            type_coerce(Ticket.reason, String),  # the plain code: no enum object per row
            type_coerce(Ticket.status, String),
            Ticket.outcome,
            DayActivity.day,
            queries.seconds_between(session, Ticket.created_at, Ticket.assigned_at),
            DayActivity.first_reply_s,
            queries.seconds_between(session, Ticket.assigned_at, Ticket.closed_at),
            Ticket.rating,
            Ticket.assigned_to,
        )
        .join(DayActivity, DayActivity.ticket_id == Ticket.id)
        .where(*queries.in_period(filters.period, filters), DayActivity.ticket_id.is_not(None)),
    )
    return list(map(HandedTicket._make, rows))


WAIT_BUCKETS = ((60, "Dưới 1 phút"), (300, "1–5 phút"), (900, "5–15 phút"), (1800, "15–30 phút"), (None, "Trên 30 phút"))


def wait_buckets(values: Sequence[float]) -> list[tuple[str, int]]:
    """How many of the durations fall in each of WAIT_BUCKETS (from 0 up to each bound, the bound left out;
    the values sorted once and each bound found by bisection: a year is 16,000 waits)."""
    ordered = sorted(values)
    counts = []
    below_low = bisect_left(ordered, 0.0)
    for high, label in WAIT_BUCKETS:
        below_high = len(ordered) if high is None else bisect_left(ordered, high)
        counts.append((label, below_high - below_low))
        below_low = below_high
    return counts


@dataclass(frozen=True)
class VolunteerFigures:
    name: str
    tickets: int
    handling_median_s: float | None
    rating_count: int
    rating_average: float | None


def per_volunteer(session: Session, handed: Sequence[HandedTicket]) -> list[VolunteerFigures]:
    """Tickets, median handling time and stars per volunteer (for admins only: see routes.py)."""
    by: dict[int, list[HandedTicket]] = defaultdict(list)
    for ticket in handed:
        if ticket.volunteer is not None:
            by[ticket.volunteer].append(ticket)
    names = {
        uid: display or username
        for uid, username, display in session.execute(
            select(User.id, User.username, User.display_name).where(User.id.in_(list(by)))
        )
    }
    rows = []
    for uid, own in by.items():
        ratings = [t.rating for t in own if t.rating is not None]
        rows.append(
            VolunteerFigures(
                name=names.get(uid, f"#{uid}"),
                tickets=len(own),
                handling_median_s=percentile([t.handling_s for t in own if t.handling_s is not None], 0.5),
                rating_count=len(ratings),
                rating_average=statistics.fmean(ratings) if ratings else None,
            )
        )
    return sorted(rows, key=lambda r: (-r.tickets, r.name))


def callbacks(session: Session, filters: Filters) -> dict[str, int]:
    """Call-backs asked for in the period by status (open, done, unreachable), erased ones included."""
    start, end = queries.utc_bounds(filters.period)
    query = select(Callback.status, func.count()).where(Callback.created_at >= start, Callback.created_at < end)
    if filters.channel:
        query = query.join(Conversation, Conversation.id == Callback.conversation_id).where(
            Conversation.channel == filters.channel
        )
    counts: Counter[str] = Counter(dict(session.execute(query.group_by(Callback.status)).tuples().all()))
    erased = select(UsageCount.label, func.sum(UsageCount.count)).where(
        UsageCount.metric == Metric.CALLBACKS, UsageCount.day >= filters.period.first, UsageCount.day <= filters.period.last
    )
    if filters.channel:
        erased = erased.where(UsageCount.channel == filters.channel)
    for status, count in session.execute(erased.group_by(UsageCount.label)):
        counts[status] += queries.as_int(count)
    return {status: counts[status] for status in ("open", "done", "unreachable")}

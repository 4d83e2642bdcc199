"""Satisfaction: the stars and comments of the period's tickets, and how each conversation-day ended."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from bot.dashboard.days import as_utc
from bot.dashboard.definitions import ENDED, ENDING
from bot.dashboard.metrics import queries
from bot.dashboard.models import DayActivity, HourTotals
from bot.dashboard.period import Filters
from bot.handoff.models import Ticket


def comments(session: Session, filters: Filters, limit: int = 20) -> list[tuple[datetime, int, str]]:
    """(when, stars, comment) of the period's newest rating comments (masked when stored)."""
    return [
        (as_utc(rated_at or created_at), rating, comment)
        for rated_at, created_at, rating, comment in session.execute(
            select(Ticket.rated_at, Ticket.created_at, Ticket.rating, Ticket.rating_comment)
            .join(DayActivity, DayActivity.ticket_id == Ticket.id)
            .where(
                *queries.in_period(filters.period, filters),
                DayActivity.ticket_id.is_not(None),
                Ticket.rating_comment.is_not(None),
                Ticket.rating.is_not(None),
            )
            .order_by(Ticket.id.desc())
            .limit(limit)
        )
    ]


ENDINGS = {
    "rated_well": "Được bot trả lời, đánh giá «Hữu ích»",
    "rated_badly": "Được bot trả lời nhưng bị đánh giá «Chưa đúng»",
    "answered": "Được bot trả lời, không đánh giá",
    "unanswered": "Bot không trả lời được",
    "resolved": "Chuyển người hỗ trợ và đã xong",
    "abandoned": "Người dân rời đi trước khi được hỗ trợ",
    "expired": "Không ai nhận kịp (chuyển gọi lại)",
    "open": "Đang chờ hoặc đang được hỗ trợ",
    "other": "Khác (chỉ bấm nút hoặc chào hỏi)",
}


def ratings_by_day(session: Session, filters: Filters) -> list[tuple[date, int, int]]:
    """(day, stars, tickets) of the period's rated tickets: the satisfaction section's stars without
    reading every ticket when no other section of the request has."""
    return [
        (day, rating, count)
        for day, rating, count in session.execute(
            select(DayActivity.day, Ticket.rating, func.count())
            .join(DayActivity, DayActivity.ticket_id == Ticket.id)
            .where(*queries.in_period(filters.period, filters), DayActivity.ticket_id.is_not(None), Ticket.rating.is_not(None))
            .group_by(DayActivity.day, Ticket.rating)
        )
    ]


def ticket_statuses(session: Session, filters: Filters) -> Counter[str]:
    """How many of the period's tickets are in each status."""
    return Counter(
        dict(
            session.execute(
                select(type_coerce(Ticket.status, String), func.count())
                .join(DayActivity, DayActivity.ticket_id == Ticket.id)
                .where(*queries.in_period(filters.period, filters), DayActivity.ticket_id.is_not(None))
                .group_by(Ticket.status)
            )
            .tuples()
            .all()
        )
    )


def endings(session: Session, filters: Filters, statuses: Counter[str]) -> dict[str, int]:
    """How each conversation-day of the period ended (ENDINGS); `statuses` counts the period's tickets by
    status (the handed-over days end as their ticket did: the others as definitions.ENDING says)."""
    counts: Counter[str] = Counter()
    if queries.by_totals(filters):
        columns = {
            "rated_badly": HourTotals.ended_rated_badly,
            "rated_well": HourTotals.ended_rated_well,
            "answered": HourTotals.ended_answered,
            "unanswered": HourTotals.ended_unanswered,
            "other": HourTotals.ended_other,
        }
        sums = session.execute(
            select(*(func.sum(columns[e]) for e in ENDED)).where(*queries.in_hours(filters.period, filters))
        ).one()
        counts.update({ended: queries.as_int(n) for ended, n in zip(ENDED, sums)})
    else:
        counts.update(
            dict(
                session.execute(
                    select(ENDING, func.count())
                    .where(*queries.in_period(filters.period, filters), DayActivity.ticket_id.is_(None))
                    .group_by(ENDING)
                )
                .tuples()
                .all()
            )
        )
    for status, count in statuses.items():
        counts[status if status in ("resolved", "abandoned", "expired") else "open"] += count
    return {key: queries.as_int(counts.get(key)) for key in ENDINGS}

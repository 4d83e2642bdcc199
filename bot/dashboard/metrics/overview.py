"""The overview's tiles of one period: residents helped, conversation-days, the bot-only share, handoffs,
votes, unanswered questions, waits and stars."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.dashboard.definitions import BOT_RESOLVED, HELPED
from bot.dashboard.metrics import queries
from bot.dashboard.metrics.handoff import HandedTicket
from bot.dashboard.models import DayActivity, HourTotals
from bot.dashboard.period import Filters, Period
from bot.handoff.models import Ticket
from bot.percentiles import percentile


@dataclass(frozen=True)
class Overview:
    """The tiles of one period."""

    conversations: int
    residents_helped: int
    bot_resolved: int
    handed_over: int
    thumbs_up: int
    thumbs_down: int
    unanswered: int
    wait_median_s: float | None
    wait_p90_s: float | None
    unclaimed: int  # tickets nobody claimed (yet): no wait of theirs is in the median and the 90 % figure
    rating_count: int
    rating_average: float | None

    @property
    def bot_resolved_share(self) -> float | None:
        return share(self.bot_resolved, self.conversations)

    @property
    def handed_over_share(self) -> float | None:
        return share(self.handed_over, self.conversations)

    @property
    def thumbs_up_share(self) -> float | None:
        return share(self.thumbs_up, self.thumbs_up + self.thumbs_down)


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def overview(session: Session, filters: Filters, period: Period, handed: Sequence[HandedTicket] | None = None) -> Overview:
    """Residents helped, conversation-days, bot-only share, handoffs, votes, unanswered, waits, stars
    (waits and stars from `handed`, the period's tickets, when the caller has them already)."""
    where = queries.in_period(period, filters)
    if queries.by_totals(filters):
        sums = session.execute(
            select(
                func.sum(HourTotals.conversations),
                func.sum(HourTotals.bot_resolved),
                func.sum(HourTotals.handed_over),
                func.sum(HourTotals.thumbs_up),
                func.sum(HourTotals.thumbs_down),
                func.sum(HourTotals.unanswered),
                func.sum(HourTotals.helped_first),
            ).where(*queries.in_hours(period, filters))
        ).one()
        # the residents helped: those helped on a day of the period for the first time, and those helped on a
        # day of it whose previous such day came before it (a DISTINCT over a year's conversation-days took
        # 0.5 s in SQLite; these are a few days out of five, read from their own index)
        again = session.scalar(
            select(func.count()).where(*where, DayActivity.helped_before.is_not(None), DayActivity.helped_before < period.first)
        )
        row: tuple[Any, ...] = (*sums[:6], queries.as_int(sums[6]) + queries.as_int(again))
    else:
        row = tuple(
            session.execute(
                select(
                    func.count(),
                    func.sum(case((BOT_RESOLVED, 1), else_=0)),
                    func.count(DayActivity.ticket_id),
                    func.sum(DayActivity.thumbs_up),
                    func.sum(DayActivity.thumbs_down),
                    func.sum(DayActivity.unanswered),
                    # in the same scan: a separate GROUP BY took longer
                    func.count(func.distinct(case((HELPED, DayActivity.conversation_id)))),
                ).where(*where)
            ).one()
        )
    pairs = (
        [(t.wait_s, t.rating) for t in handed]
        if handed is not None
        else session.execute(
            select(queries.seconds_between(session, Ticket.created_at, Ticket.assigned_at), Ticket.rating)
            .join(DayActivity, DayActivity.ticket_id == Ticket.id)
            .where(*where, DayActivity.ticket_id.is_not(None))
        ).tuples()
    )
    waits: list[float] = []
    ratings: list[int] = []
    unclaimed = 0
    for wait, rating in pairs:
        if wait is not None:
            waits.append(float(wait))
        else:
            unclaimed += 1
        if rating is not None:
            ratings.append(rating)
    return Overview(
        conversations=queries.as_int(row[0]),
        residents_helped=queries.as_int(row[6]),
        bot_resolved=queries.as_int(row[1]),
        handed_over=queries.as_int(row[2]),
        thumbs_up=queries.as_int(row[3]),
        thumbs_down=queries.as_int(row[4]),
        unanswered=queries.as_int(row[5]),
        wait_median_s=percentile(waits, 0.5),
        wait_p90_s=percentile(waits, 0.9),
        unclaimed=unclaimed,
        rating_count=len(ratings),
        rating_average=statistics.fmean(ratings) if ratings else None,
    )

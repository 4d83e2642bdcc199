"""Digital skills: how far residents got in each step-by-step guide."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from bot.dashboard.metrics import queries
from bot.dashboard.metrics.entries import with_titles
from bot.dashboard.models import DayActivity, DayEntry
from bot.dashboard.period import Filters


@dataclass(frozen=True)
class GuideProgress:
    entry_id: str
    title: str
    total: int
    finished: int
    stopped_at: dict[int, int]  # step → residents whose furthest step it was

    @property
    def started(self) -> int:
        return self.finished + sum(self.stopped_at.values())


def guides(session: Session, filters: Filters) -> list[GuideProgress]:
    """Per guide: residents (conversations) who finished it in the period, and where the others stopped."""
    query = select(
        DayEntry.faq_id.label("faq_id"),
        func.max(DayEntry.guide_step).label("step"),
        func.max(DayEntry.guide_total).label("total"),
        func.max(case((DayEntry.guide_done, 1), else_=0)).label("done"),
    ).where(DayEntry.day >= filters.period.first, DayEntry.day <= filters.period.last, DayEntry.guide_total > 0)
    if filters.channel:
        query = query.join(
            DayActivity, and_(DayActivity.conversation_id == DayEntry.conversation_id, DayActivity.day == DayEntry.day)
        ).where(DayActivity.channel == filters.channel)
    # each resident's furthest step, then counted per guide and step by the database: a year is 12,000
    # residents in guidance, and only a few hundred (guide, step) counts
    each = query.group_by(DayEntry.faq_id, DayEntry.conversation_id).subquery()
    reached = case((each.c.done == 1, 0), else_=each.c.step)  # finished: the step does not matter
    finished: Counter[str] = Counter()
    stopped: dict[str, Counter[int]] = defaultdict(Counter)
    totals: dict[str, int] = {}
    for faq_id, done, step, total, residents in queries.read_all(
        session,
        select(each.c.faq_id, each.c.done, reached, func.max(each.c.total), func.count()).group_by(
            each.c.faq_id, each.c.done, reached
        ),
    ):
        totals[faq_id] = max(totals.get(faq_id, 0), queries.as_int(total))
        if done:
            finished[faq_id] += residents
        else:
            stopped[faq_id][queries.as_int(step)] += residents
    titled = with_titles(session, {faq_id: 0 for faq_id in totals}, filters.category)
    rows = [GuideProgress(e, t, totals[e], finished[e], dict(sorted(stopped[e].items()))) for e, t, _, _ in titled]
    return sorted(rows, key=lambda g: (-g.started, g.title))

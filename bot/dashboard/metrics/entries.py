"""What residents ask: the answers and votes per entry and category, and the unanswered questions grouped."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from bot.admin import grouping
from bot.conversations.models import Message
from bot.dashboard.days import as_utc, local
from bot.dashboard.metrics import queries
from bot.dashboard.models import DayActivity, EntryTotals
from bot.dashboard.period import Filters, Period
from bot.feedback.models import UnansweredHandled
from knowledge.models import Category, Entry


@dataclass(frozen=True)
class EntryFigures:
    """An entry's answers in the period, and the votes on those answers."""

    entry_id: str
    title: str
    category: str
    answers: int
    thumbs_up: int
    thumbs_down: int


def entries(session: Session, filters: Filters) -> list[EntryFigures]:
    """Per entry: answers given in the period and the 👍/👎 on them (the latest vote), most answered first
    (from the totals whatever the filters: a category is a set of entries, chosen after adding up)."""
    query = select(
        EntryTotals.faq_id, func.sum(EntryTotals.answers), func.sum(EntryTotals.thumbs_up), func.sum(EntryTotals.thumbs_down)
    ).where(EntryTotals.day >= filters.period.first, EntryTotals.day <= filters.period.last)
    if filters.channel:
        query = query.where(EntryTotals.channel == filters.channel)
    sums = {
        faq_id: (queries.as_int(n), queries.as_int(up), queries.as_int(down))
        for faq_id, n, up, down in session.execute(query.group_by(EntryTotals.faq_id))
    }
    return [
        EntryFigures(entry_id, title, category, *sums[entry_id])
        for entry_id, title, category, _ in with_titles(session, {k: v[0] for k, v in sums.items()}, filters.category)
    ]


def with_titles(session: Session, counts: dict[str, Any], category: str) -> list[tuple[str, str, str, int]]:
    """Counts by entry id with the entry's and its category's titles (an entry deleted since: its id)."""
    names = {
        entry_id: (title, category_id, category_title)
        for entry_id, title, category_id, category_title in session.execute(
            select(Entry.id, Entry.title, Entry.category_id, Category.title).join(Category, Category.id == Entry.category_id)
        )
    }
    rows = []
    for entry_id, count in counts.items():
        title, category_id, category_title = names.get(entry_id, (entry_id, "", "Không rõ (đã xóa)"))
        if category and category_id != category:
            continue
        rows.append((entry_id, title, category_title, queries.as_int(count)))
    return sorted(rows, key=lambda r: (-r[3], r[1]))


def by_category(found: Sequence[EntryFigures]) -> list[tuple[str, int, int, int]]:
    """(category title, answers, 👍, 👎), most answered first."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for e in found:
        total = totals[e.category]
        total[0] += e.answers
        total[1] += e.thumbs_up
        total[2] += e.thumbs_down
    return sorted(((c, a, u, d) for c, (a, u, d) in totals.items()), key=lambda r: (-r[1], r[0]))


UNANSWERED_PAIRS = 300  # the newest conversation-days with an unanswered question whose texts are grouped


def unanswered_groups(session: Session, filters: Filters) -> list[grouping.Group]:
    """The period's unanswered questions not dealt with yet, grouped as the editor's list groups them,
    among the newest UNANSWERED_PAIRS conversation-days that had one (found by the roll-ups, so that
    only their few messages are read: the editor's own query reads the whole table's JSON)."""
    pairs = session.execute(
        select(DayActivity.conversation_id, DayActivity.day)
        .where(*queries.in_period(filters.period, filters), DayActivity.unanswered > 0)
        .order_by(DayActivity.day.desc(), DayActivity.conversation_id.desc())
        .limit(UNANSWERED_PAIRS)
    ).all()
    if not pairs:
        return []
    wanted = {(c, d) for c, d in pairs}
    first, last = queries.utc_bounds(Period(min(d for _, d in pairs), max(d for _, d in pairs)))
    # the questions answered by the fallback, by the editor's list's own test (grouping.find_unanswered, as
    # summary.outcome): the database finds them, and only theirs of the days' messages are read (a year's report
    # read 1,600 messages and their JSON for 330 questions)
    inbound, reply = aliased(Message), aliased(Message)
    found = session.execute(
        select(inbound.id, inbound.conversation_id, inbound.text, inbound.meta, inbound.created_at)
        .join(
            reply,
            and_(
                reply.conversation_id == inbound.conversation_id,
                reply.reply_to == inbound.seq,
                reply.direction == "out",
                reply.created_at >= first,
                reply.created_at < last,
            ),
        )
        .where(
            inbound.conversation_id.in_([c for c, _ in pairs]),
            inbound.created_at >= first,
            inbound.created_at < last,
            inbound.direction == "in",
            reply.meta["source"].as_string() == "fallback",
            reply.meta["intent"].as_string().in_(grouping.FALLBACK_INTENTS),
        )
    )
    unanswered: dict[int, tuple[str, datetime]] = {}  # by message id: a question may have two such replies
    for message_id, conversation_id, text, meta, created_at in found:
        if (conversation_id, local(created_at).date()) in wanted and not (meta if isinstance(meta, dict) else {}).get("payload"):
            unanswered[message_id] = (text, as_utc(created_at))
    handled = set(session.scalars(select(UnansweredHandled.message_id).where(UnansweredHandled.message_id.in_(list(unanswered)))))
    items = [grouping.Item(i, text, at, "fallback") for i, (text, at) in unanswered.items() if i not in handled]
    return grouping.group(items)

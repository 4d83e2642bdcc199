"""Every figure of the dashboard, each defined once here (the README's table repeats the definitions).

The unit «lượt trò chuyện» (a conversation-day) is one resident's conversation on one Việt Nam day:
a Conversation row is a resident on a channel for months, so counting rows would count people, not
visits. The figures read the roll-ups (rollup.py) and the tickets and call-backs themselves, which
are small; handoff figures follow the day's first ticket of each conversation-day, so the
handoff tiles, reasons and waits all count the same tickets. What a conversation-day's row says
(helped, resolved by the bot alone, how it ended) is defined in rollup.py, which adds the rows up.

Which rows: the sums (conversation-days, questions, votes, endings, the heat map, answers per entry,
residents helped for the first time) come from the totals per day and hour and per day and entry
(HourTotals, EntryTotals) when no category is chosen (by_totals); the conversation-days themselves are
read for the residents helped again, the tickets, and whenever a category is chosen (a conversation-day is in a category if it touched one of the category's
entries, as they are filed now: totals added up per category would go stale when an entry is moved).

Older than retention: the roll-ups (with the 👍/👎 on each answer) and the tickets (reason, times,
outcome, stars) outlive erasure, so every figure of a period past the retention period stays as it
was, except call-backs (erased with their conversation: their counts come from UsageCount from then
on), the comments of ratings (erased) and the unanswered groups (they need the messages' text).
"""

from __future__ import annotations

import statistics
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Float, Row, Select, SQLColumnExpression, String, and_, case, cast, exists, func, select, type_coerce
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from bot.admin import grouping
from bot.auth.models import User
from bot.conversations.models import Conversation, Message
from bot.dashboard.days import as_utc, day_start, local
from bot.dashboard.definitions import BOT_RESOLVED, ENDED, ENDING, HELPED
from bot.dashboard.models import DayActivity, DayEntry, EntryTotals, HourTotals
from bot.dashboard.period import Filters, Period
from bot.feedback.models import UnansweredHandled
from bot.handoff.models import Callback, Shift, Ticket
from bot.percentiles import percentile as percentile  # re-exported: sections.py reads metrics.percentile
from bot.privacy.models import Metric, UsageCount
from knowledge.models import Category, Entry


def _int(value: Any) -> int:
    return int(value or 0)


def _read(session: Session, query: Select[Any]) -> Sequence[Row[Any]]:
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
    """Whether the sums can come from the totals (HourTotals, EntryTotals): unless a category is chosen."""
    return not filters.category


def in_hours(period: Period, filters: Filters) -> list[ColumnElement[bool]]:
    """The totals of a period on the chosen channel (no category: see by_totals)."""
    where: list[ColumnElement[bool]] = [HourTotals.day >= period.first, HourTotals.day <= period.last]
    if filters.channel:
        where.append(HourTotals.channel == filters.channel)
    return where


def utc_bounds(period: Period) -> tuple[datetime, datetime]:
    return day_start(period.first), day_start(period.last + timedelta(days=1))


# -- overview ---------------------------------------------------------------------------------


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
    where = in_period(period, filters)
    if by_totals(filters):
        sums = session.execute(
            select(
                func.sum(HourTotals.conversations),
                func.sum(HourTotals.bot_resolved),
                func.sum(HourTotals.handed_over),
                func.sum(HourTotals.thumbs_up),
                func.sum(HourTotals.thumbs_down),
                func.sum(HourTotals.unanswered),
                func.sum(HourTotals.helped_first),
            ).where(*in_hours(period, filters))
        ).one()
        # the residents helped: those helped on a day of the period for the first time, and those helped on a
        # day of it whose previous such day came before it (a DISTINCT over a year's conversation-days took
        # 0.5 s in SQLite; these are a few days out of five, read from their own index)
        again = session.scalar(
            select(func.count()).where(*where, DayActivity.helped_before.is_not(None), DayActivity.helped_before < period.first)
        )
        row: tuple[Any, ...] = (*sums[:6], _int(sums[6]) + _int(again))
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
            select(seconds_between(session, Ticket.created_at, Ticket.assigned_at), Ticket.rating)
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
        conversations=_int(row[0]),
        residents_helped=_int(row[6]),
        bot_resolved=_int(row[1]),
        handed_over=_int(row[2]),
        thumbs_up=_int(row[3]),
        thumbs_down=_int(row[4]),
        unanswered=_int(row[5]),
        wait_median_s=percentile(waits, 0.5),
        wait_p90_s=percentile(waits, 0.9),
        unclaimed=unclaimed,
        rating_count=len(ratings),
        rating_average=statistics.fmean(ratings) if ratings else None,
    )


# -- when residents ask -------------------------------------------------------------------------


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
    if by_totals(filters):
        query = (
            select(HourTotals.day, HourTotals.hour, func.sum(HourTotals.conversations), func.sum(HourTotals.questions))
            .where(*in_hours(period, filters))
            .group_by(HourTotals.day, HourTotals.hour)
        )
    else:
        query = (
            select(DayActivity.day, DayActivity.first_hour, func.count(), func.sum(DayActivity.questions))
            .where(*in_period(period, filters))
            .group_by(DayActivity.day, DayActivity.first_hour)
            # in the hours index's order: PostgreSQL then adds up its entries as they come (a year: 40 ms)
            # instead of reading the table into a hash (130 ms), once vacuum has marked the rows visible
            .order_by(DayActivity.day, DayActivity.first_hour)
        )
    for day, hour, count, asked in _read(session, query):
        per_day[day] += count
        questions[day] += _int(asked)
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


# -- what residents ask -------------------------------------------------------------------------


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
        faq_id: (_int(n), _int(up), _int(down)) for faq_id, n, up, down in session.execute(query.group_by(EntryTotals.faq_id))
    }
    return [
        EntryFigures(entry_id, title, category, *sums[entry_id])
        for entry_id, title, category, _ in _titled(session, {k: v[0] for k, v in sums.items()}, filters.category)
    ]


def _titled(session: Session, counts: dict[str, Any], category: str) -> list[tuple[str, str, str, int]]:
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
        rows.append((entry_id, title, category_title, _int(count)))
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
        .where(*in_period(filters.period, filters), DayActivity.unanswered > 0)
        .order_by(DayActivity.day.desc(), DayActivity.conversation_id.desc())
        .limit(UNANSWERED_PAIRS)
    ).all()
    if not pairs:
        return []
    wanted = {(c, d) for c, d in pairs}
    first, last = utc_bounds(Period(min(d for _, d in pairs), max(d for _, d in pairs)))
    # the questions answered by the fallback, by the editor's list's own test (grouping.find_unanswered, as
    # rollup.outcome): the database finds them, and only theirs of the days' messages are read (a year's report
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


# -- handoff and satisfaction --------------------------------------------------------------------


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
    rows = _read(
        session,
        select(
            Ticket.id,
            type_coerce(Ticket.reason, String),  # the plain code: no enum object per row
            type_coerce(Ticket.status, String),
            Ticket.outcome,
            DayActivity.day,
            seconds_between(session, Ticket.created_at, Ticket.assigned_at),
            DayActivity.first_reply_s,
            seconds_between(session, Ticket.assigned_at, Ticket.closed_at),
            Ticket.rating,
            Ticket.assigned_to,
        )
        .join(DayActivity, DayActivity.ticket_id == Ticket.id)
        .where(*in_period(filters.period, filters), DayActivity.ticket_id.is_not(None)),
    )
    return list(map(HandedTicket._make, rows))


def seconds_between(session: Session, start: SQLColumnExpression[Any], end: SQLColumnExpression[Any]) -> ColumnElement[Any]:
    """end − start in seconds as a float, computed by the database (NULL if either is): parsing two
    timestamps per ticket in Python, then rounding there, was most of the handoff figures' time."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.extract("epoch", end - start), Float)  # numeric since PostgreSQL 14: a Decimal each
    # julianday is a floating-point day: rounded to the millisecond, 4 minutes is 240, not 239.99999
    return func.round((func.julianday(end) - func.julianday(start)) * 86400.0, 3)


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
    start, end = utc_bounds(filters.period)
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
        counts[status] += _int(count)
    return {status: counts[status] for status in ("open", "done", "unreachable")}


def comments(session: Session, filters: Filters, limit: int = 20) -> list[tuple[datetime, int, str]]:
    """(when, stars, comment) of the period's newest rating comments (masked when stored)."""
    return [
        (as_utc(rated_at or created_at), rating, comment)
        for rated_at, created_at, rating, comment in session.execute(
            select(Ticket.rated_at, Ticket.created_at, Ticket.rating, Ticket.rating_comment)
            .join(DayActivity, DayActivity.ticket_id == Ticket.id)
            .where(
                *in_period(filters.period, filters),
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
            .where(*in_period(filters.period, filters), DayActivity.ticket_id.is_not(None), Ticket.rating.is_not(None))
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
                .where(*in_period(filters.period, filters), DayActivity.ticket_id.is_not(None))
                .group_by(Ticket.status)
            )
            .tuples()
            .all()
        )
    )


def endings(session: Session, filters: Filters, statuses: Counter[str]) -> dict[str, int]:
    """How each conversation-day of the period ended (ENDINGS); `statuses` counts the period's tickets by
    status (the handed-over days end as their ticket did: the others as rollup.ENDING says)."""
    counts: Counter[str] = Counter()
    if by_totals(filters):
        columns = {
            "rated_badly": HourTotals.ended_rated_badly,
            "rated_well": HourTotals.ended_rated_well,
            "answered": HourTotals.ended_answered,
            "unanswered": HourTotals.ended_unanswered,
            "other": HourTotals.ended_other,
        }
        sums = session.execute(select(*(func.sum(columns[e]) for e in ENDED)).where(*in_hours(filters.period, filters))).one()
        counts.update({ended: _int(n) for ended, n in zip(ENDED, sums)})
    else:
        counts.update(
            dict(
                session.execute(
                    select(ENDING, func.count())
                    .where(*in_period(filters.period, filters), DayActivity.ticket_id.is_(None))
                    .group_by(ENDING)
                )
                .tuples()
                .all()
            )
        )
    for status, count in statuses.items():
        counts[status if status in ("resolved", "abandoned", "expired") else "open"] += count
    return {key: _int(counts.get(key)) for key in ENDINGS}


# -- digital skills ---------------------------------------------------------------------------


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
    for faq_id, done, step, total, residents in _read(
        session,
        select(each.c.faq_id, each.c.done, reached, func.max(each.c.total), func.count()).group_by(
            each.c.faq_id, each.c.done, reached
        ),
    ):
        totals[faq_id] = max(totals.get(faq_id, 0), _int(total))
        if done:
            finished[faq_id] += residents
        else:
            stopped[faq_id][_int(step)] += residents
    titled = _titled(session, {faq_id: 0 for faq_id in totals}, filters.category)
    rows = [GuideProgress(e, t, totals[e], finished[e], dict(sorted(stopped[e].items()))) for e, t, _, _ in titled]
    return sorted(rows, key=lambda g: (-g.started, g.title))

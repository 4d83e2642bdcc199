"""Keeping the dashboard's roll-ups (models.py) equal to what the messages say, a few rows at a time.

Why roll-ups: a year is a million messages whose useful facts sit in a JSON column (who answered,
which entry, which guidance step); reading them for every page view cannot meet the dashboard's
time budget on either database. A (conversation, day) row is about 5 messages' worth of facts, with
no JSON left to parse.

Why pulled, not pushed: the conversation core knows none of its features (docs/design.md) and the
dashboard never changes a conversation. So `refresh` runs before each dashboard read: it finds the
(conversation, day) pairs touched since the last run — messages and votes newer than the mark, and
any written in the last SLACK minutes, so that a transaction that committed late (a lower id after a
higher one) is not missed — and recomputes those pairs entirely from the raw rows. Recomputing whole
pairs makes it idempotent: running it twice, or two gateways at once, gives the same rows. The totals
per day and hour and per day and entry (HourTotals, EntryTotals) are then added up again, from those
rows, for every day whose rows changed (add_up): a day is some 700 conversation-days, and the figures
that count nobody twice read a year of totals instead of a year of conversation-days. Each row also
names the conversation's previous day it was helped (helped_before), so that residents helped in a
period are counted without a DISTINCT: a recompute sets it on the pairs it writes and moves it on the
conversation's other days when a day became helped, or stopped being, before them.

What the roll-ups deliberately do not follow: erasure. When the retention job or a resident erases a
conversation its messages go, but its roll-up rows stay (they name nobody), like bot/privacy's
UsageCount: a pair with no messages left is never recomputed (its day's totals still count it). A vote
changed on a later day than the answer it rates is counted on the answer's day at the next refresh of
that pair only (rare: the buttons are pressed right after the answer).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import and_, case, delete, func, insert, or_, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.admin.grouping import FALLBACK_INTENTS
from bot.clock import utcnow
from bot.conversations.models import Conversation, Message
from bot.dashboard.models import DayActivity, DayEntry, EntryTotals, HourTotals, RollupMark
from bot.feedback.models import Feedback
from bot.handoff.models import Ticket
from bot.handoff.schedule import VIETNAM
from bot.privacy import erasure

SLACK = timedelta(minutes=10)
# any number of the application's own: one writer of the roll-ups at a time across the gateway's workers
# and the retention job (PostgreSQL; SQLite writes one transaction at a time anyway)
REFRESH_LOCK = 190_014
REPEAT_WINDOW = timedelta(minutes=10)
BATCH = 2000  # conversations recomputed per round trip
GUIDE_OFFERS = ("guide", "guide_stuck", "guide_done")
Key = tuple[int, date]

# What a conversation-day's row says, for metrics.py's figures and the totals below alike (defined once).
HELPED = or_(DayActivity.answered > 0, DayActivity.volunteer_messages > 0)  # and helped() below, in Python
# resolved by the bot alone: it answered, nobody was called, no 👎, no question asked again within 10 minutes
BOT_RESOLVED = and_(
    DayActivity.answered > 0, DayActivity.ticket_id.is_(None), DayActivity.thumbs_down == 0, DayActivity.repeats == 0
)
# how a conversation-day without a ticket ended (one with a ticket ends as its ticket did: metrics.endings)
ENDING = case(
    (DayActivity.thumbs_down > 0, "rated_badly"),
    (and_(DayActivity.answered > 0, DayActivity.thumbs_up > 0), "rated_well"),
    (DayActivity.answered > 0, "answered"),
    (DayActivity.unanswered > 0, "unanswered"),
    else_="other",
)
ENDED = ("rated_badly", "rated_well", "answered", "unanswered", "other")  # HourTotals.ended_<class>


def helped(answered: int, volunteer_messages: int) -> bool:
    """HELPED, of a row's values."""
    return answered > 0 or volunteer_messages > 0


def as_utc(moment: datetime) -> datetime:
    """SQLite gives timestamps back without their zone; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def local(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(VIETNAM)


def day_start(day: date) -> datetime:
    """The UTC instant a Việt Nam day begins."""
    return datetime(day.year, day.month, day.day, tzinfo=VIETNAM).astimezone(timezone.utc)


@dataclass
class _Entry:
    answers: int = 0
    thumbs_up: int = 0
    thumbs_down: int = 0
    guide_step: int = 0
    guide_total: int = 0
    guide_done: bool = False


@dataclass
class _Pair:
    """The facts of one (conversation, day) while they are computed."""

    channel: str
    first_hour: int
    questions: int = 0
    answered: int = 0
    unanswered: int = 0
    repeats: int = 0
    volunteer_messages: int = 0
    thumbs_up: int = 0
    thumbs_down: int = 0
    ticket_id: int | None = None
    first_reply_s: int | None = None
    helped_before: date | None = None  # set from the conversation's other days (_helped_before)
    entries: dict[str, _Entry] = field(default_factory=dict)


@dataclass(frozen=True)
class _Row:
    id: int
    seq: int
    direction: str
    meta: dict[str, Any]
    reply_to: int | None
    at: datetime


def outcome(replies: list[dict[str, Any]]) -> tuple[bool, bool, str | None]:
    """(answered by the bot, answered by the fallback, entry answered) of a question's replies."""
    sources = [str(meta.get("source") or "") for meta in replies]
    fallback = any(
        meta.get("source") == "fallback" and meta.get("intent") in FALLBACK_INTENTS for meta in replies
    )  # the unanswered list's own definition (bot/admin/grouping.py)
    answered = not fallback and any(source in ("faq", "dialogue") for source in sources)
    faq = next((str(meta["faq_id"]) for meta in replies if meta.get("source") == "faq" and meta.get("faq_id")), None)
    return answered, fallback, faq


def summarize(
    rows: Sequence[_Row], channel: str, votes: dict[int, int], tickets: Sequence[tuple[int, datetime, datetime | None]]
) -> _Pair:
    """The facts of one conversation's messages of one day (rows in seq order). votes: message id → ±1;
    tickets: (id, created_at, assigned_at) of the conversation's tickets opened that day, oldest first."""
    pair = _Pair(channel=channel, first_hour=local(next((r for r in rows if r.direction == "in"), rows[0]).at).hour)
    replies: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row.direction == "out" and row.reply_to is not None:
            replies[row.reply_to].append(row.meta)
    earlier: list[tuple[datetime, bool, str | None]] = []  # (when, fallback, entry) of the day's questions
    for row in rows:
        if row.direction == "in":
            if row.meta.get("payload"):
                continue  # a button press (👍, a guidance step) is not a question
            pair.questions += 1
            answered, fallback, faq = outcome(replies.get(row.seq, []))
            pair.answered += answered
            pair.unanswered += fallback
            again = any(
                row.at - when <= REPEAT_WINDOW and (was_fallback or (faq is not None and faq == was_faq))
                for when, was_fallback, was_faq in earlier
            )
            pair.repeats += again
            earlier.append((row.at, fallback, faq))
            continue
        source = row.meta.get("source")
        pair.volunteer_messages += source == "volunteer"
        vote = votes.get(row.id, 0)
        pair.thumbs_up += vote > 0
        pair.thumbs_down += vote < 0
        _count_entry(pair, row.meta, vote)
    if tickets:
        ticket_id, _, assigned_at = tickets[0]
        pair.ticket_id = ticket_id
        if assigned_at is not None:
            first = next(
                (r.at for r in rows if r.direction == "out" and r.meta.get("source") == "volunteer" and r.at >= assigned_at),
                None,
            )
            pair.first_reply_s = int((first - assigned_at).total_seconds()) if first is not None else None
    return pair


# how many of the conversation's next messages are read for a volunteer's first reply on a later day
LATER_REPLY_MESSAGES = 50


def _first_reply_later(session: Session, conversation_id: int, assigned_at: datetime) -> int | None:
    """Seconds from a claim to the volunteer's first message when that fell on a later Việt Nam day (a
    ticket claimed at 23:55 and answered at 00:05), or None if there is none."""
    later = session.execute(
        select(Message.created_at, Message.meta)
        .where(Message.conversation_id == conversation_id, Message.direction == "out", Message.created_at >= assigned_at)
        .order_by(Message.created_at)
        .limit(LATER_REPLY_MESSAGES)
    )
    first = next((as_utc(at) for at, meta in later if (meta or {}).get("source") == "volunteer"), None)
    return int((first - assigned_at).total_seconds()) if first is not None else None


def _count_entry(pair: _Pair, meta: dict[str, Any], vote: int) -> None:
    guide = meta.get("guide")
    if isinstance(guide, dict) and guide.get("faq_id") and meta.get("offer") in GUIDE_OFFERS:
        entry = pair.entries.setdefault(str(guide["faq_id"]), _Entry())
        entry.guide_step = max(entry.guide_step, _small(guide.get("step")))
        entry.guide_total = max(entry.guide_total, _small(guide.get("total")))
        entry.guide_done = entry.guide_done or meta.get("offer") == "guide_done"
    elif meta.get("source") == "faq" and meta.get("faq_id"):
        entry = pair.entries.setdefault(str(meta["faq_id"])[:120], _Entry())
        entry.answers += 1
        entry.thumbs_up += vote > 0
        entry.thumbs_down += vote < 0


def _small(value: object) -> int:
    """A step number from meta (a bot's JSON): anything odd counts as 0."""
    return value if isinstance(value, int) and 0 <= value < 10_000 else 0


def recompute(session: Session, keys: Iterable[Key], totals: bool = True) -> int:
    """Rewrites the roll-up rows of these (conversation, day) pairs from the raw rows, then the totals of
    their days (unless told not to: rebuild adds up every day at the end); how many pairs still had
    messages (those without keep their rows: the conversation was erased)."""
    by_conversation: dict[int, set[date]] = defaultdict(set)
    for conversation_id, day in keys:
        by_conversation[conversation_id].add(day)
    ids = sorted(by_conversation)
    written = 0
    changed: set[date] = set()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        written += _recompute_chunk(session, {c: by_conversation[c] for c in chunk}, changed)
    if totals and changed:
        add_up(session, changed)
    return written


def _recompute_chunk(session: Session, days: dict[int, set[date]], changed: set[date]) -> int:
    """Recomputes these conversations' pairs; adds the days whose rows it rewrote to `changed`."""
    ids = list(days)
    first = day_start(min(min(d) for d in days.values()))
    last = day_start(max(max(d) for d in days.values()) + timedelta(days=1))
    channels = dict(session.execute(select(Conversation.id, Conversation.channel).where(Conversation.id.in_(ids))).tuples().all())
    rows: dict[Key, list[_Row]] = defaultdict(list)
    query = (
        select(
            Message.id,
            Message.conversation_id,
            Message.seq,
            Message.direction,
            Message.meta,
            Message.reply_to,
            Message.created_at,
        )
        .where(Message.conversation_id.in_(ids), Message.created_at >= first, Message.created_at < last)
        .order_by(Message.conversation_id, Message.seq)
    )
    out_ids: list[int] = []
    for message_id, conversation_id, seq, direction, meta, reply_to, created_at in session.execute(query):
        key = (conversation_id, local(created_at).date())
        if key[1] in days[conversation_id]:
            rows[key].append(_Row(message_id, seq, direction, meta or {}, reply_to, as_utc(created_at)))
            if direction == "out":
                out_ids.append(message_id)
    votes: dict[int, int] = {}
    for start in range(0, len(out_ids), 20_000):
        part = out_ids[start : start + 20_000]
        votes.update(
            (mid, value)
            for mid, value in session.execute(select(Feedback.message_id, Feedback.value).where(Feedback.message_id.in_(part)))
            if mid is not None
        )
    tickets: dict[Key, list[tuple[int, datetime, datetime | None]]] = defaultdict(list)
    for ticket_id, conversation_id, created_at, assigned_at in session.execute(
        select(Ticket.id, Ticket.conversation_id, Ticket.created_at, Ticket.assigned_at)
        .where(Ticket.conversation_id.in_(ids), Ticket.created_at >= first, Ticket.created_at < last)
        .order_by(Ticket.created_at, Ticket.id)
    ):
        tickets[(conversation_id, local(created_at).date())].append(
            (ticket_id, as_utc(created_at), as_utc(assigned_at) if assigned_at else None)
        )
    # a day with only our messages (a volunteer's reply or a notice after midnight) is no visit of the resident
    visits = {key: found for key, found in rows.items() if any(r.direction == "in" for r in found)}
    pairs = {key: summarize(found, channels.get(key[0], ""), votes, tickets.get(key, [])) for key, found in visits.items()}
    for key, pair in pairs.items():
        claimed = next(iter(tickets.get(key, [])), None)
        if claimed is not None and claimed[2] is not None and pair.first_reply_s is None:
            pair.first_reply_s = _first_reply_later(session, key[0], claimed[2])
    gone = set(rows) - set(visits)
    moved = _helped_before(session, pairs, gone)
    _write(session, pairs, gone)
    if moved:  # primary keys in each dict: SQLAlchemy updates the rows one statement, many rows
        session.execute(update(DayActivity), [{"day": d, "conversation_id": c, "helped_before": b} for c, d, b in moved])
    # the days of the pairs written and of those gone, and of the rows whose helped_before moved with them
    changed.update(day for _, day in rows)
    changed.update(day for _, day, _ in moved)
    return len(pairs)


def _helped_before(session: Session, pairs: dict[Key, _Pair], gone: set[Key]) -> list[tuple[int, date, date | None]]:
    """Sets each pair's helped_before from its conversation's days as they will be (the rows rolled up, these
    pairs written, those gone), and gives the rows kept whose helped_before changes (conversation, day, value):
    a day helped for the first time, or no longer, changes it on the conversation's later days."""
    ids = sorted({c for c, _ in [*pairs, *gone]})
    days: dict[int, dict[date, bool]] = defaultdict(dict)
    stored: dict[Key, date | None] = {}
    if ids:
        for conversation_id, day, answered, volunteer_messages, before in session.execute(
            select(
                DayActivity.conversation_id,
                DayActivity.day,
                DayActivity.answered,
                DayActivity.volunteer_messages,
                DayActivity.helped_before,
            ).where(DayActivity.conversation_id.in_(ids))
        ):
            days[conversation_id][day] = helped(answered, volunteer_messages)
            stored[(conversation_id, day)] = before
    for conversation_id, day in gone:
        days[conversation_id].pop(day, None)
    for (conversation_id, day), pair in pairs.items():
        days[conversation_id][day] = helped(pair.answered, pair.volunteer_messages)
    moved: list[tuple[int, date, date | None]] = []
    for conversation_id, found in days.items():
        previous: date | None = None
        for day in sorted(found):
            before = previous if found[day] else None
            if (conversation_id, day) in pairs:
                pairs[(conversation_id, day)].helped_before = before
            elif stored[(conversation_id, day)] != before:
                moved.append((conversation_id, day, before))
            if found[day]:
                previous = day
    return moved


def _write(session: Session, pairs: dict[Key, _Pair], gone: set[Key] | None = None) -> None:
    """Replaces the rows of these pairs, and deletes those of the pairs `gone`."""
    if not pairs and not gone:
        return
    by_day: dict[date, list[int]] = defaultdict(list)
    for conversation_id, day in [*pairs, *(gone or ())]:
        by_day[day].append(conversation_id)
    # a day at a time, so both databases search the key (day, conversation) instead of reading the table
    # (a list of (day, id) pairs made SQLite scan it: 200 ms a refresh on the bench's year)
    for day, ids in by_day.items():
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            session.execute(delete(DayActivity).where(DayActivity.day == day, DayActivity.conversation_id.in_(part)))
            session.execute(delete(DayEntry).where(DayEntry.day == day, DayEntry.conversation_id.in_(part)))
    activity = [
        {
            "conversation_id": c,
            "day": d,
            "channel": p.channel[:16],
            "first_hour": p.first_hour,
            "questions": p.questions,
            "answered": p.answered,
            "unanswered": p.unanswered,
            "repeats": p.repeats,
            "volunteer_messages": p.volunteer_messages,
            "thumbs_up": p.thumbs_up,
            "thumbs_down": p.thumbs_down,
            "ticket_id": p.ticket_id,
            "first_reply_s": p.first_reply_s,
            "helped_before": p.helped_before,
        }
        for (c, d), p in pairs.items()
    ]
    entries = [
        {
            "conversation_id": c,
            "day": d,
            "faq_id": faq_id,
            "answers": e.answers,
            "thumbs_up": e.thumbs_up,
            "thumbs_down": e.thumbs_down,
            "guide_step": e.guide_step,
            "guide_total": e.guide_total,
            "guide_done": e.guide_done,
        }
        for (c, d), p in pairs.items()
        for faq_id, e in p.entries.items()
    ]
    if activity:
        session.execute(insert(DayActivity), activity)  # executemany: one statement, many rows
    if entries:
        session.execute(insert(DayEntry), entries)


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
        .where(DayEntry.answers > 0)  # guidance alone is no answer (metrics.entries)
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


def touched(session: Session, mark: RollupMark) -> tuple[set[Key], int, int]:
    """The pairs written to since the mark (with SLACK), and the newest message and vote ids seen."""
    since = as_utc(mark.refreshed_at) - SLACK if mark.refreshed_at else None
    newer = Message.id > mark.message_id
    keys: set[Key] = set()
    top_message, top_vote = mark.message_id, mark.feedback_id
    for message_id, conversation_id, created_at, direction in session.execute(
        select(Message.id, Message.conversation_id, Message.created_at, Message.direction).where(
            or_(newer, Message.created_at >= since) if since else newer
        )
    ):
        day = local(created_at).date()
        keys.add((conversation_id, day))
        if direction == "out":  # a volunteer's first reply after midnight times the day before's ticket
            keys.add((conversation_id, day - timedelta(days=1)))
        top_message = max(top_message, message_id)
    votes = Feedback.id > mark.feedback_id
    rated: list[int] = []
    for vote_id, message_id in session.execute(
        select(Feedback.id, Feedback.message_id).where(or_(votes, Feedback.created_at >= since) if since else votes)
    ):
        top_vote = max(top_vote, vote_id)
        if message_id is not None:
            rated.append(message_id)
    # the rated answers by id, apart: joined in one query, PostgreSQL read every message to hash them
    for start in range(0, len(rated), 20_000):
        keys.update(
            (conversation_id, local(created_at).date())
            for conversation_id, created_at in session.execute(
                select(Message.conversation_id, Message.created_at).where(Message.id.in_(rated[start : start + 20_000]))
            )
        )
    return keys, top_message, top_vote


def before_erasure(session: Session, conversation_id: int) -> None:
    """Brings a conversation's rows up to date before its messages are erased (bot.privacy.erasure's hook):
    a resident who asks and then erases before the next refresh is still counted."""
    days = {
        local(at).date() for at in session.scalars(select(Message.created_at).where(Message.conversation_id == conversation_id))
    }
    if days:
        if session.get_bind().dialect.name == "postgresql":
            # waits for a dashboard's refresh (bot/dashboard/routes.py) that may be rewriting the same pairs
            # or adding up the same day: both would insert the same rows, and one erasure would fail
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": REFRESH_LOCK})
        recompute(session, {(conversation_id, day) for day in days})


def install() -> None:
    """Registers before_erasure with bot.privacy.erasure (bot/wiring.py: the app, and the retention
    command line, which erases outside it)."""
    erasure.before_erasing(before_erasure)


def refresh(session: Session, now: datetime | None = None) -> int:
    """Brings the roll-ups up to date (the caller commits); how many pairs were recomputed."""
    mark = session.get(RollupMark, 1)
    if mark is None:
        mark = RollupMark(id=1, message_id=0, feedback_id=0, refreshed_at=None)
        session.add(mark)
    keys, top_message, top_vote = touched(session, mark)
    count = recompute(session, keys)
    mark.message_id, mark.feedback_id, mark.refreshed_at = top_message, top_vote, now or utcnow()
    session.flush()
    return count


def rebuild(session: Session) -> int:
    """Recomputes every pair that still has messages, then every day's totals (after a change of
    definitions; the caller commits)."""
    keys = {
        (conversation_id, local(created_at).date())
        for conversation_id, created_at in session.execute(select(Message.conversation_id, Message.created_at))
    }
    session.execute(delete(RollupMark))
    count = recompute(session, keys, totals=False)
    add_up(session)
    mark = RollupMark(
        id=1,
        message_id=session.scalar(select(func.coalesce(func.max(Message.id), 0))) or 0,
        feedback_id=session.scalar(select(func.coalesce(func.max(Feedback.id), 0))) or 0,
        refreshed_at=utcnow(),
    )
    session.add(mark)
    session.flush()
    return count


def main(argv: list[str] | None = None) -> int:
    """Brings the roll-ups up to date against DATABASE_URL. Run it once after deploying the dashboard on a
    database that already holds conversations: the first refresh reads every message (a year, 1.26 million
    messages: 2–3 minutes on the bench), which a page view should not have to wait for.

        .venv/bin/python -m bot.dashboard.rollup            # what changed since the last refresh
        .venv/bin/python -m bot.dashboard.rollup --rebuild  # everything, after a change of definitions
    """
    import argparse

    from bot.db import make_engine, make_sessionmaker
    from bot.settings import get_settings

    parser = argparse.ArgumentParser(prog="python -m bot.dashboard.rollup", description="The dashboard's roll-ups.")
    parser.add_argument("--rebuild", action="store_true", help="recompute every (conversation, day) that has messages")
    args = parser.parse_args(argv)
    engine = make_engine(get_settings().database_url)
    try:
        with make_sessionmaker(engine)() as session:
            count = rebuild(session) if args.rebuild else refresh(session)
            session.commit()
    finally:
        engine.dispose()
    print(f"{count} (conversation, day) pair(s) recomputed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Rewriting the roll-up rows of (conversation, day) pairs from the raw rows: messages, votes, tickets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from bot.conversations.models import Conversation, Message
from bot.dashboard.days import as_utc, day_start, local
from bot.dashboard.definitions import helped
from bot.dashboard.models import DayActivity, DayEntry
from bot.dashboard.summary import MessageRow, Pair, summarize
from bot.dashboard.totals import add_up
from bot.feedback.models import Feedback
from bot.handoff.models import Ticket

BATCH = 2000  # conversations recomputed per round trip
Key = tuple[int, date]

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
    rows: dict[Key, list[MessageRow]] = defaultdict(list)
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
            rows[key].append(MessageRow(message_id, seq, direction, meta or {}, reply_to, as_utc(created_at)))
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


def _helped_before(session: Session, pairs: dict[Key, Pair], gone: set[Key]) -> list[tuple[int, date, date | None]]:
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


def _write(session: Session, pairs: dict[Key, Pair], gone: set[Key] | None = None) -> None:
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

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

This module keeps them up to date (refresh, rebuild, the erasure hook, the command line); one pair's facts
are worked out in summary.py, its rows rewritten in recompute.py, the days' totals added up in totals.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, text
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.conversations.models import Message
from bot.dashboard.days import as_utc, local
from bot.dashboard.models import RollupMark
from bot.dashboard.recompute import Key, recompute
from bot.dashboard.totals import add_up
from bot.feedback.models import Feedback
from bot.privacy import erasure

SLACK = timedelta(minutes=10)
# any number of the application's own: one writer of the roll-ups at a time across the gateway's workers
# and the retention job (PostgreSQL; SQLite writes one transaction at a time anyway)
REFRESH_LOCK = 190_014


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

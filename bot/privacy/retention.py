"""The retention job: conversations whose last message is older than `retention_days` are erased.

In the application database (bot/privacy/erasure.py: anonymous counts and tickets stay) and in Rasa's
tracker. The same job deletes the audit records of who read residents' data (the access log, the record
of call-back phone numbers revealed) once they are older than `access_log_retention_days`. The gateway runs it every `retention_check_interval_s` (bot/app.py); by hand:

    .venv/bin/python -m bot.privacy.retention            # erase what is due now
    .venv/bin/python -m bot.privacy.retention --dry-run  # only say how many conversations are due
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.access import log as access_log
from bot.channels.telegram.models import TelegramUpdate
from bot.clock import utcnow
from bot.conversations.models import Conversation
from bot.handoff import phone_reads
from bot.handoff.callback_phones import DEFAULT_KEEP as DEFAULT_PHONE_KEEP
from bot.handoff.callback_phones import purge_callback_phones
from bot.privacy.erasure import ERASED_CHANNEL, Erased, Eraser, erase
from bot.privacy.tracker import RasaTracker

logger = logging.getLogger(__name__)

BATCH = 200  # conversations looked up at a time; each is erased in a transaction of its own
DEFAULT_AUDIT_KEEP = timedelta(days=365)  # settings.access_log_retention_days


@dataclass
class RetentionReport:
    """What one run erased."""

    conversations: int = 0
    messages: int = 0
    tracker_events: int = 0
    telegram_updates: int = 0
    callback_phones: int = 0
    access_log: int = 0
    phone_reads: int = 0

    def count(self, erased: Erased | None) -> None:
        if erased is not None:
            self.conversations += 1
            self.messages += erased.messages

    def __str__(self) -> str:
        return (
            f"{self.conversations} conversation(s) erased ({self.messages} message(s)), "
            f"{self.tracker_events} Rasa tracker event(s), {self.telegram_updates} Telegram update(s), "
            f"{self.callback_phones} call-back phone number(s), {self.access_log} access log row(s), "
            f"{self.phone_reads} phone read(s)"
        )


def cutoff_of(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


def due(session: Session, cutoff: datetime, after_id: int = 0, limit: int = BATCH) -> list[int]:
    """Ids of conversations (not erased yet) whose last message is older than cutoff, by id."""
    return list(
        session.scalars(
            select(Conversation.id)
            .where(Conversation.updated_at < cutoff, Conversation.channel != ERASED_CHANNEL, Conversation.id > after_id)
            .order_by(Conversation.id)
            .limit(limit)
        )
    )


def erase_with_tracker(
    sessions: sessionmaker[Session],
    tracker: RasaTracker,
    conversation_id: int,
    by: Eraser,
    idle_before: datetime | None = None,
) -> Erased | None:
    """Erases one conversation (if still due, with idle_before) and its Rasa tracker, in one transaction."""

    def forget_in_rasa(erased: Erased) -> None:
        tracker.forget([erased.rasa_sender])

    with sessions() as session:
        erased = erase(session, conversation_id, utcnow(), by=by, idle_before=idle_before, before_commit=forget_in_rasa)
        session.commit()
        return erased


def run(
    sessions: sessionmaker[Session],
    tracker: RasaTracker,
    days: int,
    now: datetime | None = None,
    phone_keep: timedelta = DEFAULT_PHONE_KEEP,
    audit_keep: timedelta = DEFAULT_AUDIT_KEEP,
) -> RetentionReport:
    """Erases everything older than `days` days (the command line's run; the gateway's is
    bot/privacy/feature.py, which holds each conversation's lock). A conversation that fails is
    logged and left for the next run."""
    now = now or utcnow()
    cutoff = cutoff_of(now, days)
    report = RetentionReport()
    for batch in batches_due(sessions, cutoff):
        for conversation_id in batch:
            try:
                erased = erase_with_tracker(sessions, tracker, conversation_id, Eraser.RETENTION, idle_before=cutoff)
            except Exception:
                logger.exception("Erasing conversation %s failed; the next run tries again", conversation_id)
                continue
            report.count(erased)
    sweep(sessions, tracker, cutoff, report, now, phone_keep, audit_keep)
    return report


def batches_due(sessions: sessionmaker[Session], cutoff: datetime) -> Iterator[list[int]]:
    """The ids of the conversations due, a batch at a time (each read after the previous was erased)."""
    after = 0
    while True:
        with sessions() as session:
            ids = due(session, cutoff, after)
        if not ids:
            return
        yield ids
        after = ids[-1]


def sweep(
    sessions: sessionmaker[Session],
    tracker: RasaTracker,
    cutoff: datetime,
    report: RetentionReport,
    now: datetime | None = None,
    phone_keep: timedelta = DEFAULT_PHONE_KEEP,
    audit_keep: timedelta = DEFAULT_AUDIT_KEEP,
) -> None:
    """What is that old outside conversations: Rasa's trackers whose newest event is older than cutoff
    (whether or not the application database still knows them), stored Telegram updates, the phone
    numbers of call-backs closed more than `phone_keep` ago (their conversations may be recent), and
    the audit records older than `audit_keep` (they outlive the conversations they name): the access
    log's rows and the phone numbers' reads."""
    now = now or utcnow()
    report.tracker_events += tracker.forget_idle(cutoff)
    with sessions() as session:
        gone = session.connection().execute(delete(TelegramUpdate).where(TelegramUpdate.received_at < cutoff))
        report.telegram_updates += gone.rowcount
        report.callback_phones += purge_callback_phones(session, now, phone_keep)
        report.access_log += access_log.purge(session, now - audit_keep)
        report.phone_reads += phone_reads.purge(session, now - audit_keep)
        session.commit()


def count_due(sessions: sessionmaker[Session], days: int, now: datetime | None = None) -> int:
    cutoff = cutoff_of(now or utcnow(), days)
    with sessions() as session:
        return session.execute(
            select(func.count()).where(Conversation.updated_at < cutoff, Conversation.channel != ERASED_CHANNEL)
        ).scalar_one()


def main(argv: list[str] | None = None) -> int:
    """Runs the job once against the configured databases (DATABASE_URL, RASA_TRACKER_*)."""
    from bot.db import make_engine, make_sessionmaker
    from bot.settings import get_settings

    parser = argparse.ArgumentParser(prog="python -m bot.privacy.retention", description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, help="keep this many days instead of RETENTION_DAYS")
    parser.add_argument("--dry-run", action="store_true", help="only count the conversations due")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    days = args.days or settings.retention_days
    if days < 1:
        parser.error("--days must be at least 1")
    # this command line is a composition root, as bot/app.py: the features' hooks before anything is
    # erased (the dashboard's roll-ups count a conversation before its messages go, as the gateway's job does)
    from bot import wiring

    wiring.install()
    engine = make_engine(settings.database_url)
    sessions = make_sessionmaker(engine)
    try:
        if args.dry_run:
            print(f"{count_due(sessions, days)} conversation(s) with no message for {days} days")
            return 0
        tracker = RasaTracker.from_settings(settings)
        try:
            phone_keep = timedelta(days=settings.callback_phone_keep_days)
            audit_keep = timedelta(days=settings.access_log_retention_days)
            print(run(sessions, tracker, days, phone_keep=phone_keep, audit_keep=audit_keep))
        finally:
            tracker.dispose()
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

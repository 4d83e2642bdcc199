"""The record of who revealed a call-back's phone number, and when (the console's show_phone writes it,
bot/handoff/callback_phones.py): read by admins a page at a time, deleted by the retention job after the
access log's period (ACCESS_LOG_RETENTION_DAYS).

It names the call-back, its ticket and its conversation by their ids, never the number; the ids are the
record's own, so it outlives the conversation's erasure (which takes the call-back with it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from bot.handoff.models import Callback, CallbackPhoneRead
from bot.handoff.schedule import VIETNAM  # the filter's days are Việt Nam days

PAGE_SIZE = 50


@dataclass(frozen=True)
class ReadFilter:
    """Which reads to show: one reader's (by user id), between two Việt Nam days (both included)."""

    user_id: int | None = None
    first: date | None = None
    last: date | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if self.user_id is not None:
            where.append(CallbackPhoneRead.user_id == self.user_id)
        if self.first is not None:
            where.append(CallbackPhoneRead.at >= _day_start(self.first))
        if self.last is not None:
            where.append(CallbackPhoneRead.at < _day_start(self.last + timedelta(days=1)))
        return where


@dataclass(frozen=True)
class Read:
    """One reveal as the page shows it."""

    at: datetime
    username: str
    callback_id: int
    ticket_id: int | None
    conversation_id: int
    erased: bool  # the call-back is gone with its conversation (erased on request or by retention)


@dataclass(frozen=True)
class ReadPage:
    """One page of the record, newest first."""

    rows: list[Read]
    number: int  # 1-based, within 1..pages
    pages: int
    total: int


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), VIETNAM).astimezone(timezone.utc)


def page(session: Session, number: int, shown: ReadFilter | None = None, size: int = PAGE_SIZE) -> ReadPage:
    """Page `number` (clamped to the pages there are) of the reads the filter lets through, newest first."""
    where = (shown or ReadFilter()).conditions()
    total = session.scalar(select(func.count()).select_from(CallbackPhoneRead).where(*where)) or 0
    pages = max(1, math.ceil(total / size))
    number = min(max(1, number), pages)
    rows = session.execute(
        select(
            CallbackPhoneRead.at,
            CallbackPhoneRead.username,
            CallbackPhoneRead.callback_id,
            CallbackPhoneRead.ticket_id,
            CallbackPhoneRead.conversation_id,
            Callback.id.is_(None),
        )
        .outerjoin(Callback, Callback.id == CallbackPhoneRead.callback_id)
        .where(*where)
        .order_by(CallbackPhoneRead.at.desc(), CallbackPhoneRead.id.desc())
        .offset((number - 1) * size)
        .limit(size)
    ).all()
    reads = [
        Read(at, username, callback_id, ticket_id, conversation_id, bool(gone))
        for at, username, callback_id, ticket_id, conversation_id, gone in rows
    ]
    return ReadPage(reads, number, pages, total)


def readers(session: Session) -> list[tuple[int, str]]:
    """(user id, name as recorded) of everyone in the record, for the filter's list; the latest name wins."""
    latest = (
        select(CallbackPhoneRead.user_id, func.max(CallbackPhoneRead.id).label("last_id"))
        .where(CallbackPhoneRead.user_id.is_not(None))
        .group_by(CallbackPhoneRead.user_id)
        .subquery()
    )
    rows = session.execute(
        select(CallbackPhoneRead.user_id, CallbackPhoneRead.username).join(latest, CallbackPhoneRead.id == latest.c.last_id)
    ).all()
    return sorted(((int(user_id), username) for user_id, username in rows), key=lambda row: row[1].lower())


def purge(session: Session, before: datetime) -> int:
    """Deletes the reads older than `before` (the retention job's, with the access log's period; the
    caller commits); how many."""
    purged = delete(CallbackPhoneRead).where(CallbackPhoneRead.at < before).execution_options(synchronize_session=False)
    result = session.execute(purged)
    return int(getattr(result, "rowcount", 0) or 0)

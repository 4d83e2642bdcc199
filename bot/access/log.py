"""Writing and reading the access log.

An opening is recorded once per user and conversation within a few minutes: a page load followed
by its live socket, or a socket reconnecting, is one opening, not a dozen rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.access.models import AccessKind, ConversationAccess
from bot.clock import utcnow

SAME_OPENING = timedelta(minutes=5)
PAGE_SIZE = 50


def record(
    session: Session,
    user_id: int,
    username: str,
    role: str,
    conversation_id: int,
    ticket_id: int | None,
    kind: AccessKind,
    now: datetime | None = None,
) -> bool:
    """Logs that the user opened the conversation (in the caller's transaction); False if the same
    user already opened it within SAME_OPENING."""
    now = now or utcnow()
    recent = session.scalar(
        select(ConversationAccess.id)
        .where(
            ConversationAccess.user_id == user_id,
            ConversationAccess.conversation_id == conversation_id,
            ConversationAccess.at > now - SAME_OPENING,
        )
        .limit(1)
    )
    if recent is not None:
        return False
    session.add(
        ConversationAccess(
            user_id=user_id,
            username=username[:64],
            role=role,
            conversation_id=conversation_id,
            ticket_id=ticket_id,
            kind=kind,
            at=now,
        )
    )
    session.flush()
    return True


@dataclass(frozen=True)
class AccessPage:
    """One page of the log, newest first."""

    rows: list[ConversationAccess]
    number: int  # 1-based, within 1..pages
    pages: int
    total: int


def page(session: Session, number: int, size: int = PAGE_SIZE) -> AccessPage:
    """The log's page `number` (clamped to the pages there are), newest first."""
    total = session.scalar(select(func.count()).select_from(ConversationAccess)) or 0
    pages = max(1, math.ceil(total / size))
    number = min(max(1, number), pages)
    rows = list(
        session.scalars(
            select(ConversationAccess)
            .order_by(ConversationAccess.at.desc(), ConversationAccess.id.desc())
            .offset((number - 1) * size)
            .limit(size)
        )
    )
    return AccessPage(rows, number, pages, total)


def purge(session: Session, before: datetime) -> int:
    """Deletes the openings older than `before` (the retention job's, bot/privacy/retention.py; the
    caller commits); how many."""
    # not synchronised with rows loaded in the session: SQLite gives their times back without a zone
    purged = delete(ConversationAccess).where(ConversationAccess.at < before).execution_options(synchronize_session=False)
    result = session.execute(purged)
    return int(getattr(result, "rowcount", 0) or 0)

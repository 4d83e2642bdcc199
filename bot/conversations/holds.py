"""Messages held while the bot is unavailable: one hold per conversation, in the database.

When Rasa (or the action server behind it) fails a turn, the resident's message is marked
`deferred` and its conversation gets a hold. Later messages of that conversation queue behind it
(also `deferred`), so the bot answers them in order once it is back (bot/conversations/retrier.py).
The hold lives in the database, so a restarted gateway, or another instance, picks it up.

Exactly-once across instances: a worker first claims the hold (an UPDATE only one instance wins,
with a lease in case it dies). Every message deferred into a hold bumps its `version` in the same
transaction, and a worker removes the hold only at the version it last read before reading the
deferred messages: a message deferred meanwhile makes the removal fail, and the worker looks again.
Every statement here is a single guarded UPDATE/DELETE, atomic on SQLite (one writer at a time) and
on PostgreSQL (a concurrent writer waits for the row, then re-checks the WHERE on the new row).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import ColumnElement, DateTime, ForeignKey, Integer, String, Table, and_, delete, exists, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.conversations.models import Conversation, InboundStatus, Message, Mode
from bot.db import Base


class BotHold(Base):
    """A conversation whose messages wait for the bot to be back."""

    __tablename__ = "bot_holds"

    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True)
    # when its first message was held: the hold time (bot_outage_hold_s) runs from here
    since: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # bumped by every message deferred into the hold (see the module docstring)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # the gateway instance answering or escalating it, until when (a lease: a dead instance lets go)
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # escalated, but no volunteer took the conversation (out of hours: a call-back was offered): the bot
    # still answers the messages when it is back, and the hold is not escalated twice
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


holds = cast(Table, BotHold.__table__)
messages = cast(Table, Message.__table__)
conversations = cast(Table, Conversation.__table__)


def _unclaimed(now: datetime) -> ColumnElement[bool]:
    return or_(holds.c.claimed_until.is_(None), holds.c.claimed_until < now)


def is_held(session: Session, conversation_id: int) -> bool:
    """Whether the conversation has messages waiting for the bot (a read; no lock taken)."""
    return session.scalar(select(holds.c.conversation_id).where(holds.c.conversation_id == conversation_id)) is not None


def defer_behind(session: Session, conversation_id: int, message_id: int) -> bool:
    """Defers a message behind the conversation's held ones, if it has a hold; the caller commits.

    False (nothing changed) when there is no hold, or it was just removed: the bot may answer the
    message at once, every earlier one has been answered."""
    if not is_held(session, conversation_id):  # the usual case: a read, no write lock
        return False
    bumped = session.execute(update(holds).where(holds.c.conversation_id == conversation_id).values(version=holds.c.version + 1))
    if not bumped.rowcount:  # type: ignore[attr-defined]
        return False
    _set_status(session, message_id, InboundStatus.DEFERRED)
    return True


def hold(session: Session, conversation_id: int, message_id: int, now: datetime) -> bool:
    """Defers a message the bot failed to answer; True if that starts the conversation's hold (the
    resident is then told, once). The caller commits; a concurrent start of the same hold raises
    IntegrityError (the caller retries: the hold then exists)."""
    if defer_behind(session, conversation_id, message_id):
        return False
    session.execute(holds.insert().values(conversation_id=conversation_id, since=now, version=1))
    _set_status(session, message_id, InboundStatus.DEFERRED)
    return True


def held_messages(session: Session, conversation_id: int) -> list[Message]:
    """The conversation's deferred messages, in the order the resident sent them."""
    return list(
        session.scalars(
            select(Message)
            .where(
                Message.conversation_id == conversation_id,
                Message.direction == "in",
                Message.status == InboundStatus.DEFERRED,
            )
            .order_by(Message.seq)
        )
    )


def waiting(session: Session, now: datetime) -> list[int]:
    """Conversations with a hold nobody works on, oldest hold first."""
    return list(session.scalars(select(holds.c.conversation_id).where(_unclaimed(now)).order_by(holds.c.since)))


def claim(session: Session, conversation_id: int, worker: str, now: datetime, lease: timedelta) -> int | None:
    """Claims a hold for this worker until now + lease; its version, or None if another worker has it
    (or it is gone). The caller commits at once."""
    claimed = session.execute(
        update(holds)
        .where(holds.c.conversation_id == conversation_id, _unclaimed(now))
        .values(claimed_by=worker, claimed_until=now + lease)
        .returning(holds.c.version)
    ).scalar_one_or_none()
    return cast(int | None, claimed)


def renew(session: Session, conversation_id: int, worker: str, now: datetime, lease: timedelta) -> int | None:
    """Extends this worker's claim; the hold's version, or None if the claim was lost."""
    renewed = session.execute(
        update(holds)
        .where(holds.c.conversation_id == conversation_id, holds.c.claimed_by == worker)
        .values(claimed_until=now + lease)
        .returning(holds.c.version)
    ).scalar_one_or_none()
    return cast(int | None, renewed)


def unclaim(session: Session, conversation_id: int, worker: str) -> None:
    """Lets go of a claim (the bot failed again: the hold waits for the next try)."""
    session.execute(
        update(holds)
        .where(holds.c.conversation_id == conversation_id, holds.c.claimed_by == worker)
        .values(claimed_by=None, claimed_until=None)
    )


def release(session: Session, conversation_id: int, worker: str, version: int) -> bool:
    """Removes a hold whose messages were all answered, if none was deferred since `version` was read."""
    removed = session.execute(
        delete(holds).where(holds.c.conversation_id == conversation_id, holds.c.claimed_by == worker, holds.c.version == version)
    )
    return bool(removed.rowcount)  # type: ignore[attr-defined]


def claim_for_a_person(session: Session, worker: str, held_before: datetime, now: datetime, lease: timedelta) -> list[int]:
    """Claims, in one statement, the holds to hand to a person: held since before `held_before`, or in
    a conversation a person has (or will have) by now. The caller hands each over (hand_over) and commits."""
    not_with_the_bot = exists().where(conversations.c.id == holds.c.conversation_id, conversations.c.mode != Mode.BOT)
    overdue = and_(holds.c.since < held_before, holds.c.escalated_at.is_(None))
    due = and_(_unclaimed(now), or_(overdue, not_with_the_bot))
    return list(
        session.scalars(
            update(holds).where(due).values(claimed_by=worker, claimed_until=now + lease).returning(holds.c.conversation_id)
        )
    )


def escalated_without_a_person(session: Session, conversation_id: int, now: datetime) -> None:
    """The hold was escalated but nobody will take the conversation (out of hours): it stays, for the bot."""
    session.execute(
        update(holds)
        .where(holds.c.conversation_id == conversation_id)
        .values(escalated_at=now, claimed_by=None, claimed_until=None)
    )


def hand_over(session: Session, conversation_id: int) -> int:
    """Ends a hold: its deferred messages are kept for the volunteer (held), the hold is removed.
    How many messages it held."""
    # the hold's row first: a message being deferred into it now waits for this transaction, then
    # finds no hold (and goes to the bot or a new hold) instead of being deferred into a removed one
    session.execute(update(holds).where(holds.c.conversation_id == conversation_id).values(version=holds.c.version + 1))
    moved = session.execute(
        update(messages)
        .where(
            messages.c.conversation_id == conversation_id,
            messages.c.direction == "in",
            messages.c.status == InboundStatus.DEFERRED,
        )
        .values(status=InboundStatus.HELD)
    )
    session.execute(delete(holds).where(holds.c.conversation_id == conversation_id))
    return int(moved.rowcount)  # type: ignore[attr-defined]


def _set_status(session: Session, message_id: int, status: InboundStatus) -> None:
    session.execute(update(messages).where(messages.c.id == message_id).values(status=status))

"""Handoff tickets: a conversation waiting for, held by, or released by a human volunteer."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.clock import utcnow
from bot.conversations.models import str_enum
from bot.db import Base


class TicketStatus(StrEnum):
    """waiting → assigned → resolved, or abandoned (resident left) / expired (nobody came)."""

    WAITING = "waiting"
    ASSIGNED = "assigned"
    RESOLVED = "resolved"
    ABANDONED = "abandoned"
    EXPIRED = "expired"


OPEN_STATUSES = (TicketStatus.WAITING, TicketStatus.ASSIGNED)


class UnknownHandoffReason(ValueError):
    """A handoff reason the gateway does not know (so it has no priority in the queue)."""

    def __init__(self, reason: object) -> None:
        known = ", ".join(HandoffReason)
        super().__init__(f"unknown handoff reason {reason!r} (known: {known})")
        self.reason = reason


class HandoffReason(StrEnum):
    """Why a conversation goes to a person."""

    EMERGENCY = "emergency"
    BOT_UNAVAILABLE = "bot_unavailable"
    COMPLAINT = "complaint"
    REQUEST_HUMAN = "request_human"
    GUIDE_STUCK = "guide_stuck"
    MISUNDERSTOOD = "misunderstood"
    THUMBS_DOWN = "thumbs_down"

    @classmethod
    def parse(cls, value: object) -> HandoffReason:
        """The reason a string names; UnknownHandoffReason for anything else."""
        if isinstance(value, str):
            try:
                return cls(value)
            except ValueError:
                pass
        raise UnknownHandoffReason(value)

    @property
    def priority(self) -> int:
        return PRIORITY[self]


# Higher goes first; then first come, first served. Every reason has one (tests/bot/handoff/test_reasons.py).
PRIORITY: dict[HandoffReason, int] = {
    HandoffReason.EMERGENCY: 100,
    HandoffReason.BOT_UNAVAILABLE: 60,
    HandoffReason.COMPLAINT: 50,
    HandoffReason.REQUEST_HUMAN: 40,
    HandoffReason.GUIDE_STUCK: 40,
    HandoffReason.MISUNDERSTOOD: 30,
    HandoffReason.THUMBS_DOWN: 30,
}


class Ticket(Base):
    """waiting → assigned → resolved, or abandoned (resident left) / expired (nobody came)."""

    __tablename__ = "handoff_tickets"
    __table_args__ = (Index("ix_ticket_queue", "status", "priority", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    reason: Mapped[HandoffReason] = mapped_column(str_enum(HandoffReason, 32))
    priority: Mapped[int] = mapped_column(Integer)
    status: Mapped[TicketStatus] = mapped_column(str_enum(TicketStatus, 16), default=TicketStatus.WAITING)
    assigned_to: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    outcome: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # the queue place the resident was last told, so they hear again only when it changes
    told_position: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # what the resident was doing when they asked for help: {"faq_id", "step", "total", "title"} of a guidance
    context: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    rating: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)  # 1–5 stars after it was resolved
    rating_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    rated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class TicketEvent(Base):
    """Every transition of a ticket, with who did it and when."""

    __tablename__ = "handoff_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("handoff_tickets.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(
        String(32)
    )  # created | claimed | released | transferred | resolved | abandoned | expired | note
    actor: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Callback(Base):
    """A resident who left a phone number to be called back (outside hours, or nobody came in time)."""

    __tablename__ = "handoff_callbacks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("handoff_tickets.id", ondelete="SET NULL"), nullable=True)
    reason: Mapped[HandoffReason] = mapped_column(str_enum(HandoffReason, 32))
    # the phone number itself is kept apart, read with a record of who read it (CallbackPhone)
    question: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open | done | unreachable
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)  # the dashboard's periods
    handled_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class CallbackPhone(Base):
    """The number a resident left for a call-back, as typed (the conversation shows it masked).

    Apart from the call-back so that only the call-back page reads it, each read recorded in
    CallbackPhoneRead; deleted once the call-back is done plus CALLBACK_PHONE_KEEP_DAYS
    (bot/handoff/callback_phones.py)."""

    __tablename__ = "handoff_callback_phones"

    callback_id: Mapped[int] = mapped_column(ForeignKey("handoff_callbacks.id", ondelete="CASCADE"), primary_key=True)
    phone: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CallbackPhoneRead(Base):
    """Who read a call-back's phone number, and when. An audit record: it outlives the number (deleted once
    the call-back is done plus a set period) and the call-back itself (erased with its conversation), until
    ACCESS_LOG_RETENTION_DAYS. So the call-back, its ticket and its conversation are plain numbers recorded
    at the read, not foreign keys, as in the access log (bot/access/models.py); none of them names anyone."""

    __tablename__ = "handoff_callback_phone_reads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    callback_id: Mapped[int] = mapped_column(Integer, index=True)
    ticket_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    conversation_id: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Shift(Base):
    """A weekly stretch of time when volunteers are on duty (Việt Nam time)."""

    __tablename__ = "handoff_shifts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    weekday: Mapped[int] = mapped_column(SmallInteger)  # 0 = Monday … 6 = Sunday
    starts: Mapped[str] = mapped_column(String(5))  # "07:30"
    ends: Mapped[str] = mapped_column(String(5))  # "11:30"; "24:00" for the end of the day


class Holiday(Base):
    """A day without volunteers on duty, whatever the weekly shifts say."""

    __tablename__ = "handoff_holidays"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    label: Mapped[str] = mapped_column(String(120))


class Suggestion(Base):
    """A volunteer's proposal to make an FAQ from a conversation; staff see it with unanswered questions."""

    __tablename__ = "faq_suggestions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), unique=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("handoff_tickets.id", ondelete="SET NULL"), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    suggested_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CannedReply(Base):
    """A ready answer volunteers insert with its /shortcut; staff edit them."""

    __tablename__ = "canned_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shortcut: Mapped[str] = mapped_column(String(32), unique=True)
    text: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Presence(Base):
    """When a volunteer's console last showed signs of life (any tab, any gateway instance)."""

    __tablename__ = "console_presence"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

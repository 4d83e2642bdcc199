"""Conversations and their messages, the record of everything said on every channel."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.clock import utcnow
from bot.db import Base


class Mode(StrEnum):
    """Who answers a conversation: the bot, nobody yet (it waits for a volunteer), or a volunteer."""

    BOT = "bot"
    WAITING = "waiting"
    HUMAN = "human"


class InboundStatus(StrEnum):
    """What became of a resident's message (Message.status of an inbound row)."""

    RECEIVED = "received"  # stored, not answered yet (a crash leaves it so: answered at start-up)
    ANSWERED = "answered"
    FAILED = "failed"
    HELD = "held"  # kept for the volunteer who has (or will have) the conversation
    DEFERRED = "deferred"  # the bot was unavailable: held until it is back (bot/conversations/holds.py)


class Later(StrEnum):
    """Why a resident's message got no answer in its own turn, and who answers it later."""

    BOT = "bot"  # held while the bot is unavailable: the retrier answers it (bot/conversations/retrier.py)
    PERSON = "person"  # kept for the volunteer who has (or will have) the conversation


class Awaiting(StrEnum):
    """The typed answer a conversation waits for (set by the feature that asked, cleared by the next reply)."""

    CALLBACK_PHONE = "callback_phone"  # a phone number to be called back on
    CALLBACK_QUESTION = "callback_question"  # what the call-back is about
    RATING_COMMENT = "rating_comment"  # a comment after rating a volunteer


def str_enum(enum: type[StrEnum], length: int) -> Enum:
    """A StrEnum stored as its value in a VARCHAR(length) column (no database enum type, no CHECK):
    the columns keep the type they had as plain strings."""
    return Enum(enum, native_enum=False, create_constraint=False, length=length, values_callable=lambda e: [m.value for m in e])


class Conversation(Base):
    """One resident on one channel (a widget browser, a Telegram chat, an API sender)."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_conversation_channel_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    mode: Mapped[Mode] = mapped_column(str_enum(Mode, 16), default=Mode.BOT)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    # how the bot addresses the resident (bot/conversations/address.py): «Bác» until they say otherwise
    address: Mapped[str] = mapped_column(String(8), default="bac")
    # the typed answer the gateway waits for, and the row it is about (a ticket, a call-back): written with
    # every outbound message (the latest one says it, or clears it), read before a typed text reaches the bot
    awaiting: Mapped[Awaiting | None] = mapped_column(str_enum(Awaiting, 24), nullable=True, default=None)
    awaiting_ref: Mapped[int | None] = mapped_column(Integer, nullable=True, default=None)
    # a keyed hash of the client address of the latest message (bot/client_address.py), for the cap on
    # open tickets per network; None for Telegram, whose users Telegram vouches for
    network: Mapped[str | None] = mapped_column(String(16), nullable=True, default=None, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # bumped with every message: the retention job (bot/privacy/retention.py) finds old conversations by it
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow, index=True)

    messages: Mapped[list[Message]] = relationship(back_populates="conversation", order_by="Message.seq")

    @property
    def rasa_sender(self) -> str:
        """The id Rasa knows this conversation by (no personal data in it)."""
        return f"conv-{self.id}"


class Message(Base):
    """One message, inbound from the resident or outbound to them, numbered within its conversation."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq", name="uq_message_seq"),
        UniqueConstraint("conversation_id", "client_id", name="uq_message_client_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    client_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # inbound: InboundStatus (received → answered | failed | held | deferred → …); outbound: pending → delivered
    status: Mapped[str] = mapped_column(String(16), default="received", index=True)
    reply_to: Mapped[int | None] = mapped_column(Integer, nullable=True)  # seq of the inbound it answers
    # indexed for the dashboard's roll-ups, which look for what was written since they last read (bot/dashboard)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")

    def to_wire(self) -> dict[str, Any]:
        """The message as channels and the widget see it."""
        wire: dict[str, Any] = {
            "type": "message",
            "seq": self.seq,
            "direction": self.direction,
            "text": self.text,
            "meta": self.meta or {},
            "client_id": self.client_id,
            "created_at": self.created_at.isoformat(),
        }
        if self.buttons:
            wire["buttons"] = self.buttons
        return wire

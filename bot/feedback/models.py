"""Whether an answer helped (👍/👎), stored with the conversation it belongs to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.clock import utcnow
from bot.db import Base


class Feedback(Base):
    """A resident's verdict on one bot reply; the latest vote counts."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("message_id", name="uq_feedback_message"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    # None once the conversation was erased (bot/privacy/erasure.py): the vote stays, anonymous
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), nullable=True)
    value: Mapped[int] = mapped_column(SmallInteger)  # +1 helped, -1 did not
    faq_id: Mapped[str | None] = mapped_column(String(120), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)  # the dashboard's periods


class UnansweredHandled(Base):
    """An unanswered question staff have dealt with (made an FAQ of it, or added it as a phrasing)."""

    __tablename__ = "unanswered_handled"

    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True)
    action: Mapped[str] = mapped_column(String(32))  # new_faq | phrasing | dismissed
    entry_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    handled_by: Mapped[str] = mapped_column(String(64))
    handled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

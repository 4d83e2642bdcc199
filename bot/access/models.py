"""The access log: one row each time a staff member or volunteer opens a resident's conversation."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.clock import utcnow
from bot.conversations.models import str_enum
from bot.db import Base


class AccessKind(StrEnum):
    """How the conversation was opened."""

    TICKET_PAGE = "ticket_page"  # the console's page of a ticket (the history)
    LIVE_WATCH = "live_watch"  # the console's live socket started forwarding its messages


class ConversationAccess(Base):
    """One opening of a conversation. The conversation and ticket are plain numbers, not foreign keys:
    the record outlives the conversation (erased on request or by retention), as an audit trail must."""

    __tablename__ = "conversation_access"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    username: Mapped[str] = mapped_column(String(64))  # as it was then (accounts can be renamed or removed)
    role: Mapped[str] = mapped_column(String(16))
    conversation_id: Mapped[int] = mapped_column(Integer, index=True)
    ticket_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    kind: Mapped[AccessKind] = mapped_column(str_enum(AccessKind, 16))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

"""What the ward keeps of erased conversations: anonymous daily counts, nothing that names a resident."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.conversations.models import str_enum
from bot.db import Base


class Metric(StrEnum):
    """What a row counts; its label says which kind (empty when there is only one)."""

    CONVERSATIONS = "conversations"  # conversations started that day
    MESSAGES_IN = "messages_in"  # residents' messages
    REPLIES = "replies"  # outbound messages, label: who wrote them (faq, dialogue, fallback, volunteer, system)
    INTENTS = "intents"  # residents' messages the bot read, label: the intent it read
    FAQ_ANSWERS = "faq_answers"  # answers from the knowledge base, label: the entry's id
    CALLBACKS = "callbacks"  # call-backs asked for, label: how they ended (open, done, unreachable)


class UsageCount(Base):
    """How many of something happened on one day (Việt Nam time) on one channel: what the ward's
    statistics need after the conversations themselves are gone."""

    __tablename__ = "usage_counts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    metric: Mapped[Metric] = mapped_column(str_enum(Metric, 32), primary_key=True)
    label: Mapped[str] = mapped_column(String(120), primary_key=True, default="")
    count: Mapped[int] = mapped_column(Integer, default=0)

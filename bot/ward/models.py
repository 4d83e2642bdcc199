"""Ward facts staff edit (name, address, hours, hotline, classes), used as placeholders in answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.clock import utcnow
from bot.db import Base


class WardFact(Base):
    """One fact; a missing row falls back to the configured default."""

    __tablename__ = "ward_facts"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

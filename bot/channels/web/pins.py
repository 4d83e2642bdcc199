"""The topics staff pin in the editor (/admin/chu-de) for the widget's greeting, in their order.

Pinned by FAQ id with no foreign key: an entry deleted or unpublished later leaves its pin in place, so the
editor can say which pin the widget now skips instead of losing it silently.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.clock import utcnow
from bot.db import Base

MAX_PINNED = 6  # the greeting is a phone's first screen: a few large buttons, not a menu


class PinnedTopic(Base):
    """One pinned FAQ entry; `position` orders the greeting's buttons (0 first)."""

    __tablename__ = "widget_pinned_topics"

    faq_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    pinned_by: Mapped[str] = mapped_column(String(64))
    pinned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def pinned_ids(session: Session) -> list[str]:
    """The pinned FAQ ids, first first; empty when staff pinned nothing."""
    return list(session.scalars(select(PinnedTopic.faq_id).order_by(PinnedTopic.position, PinnedTopic.faq_id)))


def replace(session: Session, faq_ids: list[str], by: str) -> None:
    """Stores this order (at most MAX_PINNED, no repeats); the caller commits."""
    wanted = list(dict.fromkeys(faq_ids))[:MAX_PINNED]
    kept = {row.faq_id: row for row in session.scalars(select(PinnedTopic))}
    session.execute(delete(PinnedTopic).where(PinnedTopic.faq_id.not_in(wanted)))
    for position, faq_id in enumerate(wanted):
        row = kept.get(faq_id)
        if row is None:
            session.add(PinnedTopic(faq_id=faq_id, position=position, pinned_by=by))
        else:
            row.position = position

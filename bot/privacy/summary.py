"""What is kept about a resident's conversation, as they read it when they ask ("xem dữ liệu của tôi")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.conversations.models import Message
from bot.feedback.models import Feedback
from bot.handoff.models import Callback, Ticket
from bot.privacy import texts
from bot.privacy.erasure import local_day


@dataclass(frozen=True)
class Kept:
    """The counts a summary tells."""

    inbound: int
    outbound: int
    since: date | None
    tickets: int
    ratings: int
    votes: int
    phone_kept: bool

    @property
    def total(self) -> int:
        return self.inbound + self.outbound


def kept_about(session: Session, conversation_id: int) -> Kept:
    """What the application database holds of one conversation."""
    rows = session.execute(
        select(Message.direction, func.count()).where(Message.conversation_id == conversation_id).group_by(Message.direction)
    ).all()
    by_direction = {direction: n for direction, n in rows}
    first = session.scalar(select(func.min(Message.created_at)).where(Message.conversation_id == conversation_id))
    tickets, ratings = session.execute(
        select(func.count(), func.count(Ticket.rating)).where(Ticket.conversation_id == conversation_id)
    ).one()
    votes = session.execute(select(func.count()).where(Feedback.conversation_id == conversation_id)).scalar_one()
    phones = session.execute(select(func.count()).where(Callback.conversation_id == conversation_id)).scalar_one()
    return Kept(
        inbound=by_direction.get("in", 0),
        outbound=by_direction.get("out", 0),
        since=local_day(first) if first is not None else None,
        tickets=tickets,
        ratings=ratings,
        votes=votes,
        phone_kept=phones > 0,
    )


def summary_text(kept: Kept, now: datetime, retention_days: int) -> str:
    """The resident's summary; the deletion day counts from now, since they have just written."""
    lines = [texts.SUMMARY_HEAD]
    since = kept.since or local_day(now)
    lines.append(
        texts.SUMMARY_MESSAGES.format(
            total=kept.total, inbound=kept.inbound, outbound=kept.outbound, since=since.strftime("%d/%m/%Y")
        )
    )
    lines.append(texts.SUMMARY_HANDOFFS.format(tickets=kept.tickets) if kept.tickets else texts.SUMMARY_NO_HANDOFF)
    if kept.ratings:
        lines.append(texts.SUMMARY_RATINGS.format(ratings=kept.ratings))
    if kept.votes:
        lines.append(texts.SUMMARY_VOTES.format(votes=kept.votes))
    lines.append(texts.SUMMARY_PHONE_KEPT if kept.phone_kept else texts.SUMMARY_NO_PHONE)
    deleted_on = local_day(now + timedelta(days=retention_days))
    lines.append(texts.SUMMARY_WHEN.format(deleted_on=deleted_on.strftime("%d/%m/%Y"), days=retention_days))
    lines.append(texts.SUMMARY_ERASE_HINT)
    return "\n".join(lines)

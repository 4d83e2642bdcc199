"""The handoff queue: open, claim (atomically), release, transfer and close tickets.

Claiming must never give one ticket to two volunteers nor skip one, however many claim at
once. SQLite serialises writers, so one guarded UPDATE whose WHERE picks the next waiting
ticket (and checks the volunteer's limit) is atomic. PostgreSQL runs writers in parallel:
there the next ticket is locked with FOR UPDATE SKIP LOCKED and the volunteer's own row is
locked first, so their limit holds too.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, func, or_, select, update
from sqlalchemy.orm import Session

from bot.auth.models import User
from bot.clock import utcnow
from bot.conversations.models import Conversation, Mode
from bot.handoff.models import OPEN_STATUSES, HandoffReason, Ticket, TicketEvent, TicketStatus


class TicketNotOpen(LookupError):
    """The ticket does not exist, is closed, or is not held by this volunteer."""


def _event(session: Session, ticket: Ticket, kind: str, actor: str, **data: Any) -> None:
    session.add(TicketEvent(ticket_id=ticket.id, kind=kind, actor=actor, data=data))


def _set_mode(session: Session, conversation_id: int, mode: Mode) -> None:
    session.execute(update(Conversation).where(Conversation.id == conversation_id).values(mode=mode))


def open_ticket_for(session: Session, conversation_id: int) -> Ticket | None:
    """The conversation's waiting or assigned ticket, if any."""
    return session.scalar(select(Ticket).where(Ticket.conversation_id == conversation_id, Ticket.status.in_(OPEN_STATUSES)))


def open_on_network(session: Session, network: str) -> int:
    """How many waiting or assigned tickets conversations from this network have."""
    count = session.scalar(
        select(func.count(Ticket.id))
        .join(Conversation, Conversation.id == Ticket.conversation_id)
        .where(Conversation.network == network, Ticket.status.in_(OPEN_STATUSES))
    )
    return int(count or 0)


def open_ticket(
    session: Session,
    conversation: Conversation,
    reason: HandoffReason | str,
    actor: str = "bot",
    context: dict[str, Any] | None = None,
) -> tuple[Ticket, bool]:
    """A waiting ticket for the conversation (the open one if there is one); True if newly created.

    A more urgent reason raises an open ticket's priority (an emergency during a wait); `context` says
    what the resident was doing (the guidance step they were stuck on) and is kept once given.
    An unknown reason is refused (UnknownHandoffReason), before anything changes.
    """
    reason = HandoffReason.parse(reason)
    priority = reason.priority
    existing = open_ticket_for(session, conversation.id)
    if existing is not None:
        if context and not existing.context:
            existing.context = context
        if priority > existing.priority:
            existing.priority, existing.reason = priority, reason
            _event(session, existing, "escalated", actor, reason=reason)
        return existing, False
    ticket = Ticket(
        conversation_id=conversation.id,
        channel=conversation.channel,
        reason=reason,
        priority=priority,
        status=TicketStatus.WAITING,
        context=context or None,
    )
    session.add(ticket)
    session.flush()
    _event(session, ticket, "created", actor, reason=reason)
    _set_mode(session, conversation.id, Mode.WAITING)
    return ticket, True


def _claimable() -> Select[tuple[int]]:
    return (
        select(Ticket.id)
        .where(Ticket.status == TicketStatus.WAITING)
        .order_by(Ticket.priority.desc(), Ticket.created_at, Ticket.id)
    )


def claim(session: Session, volunteer: User, limit: int, ticket_id: int | None = None) -> Ticket | None:
    """Assigns the next waiting ticket (or that one) to the volunteer; None if none, or at their limit."""
    now = utcnow()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(User.id).where(User.id == volunteer.id).with_for_update())
        # a COUNT always gives one row
        held = session.execute(
            select(func.count()).where(Ticket.assigned_to == volunteer.id, Ticket.status == TicketStatus.ASSIGNED)
        ).scalar_one()
        if held >= limit:
            return None
        pick = (
            _claimable().limit(1)
            if ticket_id is None
            else select(Ticket.id).where(Ticket.id == ticket_id, Ticket.status == TicketStatus.WAITING)
        )
        chosen = session.scalar(pick.with_for_update(skip_locked=True))
        if chosen is None:
            return None
        claimed = session.execute(
            update(Ticket)
            .where(Ticket.id == chosen, Ticket.status == TicketStatus.WAITING)
            .values(status=TicketStatus.ASSIGNED, assigned_to=volunteer.id, assigned_at=now)
            .returning(Ticket.id)
        ).scalar_one_or_none()
    else:
        target = _claimable().limit(1).scalar_subquery() if ticket_id is None else ticket_id
        under_limit = (
            select(func.count())
            .where(Ticket.assigned_to == volunteer.id, Ticket.status == TicketStatus.ASSIGNED)
            .scalar_subquery()
            < limit
        )
        claimed = session.execute(
            update(Ticket)
            .where(Ticket.id == target, Ticket.status == TicketStatus.WAITING, under_limit)
            .values(status=TicketStatus.ASSIGNED, assigned_to=volunteer.id, assigned_at=now)
            .returning(Ticket.id)
        ).scalar_one_or_none()
    if claimed is None:
        return None
    ticket = session.get_one(Ticket, claimed)  # the row this transaction just updated
    session.refresh(ticket)
    _set_mode(session, ticket.conversation_id, Mode.HUMAN)
    _event(session, ticket, "claimed", volunteer.username)
    return ticket


def held(session: Session, ticket_id: int, volunteer: User) -> Ticket:
    """The ticket if it is assigned to this volunteer (or they are an admin); else TicketNotOpen."""
    ticket = session.get(Ticket, ticket_id, with_for_update=session.get_bind().dialect.name == "postgresql")
    if (
        ticket is None
        or ticket.status != TicketStatus.ASSIGNED
        or (ticket.assigned_to != volunteer.id and volunteer.role != "admin")
    ):
        raise TicketNotOpen(ticket_id)
    return ticket


def release(session: Session, ticket_id: int, volunteer: User) -> Ticket:
    """Puts a held ticket back in the queue (keeping its place by creation time)."""
    ticket = held(session, ticket_id, volunteer)
    ticket.status, ticket.assigned_to, ticket.assigned_at = TicketStatus.WAITING, None, None
    _set_mode(session, ticket.conversation_id, Mode.WAITING)
    _event(session, ticket, "released", volunteer.username)
    return ticket


def transfer(session: Session, ticket_id: int, volunteer: User, to: User) -> Ticket:
    """Hands a held ticket to another volunteer."""
    ticket = held(session, ticket_id, volunteer)
    if to.role not in ("volunteer", "admin") or not to.is_active:
        raise TicketNotOpen(ticket_id)
    ticket.assigned_to, ticket.assigned_at = to.id, utcnow()
    _event(session, ticket, "transferred", volunteer.username, to=to.username)
    return ticket


def resolve(session: Session, ticket_id: int, volunteer: User, outcome: str) -> Ticket:
    """Closes a held ticket with an outcome; the bot takes the conversation back."""
    ticket = held(session, ticket_id, volunteer)
    ticket.status, ticket.outcome, ticket.closed_at = TicketStatus.RESOLVED, outcome, utcnow()
    _set_mode(session, ticket.conversation_id, Mode.BOT)
    _event(session, ticket, "resolved", volunteer.username, outcome=outcome)
    return ticket


def close_unattended(session: Session, ticket_id: int, status: TicketStatus | str, actor: str = "system") -> Ticket:
    """abandoned (the resident left or cancelled) or expired (nobody claimed in time)."""
    if status not in (TicketStatus.ABANDONED, TicketStatus.EXPIRED):
        raise ValueError(status)
    status = TicketStatus(status)
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or ticket.status not in OPEN_STATUSES:
        raise TicketNotOpen(ticket_id)
    ticket.status, ticket.closed_at = status, utcnow()
    _set_mode(session, ticket.conversation_id, Mode.BOT)
    _event(session, ticket, status, actor)
    return ticket


def position(session: Session, ticket: Ticket) -> int:
    """1 for the next ticket to be claimed; 0 if it is not waiting."""
    if ticket.status != TicketStatus.WAITING:
        return 0
    ahead = session.execute(  # a COUNT always gives one row
        select(func.count()).where(
            Ticket.status == TicketStatus.WAITING,
            or_(
                Ticket.priority > ticket.priority,
                and_(Ticket.priority == ticket.priority, Ticket.created_at < ticket.created_at),
                and_(Ticket.priority == ticket.priority, Ticket.created_at == ticket.created_at, Ticket.id < ticket.id),
            ),
        )
    ).scalar_one()
    return ahead + 1

"""Call-backs with tickets and recorded reveals of their numbers, written straight to the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.conversations.models import Conversation
from bot.handoff import callback_phones
from bot.handoff.models import Callback, CallbackPhoneRead, Ticket

PHONE = "0901234567"


def a_call_back(session: Session, name: str, with_ticket: bool = True) -> Callback:
    """A call-back (with its number kept apart) in a conversation of its own, with a ticket or without."""
    conversation = Conversation(channel="api", external_id=name, mode="bot", last_seq=0)
    session.add(conversation)
    session.flush()
    ticket = None
    if with_ticket:
        ticket = Ticket(conversation_id=conversation.id, channel="api", reason="request_human", priority=40, status="expired")
        session.add(ticket)
        session.flush()
    row = Callback(conversation_id=conversation.id, ticket_id=ticket.id if ticket else None, reason="request_human")
    session.add(row)
    session.flush()
    callback_phones.keep(session, row, PHONE)
    return row


def a_read(session: Session, callback: Callback, user_id: int | None, username: str, at: datetime) -> None:
    """A recorded reveal of the call-back's number at `at` (callback_phones.read stamps the present)."""
    session.add(
        CallbackPhoneRead(
            callback_id=callback.id,
            ticket_id=callback.ticket_id,
            conversation_id=callback.conversation_id,
            user_id=user_id,
            username=username,
            at=at,
        )
    )

"""Live updates for open consoles: the queue on every change, and the messages of held conversations.

Each console tab holds one WebSocket (a Connection). The queue snapshot is rebuilt from the
database after every change the conversation service reports; messages are forwarded to the
volunteer who holds the conversation (all their tabs) and to admins who watch it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.access import log as access_log
from bot.access.models import AccessKind
from bot.auth.models import User
from bot.auth.timestamps import aware
from bot.clock import utcnow
from bot.console.labels import CHANNELS, REASONS
from bot.console.previews import Preview, previews
from bot.conversations.models import Message
from bot.conversations.outbox import Outbox
from bot.conversations.service import ConversationService
from bot.handoff.models import OPEN_STATUSES, Callback, Presence, Ticket, TicketStatus

logger = logging.getLogger(__name__)


@dataclass(eq=False)
class Connection:
    """One console tab."""

    user_id: int
    role: str
    outbox: Outbox = field(default_factory=Outbox)  # bounded (bot/conversations/outbox.py)
    watching: set[int] = field(default_factory=set)  # conversation ids (admins watching others' tickets)


class ConsoleLive:
    """Who has a console open, what they hold, and the fan-out to them."""

    def __init__(self, sessions: sessionmaker[Session], service: ConversationService) -> None:
        self.sessions = sessions
        self.service = service
        self.connections: set[Connection] = set()
        self._holders: dict[int, tuple[int, int | None]] = {}  # conversation id → (ticket id, volunteer id)
        service.hub.on_every_message(self._on_message)
        service.on_queue_change(self.broadcast_queue)

    async def connect(self, user: User) -> Connection:
        """Registers a tab and sends it the queue."""
        connection = Connection(user.id, user.role, self.service.hub.outbox())
        self.connections.add(connection)
        await self.seen(connection)
        snapshot = await asyncio.to_thread(self.snapshots, {user.id: user.role})
        connection.outbox.put(snapshot[user.id])
        return connection

    def disconnect(self, connection: Connection) -> None:
        """Forgets a closed tab (the volunteer counts as on line until their presence expires)."""
        self.connections.discard(connection)

    async def seen(self, connection: Connection) -> None:
        """Records that the volunteer's console is open (on connect and on every ping)."""
        await asyncio.to_thread(self._touch, connection.user_id)

    def _touch(self, user_id: int) -> None:
        with self.sessions() as session:
            presence = session.get(Presence, user_id)
            if presence is None:
                session.add(Presence(user_id=user_id, seen_at=utcnow()))
            else:
                presence.seen_at = utcnow()
            try:
                session.commit()
            except IntegrityError:  # the same volunteer's other tab, on another instance, came first
                session.rollback()

    async def watch(self, connection: Connection, ticket_id: int, after_seq: int) -> bool:
        """Starts forwarding a ticket's conversation to the tab (if the user may read it), with the
        messages after after_seq it missed while the page loaded."""
        found = await asyncio.to_thread(self._watchable, connection, ticket_id, after_seq)
        if found is None:
            return False
        conversation_id, missed = found
        connection.watching.add(conversation_id)
        # possibly many, asked for: together and in order, even past the outbox's limit (outbox.py says why)
        connection.outbox.replay([_message_event(ticket_id, conversation_id, message) for message in missed])
        return True

    async def broadcast_queue(self) -> None:
        """Sends every open tab the current queue (called after each change)."""
        roles = {c.user_id: c.role for c in self.connections}
        snapshots = await asyncio.to_thread(self.snapshots, roles)
        for connection in list(self.connections):
            connection.outbox.put(snapshots[connection.user_id])

    async def _on_message(self, conversation_id: int, channel: str, wire: dict[str, Any]) -> None:
        if wire.get("type") != "message":  # a signal to the resident's sockets ({"type": "erased"}), no message
            return
        if "callback_id" in (wire.get("meta") or {}):  # a call-back was left or its question added
            for connection in list(self.connections):
                connection.outbox.put({"type": "callbacks"})
        holder = self._holders.get(conversation_id)
        if holder is None and not any(conversation_id in c.watching for c in self.connections):
            return
        ticket_id = holder[0] if holder else (wire.get("meta") or {}).get("ticket_id")
        event = {"type": "message", "ticket_id": ticket_id, "conversation_id": conversation_id, "message": wire}
        for connection in list(self.connections):
            # the volunteer holding it gets its messages; once the ticket ends (or moves to someone
            # else) they get nothing more, though their tab still "watches" it; admins see everything
            if (holder and connection.user_id == holder[1]) or (
                conversation_id in connection.watching and connection.role == "admin"
            ):
                connection.outbox.put(event)

    # -- database reads (in a thread) ----------------------------------------------------

    def snapshots(self, roles: dict[int, str]) -> dict[int, dict[str, Any]]:
        """The queue event for each user id (waiting tickets; theirs, or every held one for admins)."""
        now = utcnow()
        with self.sessions() as session:
            open_tickets = list(
                session.scalars(
                    select(Ticket)
                    .where(Ticket.status.in_(OPEN_STATUSES))
                    .order_by(Ticket.priority.desc(), Ticket.created_at, Ticket.id)
                )
            )
            names = {uid: name for uid, name in session.execute(select(User.id, User.display_name))}
            last_in = _last_inbound_seq(session, [t.conversation_id for t in open_tickets if t.status == TicketStatus.ASSIGNED])
            said = previews(session, [t.conversation_id for t in open_tickets])
            callbacks = _callbacks_mark(session)
        self._holders = {t.conversation_id: (t.id, t.assigned_to) for t in open_tickets if t.status == TicketStatus.ASSIGNED}
        waiting = [_ticket_item(t, now, said.get(t.conversation_id)) for t in open_tickets if t.status == TicketStatus.WAITING]
        snapshots = {}
        for user_id, role in roles.items():
            mine = [
                {
                    **_ticket_item(t, now, said.get(t.conversation_id)),
                    "assigned_to": names.get(t.assigned_to) or "",
                    "last_in_seq": last_in.get(t.conversation_id, 0),
                }
                for t in open_tickets
                if t.status == TicketStatus.ASSIGNED and (t.assigned_to == user_id or role == "admin")
            ]
            snapshots[user_id] = {"type": "queue", "waiting": waiting, "mine": mine, "callbacks": callbacks}
        return snapshots

    def _watchable(self, connection: Connection, ticket_id: int, after_seq: int) -> tuple[int, list[Message]] | None:
        """A volunteer watches only a ticket they hold now (an ended one's history is on its page);
        an admin any. The opening goes to the access log."""
        with self.sessions() as session:
            ticket = session.get(Ticket, ticket_id)
            if ticket is None:
                return None
            held = ticket.status == TicketStatus.ASSIGNED and ticket.assigned_to == connection.user_id
            if connection.role != "admin" and not held:
                return None
            missed = list(
                session.scalars(
                    select(Message)
                    .where(Message.conversation_id == ticket.conversation_id, Message.seq > after_seq)
                    .order_by(Message.seq)
                )
            )
            user = session.get(User, connection.user_id)
            if user is not None:
                access_log.record(
                    session, user.id, user.username, user.role, ticket.conversation_id, ticket.id, AccessKind.LIVE_WATCH
                )
                session.commit()
            return ticket.conversation_id, missed


def context_label(context: dict[str, Any] | None) -> str:
    """What the resident was doing, for the queue row: «Bước 3/6 · Làm hộ chiếu trực tuyến» ("" if nothing)."""
    if not context or not context.get("title"):
        return ""
    step = f"Bước {context.get('step')}/{context.get('total')} · " if context.get("step") else ""
    return f"{step}{context['title']}"[:200]


def _ticket_item(ticket: Ticket, now: datetime, preview: Preview | None = None) -> dict[str, Any]:
    created = aware(ticket.created_at)
    preview = preview or Preview()
    return {
        "latest_message": preview.latest_message,
        "faq_category": preview.faq_category,
        "ticket_id": ticket.id,
        "conversation_id": ticket.conversation_id,
        "reason": ticket.reason,
        "reason_label": REASONS.get(ticket.reason, ticket.reason),
        "context_label": context_label(ticket.context),
        "channel": ticket.channel,
        "channel_label": CHANNELS.get(ticket.channel, ticket.channel),
        "priority": ticket.priority,
        "created_at": created.isoformat(),
        "waiting_s": int((now - created).total_seconds()),
    }


def _callbacks_mark(session: Session) -> str:
    """Changes whenever a call-back is added or marked: the call-back page refreshes when it does."""
    rows = session.execute(
        select(Callback.status, func.count(), func.max(Callback.id), func.max(Callback.handled_at))
        .group_by(Callback.status)
        .order_by(Callback.status)
    )
    return ";".join(f"{status}:{count}:{last}:{handled}" for status, count, last, handled in rows)


def _last_inbound_seq(session: Session, conversation_ids: list[int]) -> dict[int, int]:
    if not conversation_ids:
        return {}
    rows = session.execute(
        select(Message.conversation_id, func.max(Message.seq))
        .where(Message.conversation_id.in_(conversation_ids), Message.direction == "in")
        .group_by(Message.conversation_id)
    )
    return {conversation_id: seq for conversation_id, seq in rows}


def _message_event(ticket_id: int, conversation_id: int, message: Message) -> dict[str, Any]:
    return {"type": "message", "ticket_id": ticket_id, "conversation_id": conversation_id, "message": message.to_wire()}

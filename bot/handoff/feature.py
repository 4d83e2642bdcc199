"""Handoff as a feature of the conversation core: its handlers, registered when the app is built.

Buttons (cancel, call-back, rating), the typed answers it awaits (a phone number, a call-back
question, a rating comment), escalations, queue notices and the expiry of tickets nobody claimed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.conversations.drafts import Draft
from bot.conversations.models import Conversation, Message, Mode
from bot.conversations.service import ConversationService
from bot.handoff import flow, queue, texts
from bot.handoff import schedule as duty
from bot.handoff.models import HandoffReason, UnknownHandoffReason

logger = logging.getLogger(__name__)


@dataclass
class HandoffOptions:
    """How the router queues conversations for volunteers."""

    always_open: bool = False  # ignore the duty schedule (tests, benchmarks, 24/7 wards)
    max_wait: timedelta = timedelta(minutes=10)  # then the resident is offered a call-back
    max_open_per_network: int = 0  # open tickets from one client network (0: no cap)


class Handoff:
    """Handles the handoff's buttons, awaited answers and escalations for a ConversationService."""

    def __init__(
        self, service: ConversationService, facts: Callable[[], dict[str, str]], options: HandoffOptions | None = None
    ) -> None:
        self.service = service
        self.facts = facts
        self.options = options or HandoffOptions()

    def install(self) -> Handoff:
        features = self.service.features
        for prefix in ("#handoff:", "#callback:", "#rate:"):
            features.payload(prefix, self.on_payload)
        features.while_held(self.on_held_payload)
        # the phone number for a call-back is read as typed (it is kept apart, bot/handoff/callback_phones.py)
        features.awaited(flow.AWAIT_PHONE, self.on_awaited_text, as_typed=True)
        for kind in (flow.AWAIT_QUESTION, flow.AWAIT_COMMENT):
            features.awaited(kind, self.on_awaited_text)
        features.escalation(self.escalate)
        features.after_replies.append(self.after_replies)
        features.on_queue_change.append(self.tell_positions)
        return self

    @property
    def max_wait_minutes(self) -> float:
        """The wait estimate never promises more than this (then the call-back is offered)."""
        return self.options.max_wait.total_seconds() / 60

    def schedule(self, session: Session) -> duty.Schedule:
        return duty.load(session, self.options.always_open)

    # -- handlers ----------------------------------------------------------------------

    def on_payload(self, session: Session, conversation: Conversation, payload: str) -> list[Draft] | None:
        return flow.on_payload(
            session,
            conversation,
            payload,
            self.facts(),
            self.schedule(session),
            self.max_wait_minutes,
            network_cap=self.options.max_open_per_network,
        )

    @staticmethod
    def on_held_payload(session: Session, conversation: Conversation, payload: str) -> list[Draft] | None:
        """While a person has (or will have) the conversation, only «cancel» is heard."""
        return flow.cancel(session, conversation) if payload == texts.CANCEL_BUTTON["payload"] else None

    def on_awaited_text(self, session: Session, conversation: Conversation, text: str) -> list[Draft] | None:
        return flow.on_awaited_text(session, conversation, text, self.facts(), lambda: self.schedule(session))

    def escalate(self, session: Session, conversation_id: int, reason: str, context: dict[str, object] | None) -> list[Draft]:
        """Queues the conversation (or, out of hours, offers a call-back) for the reason the bot gave."""
        try:
            known = HandoffReason.parse(reason)
        except UnknownHandoffReason:  # the resident still gets a person; the unknown reason is reported
            logger.error("Unknown handoff reason %r from the bot: queued as %s", reason, HandoffReason.REQUEST_HUMAN)
            known = HandoffReason.REQUEST_HUMAN
        conversation = session.get_one(Conversation, conversation_id)
        if conversation.mode == Mode.WAITING:
            queue.open_ticket(session, conversation, known, context=context)  # a more urgent reason moves it up
            return []
        if conversation.mode != Mode.BOT:
            return []
        return flow.escalate(
            session,
            conversation,
            known,
            self.schedule(session),
            utcnow(),
            context=context,
            network_cap=self.options.max_open_per_network,
            max_wait_minutes=self.max_wait_minutes,
        )

    async def after_replies(self, replies: Sequence[Message]) -> None:
        """A reply that hands over or is about a ticket may have changed the queue."""
        if any((reply.meta or {}).get("handoff") or "ticket_id" in (reply.meta or {}) for reply in replies):
            await self.service.queue_changed()

    # -- the queue ---------------------------------------------------------------------

    async def tell_positions(self) -> None:
        """Tells waiting residents their new place."""
        await self.service.say_to(
            lambda session: [(t.conversation_id, d) for t, d in flow.position_updates(session, self.max_wait_minutes)]
        )

    async def expire_waiting(self) -> int:
        """Closes tickets that waited too long (or outlived the shift) with a call-back offer."""

        def expire(session: Session) -> list[tuple[int, Draft]]:
            now = utcnow()
            expired = flow.expire_waiting(session, now - self.options.max_wait, self.schedule(session), now)
            return [(ticket.conversation_id, draft) for ticket, draft in expired]

        expired = await self.service.say_to(expire)
        if expired:
            await self.service.queue_changed()
        return expired

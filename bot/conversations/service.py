"""The conversation router: store what the resident said, ask the bot, store and publish its answer.

The core of the gateway: it imports no feature. Features (handoff, feedback, ward facts…) register
their handlers in a Features registry (bot/conversations/features.py) when the app is built.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.conversations.dispatch import Handled, handle_here
from bot.conversations.drafts import Draft
from bot.conversations.features import Features
from bot.conversations.hub import Hub
from bot.conversations.inputs import clean_text
from bot.conversations.models import Conversation, Later, Message
from bot.conversations.outage import store_held_turn
from bot.conversations.rasa_client import RasaClient, RasaUnavailable
from bot.conversations.store import MessageStore, Said, T, Unit
from bot.conversations.turn import drafts_of, store_bot_turn

__all__ = ["ConversationService", "Features", "Origin", "Said", "Turn", "Unit"]

logger = logging.getLogger(__name__)

EMERGENCY_CONFIDENCE = 0.5  # below it, a message to a waiting conversation stays for the volunteer


@dataclass(frozen=True)
class Origin:
    """Where a message comes from, as its channel vouches: the client network's keyed hash (for the
    cap on open tickets per network) and whether its payload is the server's own (a stored Telegram
    button, Telegram's /start) rather than one a client names."""

    network: str | None = None
    trusted_payload: bool = False


@dataclass
class Turn:
    """One resident message and the replies it got."""

    conversation: Conversation
    inbound: Message
    replies: list[Message] = field(default_factory=list)
    duplicate: bool = False
    # the notice that numbers were hidden from the message (once per conversation), stored before the replies
    notices: list[Message] = field(default_factory=list)
    # the message is answered later (the bot is unavailable, or a person has the conversation), by whom
    later: Later | None = None


def meta_of(message: Message) -> dict[str, Any]:
    return message.meta or {}


class ConversationService:
    """Receives messages from every channel; the only writer of conversations and messages."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        rasa: RasaClient,
        hub: Hub,
        max_chars: int,
        features: Features | None = None,
    ) -> None:
        self.sessions = sessions
        self.rasa = rasa
        self.hub = hub
        self.max_chars = max_chars
        self.features = features or Features()
        self.store = MessageStore(sessions, self.features)
        # one lock per conversation while anyone uses it; weak values, so finished ones go away
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        # who hears about queue changes (the console)
        self._queue_listeners: list[Callable[[], Awaitable[None]]] = []

    # -- public API -------------------------------------------------------------------

    async def receive(
        self,
        channel: str,
        external_id: str,
        raw_text: object,
        client_id: str | None = None,
        payload: str | None = None,
        origin: Origin | None = None,
    ) -> Turn:
        """Stores the message (once per client_id), then answers it; raises InputRejected."""
        turn = await self.accept(channel, external_id, raw_text, client_id, payload, origin)
        if not turn.duplicate:
            replies, _answered, turn.later = await self._answer(turn.conversation, turn.inbound, retrying=False)
            turn.replies = turn.notices + replies
        return turn

    async def accept(
        self,
        channel: str,
        external_id: str,
        raw_text: object,
        client_id: str | None = None,
        payload: str | None = None,
        origin: Origin | None = None,
    ) -> Turn:
        """Validates, stores (its personal numbers masked) and publishes a resident's message without
        answering it yet; the first time numbers are masked in a conversation, a notice says so.

        A client_id seen before in the conversation gives the stored message back, with the
        replies it already got, instead of storing it twice. `origin` says where the message comes
        from: a payload from a client counts only if the bot offered it (else the message is text).
        """
        origin = origin or Origin()
        text = clean_text(raw_text, self.max_chars)
        if payload and not origin.trusted_payload:
            offered = await asyncio.to_thread(self.store.offered, channel, external_id, payload)
            payload = payload if offered else None
        meta = {"payload": payload[:256]} if payload else {}
        conversation, inbound, duplicate = await asyncio.to_thread(
            self._store_inbound, channel, external_id, text, client_id, meta, origin.network
        )
        if duplicate:
            replies = await asyncio.to_thread(self.store.replies_to, conversation.id, inbound.seq)
            return Turn(conversation, inbound, replies, duplicate=True)
        logger.info("in  %s/%s #%d: %s", channel, conversation.id, inbound.seq, inbound.text[:200])
        notices = (
            await asyncio.to_thread(self.store.tell_masked, conversation.id, inbound) if "masked" in meta_of(inbound) else []
        )
        await self._publish(conversation, inbound)
        for notice in notices:
            await self._publish(conversation, notice)
        return Turn(conversation, inbound, notices=notices)

    async def answer(self, conversation: Conversation, inbound: Message) -> list[Message]:
        """Asks the bot about a stored inbound message; stores and publishes the replies.

        While a volunteer has the conversation (or it waits for one) the bot stays silent; buttons
        and awaited answers go to the handlers features registered and never reach Rasa. If the bot
        is unavailable, the message waits for it (bot/conversations/holds.py), as do the later ones
        of the conversation until the retrier (bot/conversations/retrier.py) has answered them.
        """
        replies, _answered, _later = await self._answer(conversation, inbound, retrying=False)
        return replies

    async def retry(self, conversation: Conversation, inbound: Message) -> bool:
        """Answers a held message now (the retrier has claimed its hold); False if the bot is still
        unavailable: the message stays held, nothing is said."""
        _replies, answered, _later = await self._answer(conversation, inbound, retrying=True)
        return answered

    async def _answer(
        self, conversation: Conversation, inbound: Message, retrying: bool
    ) -> tuple[list[Message], bool, Later | None]:
        """(the replies, False if the bot failed a retry, who answers the message later if nobody did now)"""
        async with self._lock(conversation.id):
            payload = (inbound.meta or {}).get("payload")
            handled = await asyncio.to_thread(self._handle_here, conversation.id, inbound, payload, retrying)
            conversation, later = handled.conversation, handled.later
            if handled.waiting and not await self._is_emergency(inbound.text):
                # Silent while the resident waits for a person, unless they write an emergency.
                replies, later = await asyncio.to_thread(self.store.hold, inbound.id), Later.PERSON
            elif handled.replies is None:  # the bot answers (also a waiting resident's emergency)
                # Only quick replies may speak Rasa's "/intent" syntax; typed text never forces an intent.
                bot_text = payload or inbound.text.lstrip("/") or inbound.text
                try:
                    turn = await self.rasa.send(conversation.rasa_sender, bot_text)
                except RasaUnavailable as error:
                    logger.warning("Bot unavailable for conversation %s: %s", conversation.id, error)
                    if retrying:
                        return [], False, Later.BOT
                    replies, deferred = await asyncio.to_thread(self._store_held_turn, conversation.id, inbound, payload)
                    later = Later.BOT if deferred else None
                else:
                    drafts = drafts_of(turn, conversation.mode, self.features)
                    escalation = next((d.meta["handoff_reason"] for d in drafts if d.meta.get("handoff")), None)
                    replies = await asyncio.to_thread(
                        self._store_bot_turn, conversation.id, inbound, drafts, "answered", escalation
                    )
            else:
                replies = handled.replies
        for reply in replies:
            await self._publish(conversation, reply)
        await self.features.replied(replies)
        return replies, True, later

    async def _is_emergency(self, text: str) -> bool:
        """True if the NLU reads an emergency (checked for residents waiting for a person: the bot then
        gives the numbers at once and the ticket goes to the front)."""
        intent, confidence = await self.rasa.intent(text)
        return intent == "emergency" and confidence >= EMERGENCY_CONFIDENCE

    async def transact(self, unit: Unit[T], conversation_id: int | None = None) -> tuple[T, list[Message]]:
        """Runs unit(session) → (result, Said | None) and stores what it says in the same transaction,
        then publishes it. With a conversation_id, under that conversation's lock. For the console."""
        if conversation_id is None:
            result, said, replies = await asyncio.to_thread(self.store.transact, unit)
        else:
            async with self._lock(conversation_id):
                result, said, replies = await asyncio.to_thread(self.store.transact, unit)
        if said is not None and replies:
            conversation = await asyncio.to_thread(self._load_conversation, said.conversation_id)
            for reply in replies:
                await self._publish(conversation, reply)
        return result, replies

    async def say_to(self, produce: Callable[[Session], list[tuple[int, Draft]]]) -> int:
        """Runs produce(session) → [(conversation id, draft)] in one transaction, stores each draft in
        its conversation and publishes it; how many were said."""
        said = await asyncio.to_thread(self.store.say_to, produce)
        for conversation, reply in said:
            await self._publish(conversation, reply)
        return len(said)

    def on_queue_change(self, listener: Callable[[], Awaitable[None]]) -> None:
        """Calls listener() after anything that may have changed the handoff queue."""
        self._queue_listeners.append(listener)

    async def queue_changed(self) -> None:
        """Runs the features' reactions (waiting residents hear their new place), then tells the
        queue's listeners (the console) and the other instances."""
        for react in list(self.features.on_queue_change):
            await react()
        await self.notify_queue_listeners()
        await self.hub.relay.queue_changed()

    async def notify_queue_listeners(self) -> None:
        """Tells this instance's listeners (the console) that the queue changed, here or elsewhere."""
        for listener in list(self._queue_listeners):
            try:
                await listener()
            except Exception:  # the console must not break the chat
                logger.exception("Queue listener failed")

    def _lock(self, conversation_id: int) -> asyncio.Lock:
        lock = self._locks.get(conversation_id)
        if lock is None:
            lock = self._locks[conversation_id] = asyncio.Lock()
        return lock

    async def recover(self) -> int:
        """Answers inbound messages left unanswered by a crash; returns how many."""
        pending = await asyncio.to_thread(self.store.unanswered)
        for conversation, inbound in pending:
            await self.answer(conversation, inbound)
        return len(pending)

    async def history(self, conversation_id: int, after_seq: int) -> list[Message]:
        """Messages of a conversation after a sequence number, in order."""
        return await asyncio.to_thread(self.store.history, conversation_id, after_seq)

    async def said_after(self, channel: str, external_id: str, after_seq: int, limit: int) -> list[Message]:
        """What was said to a channel user after a sequence number (for callers that cannot be pushed to)."""
        return await asyncio.to_thread(self.store.said_after, channel, external_id, after_seq, limit)

    async def conversation_of(self, channel: str, external_id: str) -> int | None:
        """The id of a channel user's conversation, or None before their first message (nothing is created:
        the first message creates it, bot/conversations/store.py)."""
        return await asyncio.to_thread(self.store.conversation_id_of, channel, external_id)

    # -- the stages of a turn (bot/profiling.py times them by these names) --------------

    async def _publish(self, conversation: Conversation, message: Message) -> None:
        await self.hub.publish(conversation.id, conversation.channel, conversation.external_id, message.to_wire())

    def _store_inbound(
        self, channel: str, external_id: str, text: str, client_id: str | None, meta: dict[str, Any], network: str | None = None
    ) -> tuple[Conversation, Message, bool]:
        return self.store.store_inbound(channel, external_id, text, client_id, meta, network)

    def _handle_here(self, conversation_id: int, inbound: Message, payload: str | None, retrying: bool = False) -> Handled:
        return handle_here(self.store, conversation_id, inbound, payload, retrying)

    def _store_held_turn(self, conversation_id: int, inbound: Message, payload: str | None) -> tuple[list[Message], bool]:
        return store_held_turn(self.store, conversation_id, inbound, payload)

    def _store_bot_turn(
        self, conversation_id: int, inbound: Message, drafts: list[Draft], status: str, escalation: str | None
    ) -> list[Message]:
        return store_bot_turn(self.store, conversation_id, inbound, drafts, status, escalation)

    def _load_conversation(self, conversation_id: int) -> Conversation:
        return self.store.load_conversation(conversation_id)

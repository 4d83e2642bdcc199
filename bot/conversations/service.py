"""The conversation router: store what the resident said, ask the bot, store and publish its answer."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.conversations.hub import Hub
from bot.conversations.inputs import clean_text
from bot.conversations.models import Conversation, Message
from bot.conversations.rasa_client import RasaClient, RasaTurn, RasaUnavailable
from bot.feedback import service as feedback
from bot.redaction import redact
from bot.ward.facts import fill

logger = logging.getLogger(__name__)

SYSTEM_UNAVAILABLE = (
    "Dạ, hệ thống trả lời tự động đang tạm gián đoạn. Tin nhắn của Bác/Anh/Chị đã được lưu lại. "
    "Bác/Anh/Chị vui lòng thử lại sau ít phút, hoặc gọi đường dây nóng của phường {ward_hotline} ạ."
)


@dataclass
class Turn:
    """One resident message and the replies it got."""

    conversation: Conversation
    inbound: Message
    replies: list[Message] = field(default_factory=list)
    duplicate: bool = False


@dataclass
class Draft:
    """A reply before it is stored."""

    text: str
    buttons: list[dict[str, str]] | None
    meta: dict[str, Any]


class ConversationService:
    """Receives messages from every channel; the only writer of conversations and messages."""

    def __init__(
        self,
        sessions: sessionmaker,
        rasa: RasaClient,
        hub: Hub,
        max_chars: int,
        facts: dict[str, str],
        facts_provider: Callable[[], dict[str, str]] | None = None,
    ) -> None:
        self.sessions = sessions
        self.rasa = rasa
        self.hub = hub
        self.max_chars = max_chars
        self.facts = facts
        # staff edit ward facts in the database: the provider (cached, cheap) gives the current ones
        self._facts_provider = facts_provider
        # one lock per conversation while anyone uses it; weak values, so finished ones go away
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    @property
    def facts(self) -> dict[str, str]:
        """The ward facts to fill into replies now."""
        return self._facts_provider() if self._facts_provider else self._facts

    @facts.setter
    def facts(self, value: dict[str, str]) -> None:
        self._facts = value
        self._facts_provider = None

    # -- public API -------------------------------------------------------------------

    async def receive(
        self,
        channel: str,
        external_id: str,
        raw_text: object,
        client_id: str | None = None,
        payload: str | None = None,
    ) -> Turn:
        """Stores the message (once per client_id), then answers it; raises InputRejected."""
        turn = await self.accept(channel, external_id, raw_text, client_id, payload)
        if not turn.duplicate:
            turn.replies = await self.answer(turn.conversation, turn.inbound)
        return turn

    async def accept(
        self,
        channel: str,
        external_id: str,
        raw_text: object,
        client_id: str | None = None,
        payload: str | None = None,
    ) -> Turn:
        """Validates, stores and publishes a resident's message without answering it yet.

        A client_id seen before in the conversation gives the stored message back, with the
        replies it already got, instead of storing it twice.
        """
        text = clean_text(raw_text, self.max_chars)
        meta = {"payload": payload[:256]} if payload else {}
        conversation, inbound, duplicate = await asyncio.to_thread(
            self._store_inbound, channel, external_id, text, client_id, meta
        )
        if duplicate:
            replies = await asyncio.to_thread(self._replies_to, conversation.id, inbound.seq)
            return Turn(conversation, inbound, replies, duplicate=True)
        logger.info("in  %s/%s #%d: %s", channel, conversation.id, inbound.seq, redact(text[:200]))
        await self._publish(conversation, inbound)
        return Turn(conversation, inbound)

    async def answer(self, conversation: Conversation, inbound: Message) -> list[Message]:
        """Asks the bot about a stored inbound message; stores and publishes the replies."""
        async with self._lock(conversation.id):
            conversation = await asyncio.to_thread(self._load_conversation, conversation.id)
            if conversation.mode != "bot":
                return []
            payload = (inbound.meta or {}).get("payload")
            if feedback.is_feedback(payload):
                replies = await asyncio.to_thread(self._store_feedback, conversation, inbound, payload)
                for reply in replies:
                    await self._publish(conversation, reply)
                return replies
            # Only quick replies may speak Rasa's "/intent" syntax; typed text never forces an intent.
            bot_text = payload or inbound.text.lstrip("/") or inbound.text
            try:
                turn = await self.rasa.send(conversation.rasa_sender, bot_text)
                drafts, status = self._drafts(turn, conversation.mode), "answered"
            except RasaUnavailable as error:
                logger.warning("Bot unavailable for conversation %s: %s", conversation.id, error)
                drafts, status = [self._system_draft(SYSTEM_UNAVAILABLE, conversation.mode)], "failed"
            replies = await asyncio.to_thread(self._store_replies, conversation.id, inbound.id, drafts, status)
        for reply in replies:
            await self._publish(conversation, reply)
        return replies

    def _lock(self, conversation_id: int) -> asyncio.Lock:
        lock = self._locks.get(conversation_id)
        if lock is None:
            lock = self._locks[conversation_id] = asyncio.Lock()
        return lock

    async def recover(self) -> int:
        """Answers inbound messages left unanswered by a crash; returns how many."""
        pending = await asyncio.to_thread(self._unanswered)
        for conversation, inbound in pending:
            await self.answer(conversation, inbound)
        return len(pending)

    async def history(self, conversation_id: int, after_seq: int) -> list[Message]:
        """Messages of a conversation after a sequence number, in order."""
        return await asyncio.to_thread(self._history, conversation_id, after_seq)

    async def find_or_create(self, channel: str, external_id: str) -> Conversation:
        """The conversation of a channel user, created on first contact."""
        return await asyncio.to_thread(self._find_or_create_once, channel, external_id)

    # -- replies ------------------------------------------------------------------------

    def _drafts(self, turn: RasaTurn, mode: str) -> list[Draft]:
        drafts = []
        for reply in turn.replies:
            custom_meta = (reply.get("custom") or {}).get("meta") or {}
            source = custom_meta.get("source") or ("fallback" if turn.intent == "nlu_fallback" else "dialogue")
            meta: dict[str, Any] = {
                "source": source,
                "intent": turn.intent,
                "confidence": round(turn.confidence, 4) if turn.confidence is not None else None,
                "handoff": bool(custom_meta.get("handoff", False)),
                "mode": mode,
            }
            for key in ("faq_id", "faq_score", "offer"):
                if key in custom_meta:
                    meta[key] = custom_meta[key]
            buttons = [
                {"title": str(b.get("title", ""))[:64], "payload": str(b.get("payload", ""))[:256]}
                for b in reply.get("buttons") or []
            ] or None
            drafts.append(Draft(fill(reply["text"], self.facts), buttons, meta))
        return drafts

    def _system_draft(self, text: str, mode: str) -> Draft:
        meta = {"source": "system", "intent": None, "confidence": None, "handoff": False, "mode": mode}
        return Draft(fill(text, self.facts), None, meta)

    async def _publish(self, conversation: Conversation, message: Message) -> None:
        await self.hub.publish(conversation.id, conversation.channel, conversation.external_id, message.to_wire())

    # -- database units of work (run in a thread) --------------------------------------

    def _find_or_create(self, session: Session, channel: str, external_id: str) -> Conversation:
        found = session.scalar(
            select(Conversation).where(Conversation.channel == channel, Conversation.external_id == external_id)
        )
        if found:
            return found
        conversation = Conversation(channel=channel, external_id=external_id, mode="bot", last_seq=0)
        session.add(conversation)
        session.flush()
        return conversation

    def _find_or_create_once(self, channel: str, external_id: str) -> Conversation:
        for attempt in range(2):
            with self.sessions() as session:
                try:
                    conversation = self._find_or_create(session, channel, external_id)
                    session.commit()
                    return conversation
                except IntegrityError:  # created concurrently: read the winner's row
                    session.rollback()
                    if attempt:
                        raise
        raise AssertionError("unreachable")

    @staticmethod
    def _next_seq(session: Session, conversation_id: int) -> int:
        # The row update also serialises writers of one conversation, so seq order is commit order.
        return session.execute(
            update(Conversation)
            .where(Conversation.id == conversation_id)
            .values(last_seq=Conversation.last_seq + 1)
            .returning(Conversation.last_seq)
        ).scalar_one()

    def _store_inbound(
        self, channel: str, external_id: str, text: str, client_id: str | None, meta: dict[str, Any]
    ) -> tuple[Conversation, Message, bool]:
        conversation = self._find_or_create_once(channel, external_id)
        with self.sessions() as session:
            if client_id:
                existing = session.scalar(
                    select(Message).where(Message.conversation_id == conversation.id, Message.client_id == client_id)
                )
                if existing:
                    return conversation, existing, True
            message = Message(
                conversation_id=conversation.id,
                seq=self._next_seq(session, conversation.id),
                direction="in",
                text=text,
                meta=meta,
                client_id=client_id,
                status="received",
            )
            session.add(message)
            try:
                session.commit()
            except IntegrityError:  # the same client_id raced in from another connection
                session.rollback()
                existing = session.scalar(
                    select(Message).where(Message.conversation_id == conversation.id, Message.client_id == client_id)
                )
                if existing is None:
                    raise
                return conversation, existing, True
            return conversation, message, False

    def _store_replies(self, conversation_id: int, inbound_id: int, drafts: list[Draft], status: str) -> list[Message]:
        with self.sessions() as session:
            inbound = session.get(Message, inbound_id)
            replies = []
            for draft in drafts:
                seq = self._next_seq(session, conversation_id)
                buttons = draft.buttons
                if buttons is None and draft.meta.get("source") == "faq" and draft.meta.get("faq_id"):
                    buttons = feedback.buttons_for(seq)  # 👍/👎 under every answer from the knowledge base
                reply = Message(
                    conversation_id=conversation_id,
                    seq=seq,
                    direction="out",
                    text=draft.text,
                    buttons=buttons,
                    meta=draft.meta,
                    status="pending",
                    reply_to=inbound.seq,
                )
                session.add(reply)
                replies.append(reply)
            inbound.status = status
            session.commit()
            return replies

    def _store_feedback(self, conversation: Conversation, inbound: Message, payload: str) -> list[Message]:
        vote = feedback.parse(payload)
        with self.sessions() as session:
            stored = feedback.record(session, conversation.id, vote[1], vote[0]) if vote else None
            session.commit()
        if stored is None:
            text = feedback.STALE
        else:
            text = feedback.THANKS if stored.value > 0 else feedback.SORRY
        meta = {**self._system_draft("", conversation.mode).meta, "intent": "feedback"}
        return self._store_replies(conversation.id, inbound.id, [Draft(text, None, meta)], "answered")

    def _load_conversation(self, conversation_id: int) -> Conversation:
        with self.sessions() as session:
            return session.get_one(Conversation, conversation_id)

    def _replies_to(self, conversation_id: int, seq: int) -> list[Message]:
        with self.sessions() as session:
            return list(
                session.scalars(
                    select(Message)
                    .where(Message.conversation_id == conversation_id, Message.reply_to == seq)
                    .order_by(Message.seq)
                )
            )

    def _history(self, conversation_id: int, after_seq: int) -> list[Message]:
        with self.sessions() as session:
            return list(
                session.scalars(
                    select(Message)
                    .where(Message.conversation_id == conversation_id, Message.seq > after_seq)
                    .order_by(Message.seq)
                )
            )

    def _unanswered(self) -> list[tuple[Conversation, Message]]:
        with self.sessions() as session:
            rows = session.execute(
                select(Conversation, Message)
                .join(Message, Message.conversation_id == Conversation.id)
                .where(Message.direction == "in", Message.status == "received")
                .order_by(Message.id)
            ).all()
            return [(conversation, message) for conversation, message in rows]

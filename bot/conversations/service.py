"""The conversation router: store what the resident said, ask the bot, store and publish its answer."""

from __future__ import annotations

import asyncio
import enum
import logging
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final, Literal, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import utcnow
from bot.conversations import turn_sql
from bot.conversations.address import detect, speak
from bot.conversations.drafts import Draft, awaits, system_meta
from bot.conversations.hub import Hub
from bot.conversations.inputs import clean_text
from bot.conversations.models import Conversation, Message, Mode
from bot.conversations.rasa_client import RasaClient, RasaTurn, RasaUnavailable
from bot.feedback import service as feedback
from bot.handoff import flow, queue, texts
from bot.handoff import schedule as duty
from bot.handoff.models import HandoffReason, UnknownHandoffReason
from bot.redaction import redact
from bot.ward.facts import fill

logger = logging.getLogger(__name__)

SYSTEM_UNAVAILABLE = (
    "Dạ, hệ thống trả lời tự động đang tạm gián đoạn. Tin nhắn của Bác đã được lưu lại.\n"
    "Nếu cần gấp, Bác gọi đường dây nóng của phường {ward_hotline} ạ."
)
EMERGENCY_CONFIDENCE = 0.5  # below it, a message to a waiting conversation stays for the volunteer


class _Waiting(enum.Enum):
    """The type of the WAITING sentinel (an enum member, so that `is WAITING` narrows types)."""

    WAITING = enum.auto()


WAITING: Final = _Waiting.WAITING  # _handle_here: typed text from a resident who waits for a person
T = TypeVar("T")


@dataclass
class Said:
    """Messages a unit of work wants stored with its changes (see ConversationService.transact)."""

    conversation_id: int
    drafts: list[Draft]
    reply_to: int | None = None


Unit = Callable[[Session], tuple[T, "Said | None"]]


@dataclass
class Turn:
    """One resident message and the replies it got."""

    conversation: Conversation
    inbound: Message
    replies: list[Message] = field(default_factory=list)
    duplicate: bool = False


@dataclass
class HandoffOptions:
    """How the router queues conversations for volunteers."""

    always_open: bool = False  # ignore the duty schedule (tests, benchmarks, 24/7 wards)
    max_wait: timedelta = timedelta(minutes=10)  # then the resident is offered a call-back


class ConversationService:
    """Receives messages from every channel; the only writer of conversations and messages."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        rasa: RasaClient,
        hub: Hub,
        max_chars: int,
        facts: dict[str, str],
        facts_provider: Callable[[], dict[str, str]] | None = None,
        handoff: HandoffOptions | None = None,
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
        self.handoff = handoff or HandoffOptions()
        # who hears about queue changes (the console)
        self._queue_listeners: list[Callable[[], Awaitable[None]]] = []

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
        """Asks the bot about a stored inbound message; stores and publishes the replies.

        While a volunteer has the conversation (or it waits for one) the bot stays silent;
        handoff, call-back, rating and feedback buttons are handled here and never reach Rasa.
        """
        async with self._lock(conversation.id):
            payload = (inbound.meta or {}).get("payload")
            conversation, handled = await asyncio.to_thread(self._handle_here, conversation.id, inbound, payload)
            if handled is WAITING and not await self._is_emergency(inbound.text):
                # Silent while the resident waits for a person, unless they write an emergency.
                replies = await asyncio.to_thread(self._hold, inbound.id)
            elif handled is None or handled is WAITING:  # the bot answers (also a waiting resident's emergency)
                # Only quick replies may speak Rasa's "/intent" syntax; typed text never forces an intent.
                bot_text = payload or inbound.text.lstrip("/") or inbound.text
                escalation = None
                try:
                    turn = await self.rasa.send(conversation.rasa_sender, bot_text)
                    drafts, status = self._drafts(turn, conversation.mode), "answered"
                    escalation = next((d.meta["handoff_reason"] for d in drafts if d.meta.get("handoff")), None)
                except RasaUnavailable as error:
                    logger.warning("Bot unavailable for conversation %s: %s", conversation.id, error)
                    drafts, status = [self._system_draft(SYSTEM_UNAVAILABLE, conversation.mode)], "failed"
                    escalation = "bot_unavailable"
                replies = await asyncio.to_thread(self._store_bot_turn, conversation.id, inbound, drafts, status, escalation)
            else:
                replies = handled
        for reply in replies:
            await self._publish(conversation, reply)
        if any((reply.meta or {}).get("handoff") or "ticket_id" in (reply.meta or {}) for reply in replies):
            await self.queue_changed()
        return replies

    async def _is_emergency(self, text: str) -> bool:
        """True if the NLU reads an emergency (checked for residents waiting for a person: the bot then
        gives the numbers at once and the ticket goes to the front)."""
        intent, confidence = await self.rasa.intent(text)
        return intent == "emergency" and confidence >= EMERGENCY_CONFIDENCE

    async def transact(self, unit: Unit[T], conversation_id: int | None = None) -> tuple[T, list[Message]]:
        """Runs unit(session) → (result, Said | None) and stores what it says in the same transaction,
        then publishes it. With a conversation_id, under that conversation's lock. For the console."""
        if conversation_id is None:
            result, said, replies = await asyncio.to_thread(self._transact, unit)
        else:
            async with self._lock(conversation_id):
                result, said, replies = await asyncio.to_thread(self._transact, unit)
        if said is not None and replies:
            conversation = await asyncio.to_thread(self._load_conversation, said.conversation_id)
            for reply in replies:
                await self._publish(conversation, reply)
        return result, replies

    def on_queue_change(self, listener: Callable[[], Awaitable[None]]) -> None:
        """Calls listener() after anything that may have changed the handoff queue."""
        self._queue_listeners.append(listener)

    async def queue_changed(self) -> None:
        """Tells waiting residents their new place, then the queue's listeners (the console)."""
        updates = await asyncio.to_thread(self._position_updates)
        for conversation, reply in updates:
            await self._publish(conversation, reply)
        await self.notify_queue_listeners()
        await self.hub.relay.queue_changed()

    async def notify_queue_listeners(self) -> None:
        """Tells this instance's listeners (the console) that the queue changed, here or elsewhere."""
        for listener in list(self._queue_listeners):
            try:
                await listener()
            except Exception:  # the console must not break the chat
                logger.exception("Queue listener failed")

    async def expire_waiting(self) -> int:
        """Closes tickets that waited too long (or outlived the shift) with a call-back offer."""
        expired = await asyncio.to_thread(self._expire_waiting)
        for conversation, reply in expired:
            await self._publish(conversation, reply)
        if expired:
            await self.queue_changed()
        return len(expired)

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

    def _drafts(self, turn: RasaTurn, mode: Mode) -> list[Draft]:
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
            for key in ("faq_id", "faq_score", "offer", "handoff_reason", "guide", "reviewed"):
                if key in custom_meta:
                    meta[key] = custom_meta[key]
            buttons = [
                {"title": str(b.get("title", ""))[:64], "payload": str(b.get("payload", ""))[:256]}
                for b in reply.get("buttons") or []
            ] or None
            drafts.append(Draft(fill(reply["text"], self.facts), buttons, meta))
        return drafts

    def _system_draft(self, text: str, mode: Mode, **extra: Any) -> Draft:
        return Draft(fill(text, self.facts), None, system_meta(mode, **extra))

    async def _publish(self, conversation: Conversation, message: Message) -> None:
        await self.hub.publish(conversation.id, conversation.channel, conversation.external_id, message.to_wire())

    # -- database units of work (run in a thread) --------------------------------------

    def _find_or_create(self, session: Session, channel: str, external_id: str) -> Conversation:
        found = session.scalar(
            select(Conversation).where(Conversation.channel == channel, Conversation.external_id == external_id)
        )
        if found:
            return found
        conversation = Conversation(channel=channel, external_id=external_id, mode=Mode.BOT, last_seq=0)
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
        return turn_sql.bump_seq(session.connection(), conversation_id, 1, utcnow())[0]

    def _store_inbound(
        self, channel: str, external_id: str, text: str, client_id: str | None, meta: dict[str, Any]
    ) -> tuple[Conversation, Message, bool]:
        # One transaction finds (or creates) the conversation and stores the message. The first try
        # assumes the usual case (no race, no duplicate); a clash on either unique key (the
        # conversation, or the client_id) is retried on the careful path, which reads the winner.
        for attempt in range(3):
            with self.sessions() as session:
                try:
                    if attempt == 0:
                        return self._store_new_inbound(session, channel, external_id, text, client_id, meta)
                    return self._store_inbound_in(session, channel, external_id, text, client_id, meta)
                except IntegrityError:
                    session.rollback()
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")

    @staticmethod
    def _store_new_inbound(
        session: Session, channel: str, external_id: str, text: str, client_id: str | None, meta: dict[str, Any]
    ) -> tuple[Conversation, Message, bool]:
        """The usual case in plain SQL: an IntegrityError if the client_id was stored before or the
        conversation was created concurrently."""
        conn, now = session.connection(), utcnow()
        row = turn_sql.bump_seq_of_user(conn, channel, external_id, now)
        if row is None:
            conversation_id, mode, seq = turn_sql.insert_conversation(conn, channel, external_id, 1, now), Mode.BOT, 1
        else:
            conversation_id, mode, seq = row
        inbound = turn_sql.new_message(
            conversation_id=conversation_id,
            seq=seq,
            direction="in",
            text=text,
            meta=meta,
            client_id=client_id,
            status="received",
            created_at=now,
        )
        turn_sql.insert_messages(conn, [inbound])
        session.commit()
        return turn_sql.detached_conversation(conversation_id, channel, external_id, mode, seq), inbound, False

    def _store_inbound_in(
        self, session: Session, channel: str, external_id: str, text: str, client_id: str | None, meta: dict[str, Any]
    ) -> tuple[Conversation, Message, bool]:
        conversation = self._find_or_create(session, channel, external_id)
        if client_id:
            existing = session.scalar(
                select(Message).where(Message.conversation_id == conversation.id, Message.client_id == client_id)
            )
            if existing:
                session.commit()
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
        session.commit()
        return conversation, message, False

    def _append(self, session: Session, conversation_id: int, reply_to: int | None, drafts: list[Draft]) -> list[Message]:
        """Adds outbound messages to the session (the caller commits)."""
        replies = []
        form = turn_sql.address_of(session.connection(), conversation_id)
        for draft in drafts:
            seq = turn_sql.bump_seq_saying(session.connection(), conversation_id, 1, utcnow(), *awaits(draft))[0]
            reply = self._reply(conversation_id, reply_to, draft, seq, utcnow(), form)
            session.add(reply)
            replies.append(reply)
        return replies

    def _append_plainly(self, session: Session, conversation_id: int, reply_to: int | None, drafts: list[Draft]) -> list[Message]:
        """As _append, in plain SQL: all the seqs in one update, the rows in one insert."""
        if not drafts:
            return []
        conn, now = session.connection(), utcnow()
        last, form = turn_sql.bump_seq_saying(conn, conversation_id, len(drafts), now, *awaits(drafts[-1]))
        first = last - len(drafts) + 1
        replies = [self._reply(conversation_id, reply_to, draft, first + i, now, form) for i, draft in enumerate(drafts)]
        turn_sql.insert_messages(conn, replies)
        return replies

    def _reply(
        self, conversation_id: int, reply_to: int | None, draft: Draft, seq: int, now: datetime, form: str = "bac"
    ) -> Message:
        """The outbound message a draft becomes at a seq, in the conversation's form of address."""
        buttons = draft.buttons
        if draft.meta.get("source") == "faq" and draft.meta.get("faq_id") and not draft.meta.get("guide"):
            # 👍/👎 under every answer from the knowledge base, after what the bot offers with it («Xem từng
            # bước», a person); not under each step of a guidance, which has its own «Xong» / «Chưa làm được»
            buttons = (buttons or []) + feedback.buttons_for(seq)
        return turn_sql.new_message(
            conversation_id=conversation_id,
            seq=seq,
            direction="out",
            # a volunteer's words go out as typed; our own texts get the ward's facts and the resident's form
            text=draft.text
            if draft.meta.get("source") == "volunteer"
            else speak(fill(draft.text, self.facts), form, own_text=draft.meta.get("source") != "faq"),
            buttons=buttons,
            meta=draft.meta,
            status="pending",
            reply_to=reply_to,
            created_at=now,
        )

    def _schedule(self, session: Session) -> duty.Schedule:
        return duty.load(session, self.handoff.always_open)

    def _escalate(self, session: Session, conversation_id: int, asked: str, context: dict[str, Any] | None = None) -> list[Draft]:
        try:
            reason = HandoffReason.parse(asked)
        except UnknownHandoffReason:  # the resident still gets a person; the unknown reason is reported
            logger.error("Unknown handoff reason %r from the bot: queued as %s", asked, HandoffReason.REQUEST_HUMAN)
            reason = HandoffReason.REQUEST_HUMAN
        conversation = session.get_one(Conversation, conversation_id)
        if conversation.mode == Mode.WAITING:
            queue.open_ticket(session, conversation, reason, context=context)  # a more urgent reason moves it up
            return []
        if conversation.mode != Mode.BOT:
            return []
        return flow.escalate(session, conversation, reason, self._schedule(session), utcnow(), context=context)

    def _store_bot_turn(
        self, conversation_id: int, inbound: Message, drafts: list[Draft], status: str, escalation: str | None
    ) -> list[Message]:
        """The bot's replies and, if they call for it, the escalation, in one transaction."""
        with self.sessions() as session:
            heard = detect(inbound.text)  # "cho cháu hỏi…": the resident says who they are
            if heard is not None:
                turn_sql.set_address(session.connection(), conversation_id, heard)
            if escalation:
                if status == "failed":  # the notice itself says the bot is down: it escalates
                    drafts[0].meta.update(handoff=True, handoff_reason=escalation)
                # the guidance step the resident was stuck on, for the volunteer's queue row
                context = next((d.meta["guide"] for d in drafts if d.meta.get("handoff") and d.meta.get("guide")), None)
                drafts = drafts + self._escalate(session, conversation_id, escalation, context)
                replies = self._append(session, conversation_id, inbound.seq, drafts)
            else:
                replies = self._append_plainly(session, conversation_id, inbound.seq, drafts)
            self._set_status(session, inbound.id, status)
            session.commit()
            return replies

    def _handle_here(
        self, conversation_id: int, inbound: Message, payload: str | None
    ) -> tuple[Conversation, list[Message] | None | Literal[_Waiting.WAITING]]:
        """The conversation as it is now, and the replies the gateway gives itself (handoff, buttons,
        awaited answers); None: ask the bot; WAITING: typed text while the resident waits for a person."""
        with self.sessions() as session:
            if payload is None:
                # The usual case, read in one plain query: a conversation with the bot, which awaits
                # no typed answer (a phone number, a call-back question, a rating comment).
                state = turn_sql.state_of(session.connection(), conversation_id)
                if state is not None and state.mode == Mode.BOT and state.awaiting is None:
                    return turn_sql.detached_conversation(
                        conversation_id, state.channel, state.external_id, state.mode, state.last_seq
                    ), None
            conversation = session.get_one(Conversation, conversation_id)
            if conversation.mode == Mode.WAITING and payload is None:
                return conversation, WAITING
            # The inbound message's row is only written, never read: its text and seq came with it.
            drafts: list[Draft] | None
            if conversation.mode != Mode.BOT:
                # A person has (or will have) the conversation: the bot stays silent.
                drafts = flow.cancel(session, conversation) if payload == texts.CANCEL_BUTTON["payload"] else []
                status = "answered" if drafts else "held"
            elif feedback.is_feedback(payload):
                drafts = self._feedback(session, conversation, payload)
                status = "answered"
            elif payload and payload.startswith("#"):
                drafts = flow.on_payload(session, conversation, payload, self.facts, self._schedule(session))
                drafts = drafts or [Draft(texts.STALE_BUTTON, None, system_meta(conversation.mode))]
                status = "answered"
            elif (
                payload is None
                and (
                    drafts := flow.on_awaited_text(
                        session, conversation, inbound.text, self.facts, lambda: self._schedule(session)
                    )
                )
                is not None
            ):
                status = "answered"
            else:
                return conversation, None
            self._set_status(session, inbound.id, status)
            replies = self._append(session, conversation.id, inbound.seq, drafts)
            session.commit()
            return conversation, replies

    @staticmethod
    def _set_status(session: Session, message_id: int, status: str) -> None:
        turn_sql.set_status(session.connection(), message_id, status)

    def _hold(self, inbound_id: int) -> list[Message]:
        """Keeps a message for the volunteer: no reply."""
        with self.sessions() as session:
            self._set_status(session, inbound_id, "held")
            session.commit()
        return []

    def _feedback(self, session: Session, conversation: Conversation, payload: str) -> list[Draft]:
        """Stores a 👍/👎; a second 👎 in a row hands the conversation to a person."""
        vote = feedback.parse(payload)
        stored = feedback.record(session, conversation.id, vote[1], vote[0]) if vote else None
        meta = system_meta(conversation.mode, intent="feedback")
        if stored is None:
            return [Draft(feedback.STALE, None, meta)]
        if stored.value > 0:
            return [Draft(feedback.THANKS, None, meta)]
        session.flush()
        if feedback.downs_in_a_row(session, conversation.id) >= 2:
            drafts = [Draft(feedback.SORRY_AGAIN, None, {**meta, "handoff": True, "handoff_reason": "thumbs_down"})]
            return drafts + flow.escalate(session, conversation, "thumbs_down", self._schedule(session), utcnow())
        return [Draft(feedback.SORRY, [feedback.PERSON_BUTTON], meta)]

    def _transact(self, unit: Unit[T]) -> tuple[T, Said | None, list[Message]]:
        with self.sessions() as session:
            result, said = unit(session)
            replies = self._append(session, said.conversation_id, said.reply_to, said.drafts) if said else []
            session.commit()
            return result, said, replies

    def _notify_tickets(self, produce: Callable[[Session], list[tuple[Any, Draft]]]) -> list[tuple[Conversation, Message]]:
        """Runs produce(session) → [(ticket, draft)] and stores each draft in its ticket's conversation."""
        with self.sessions() as session:
            stored = []
            notices = produce(session)
            ids = {ticket.conversation_id for ticket, _ in notices}
            # all their conversations in one query, not one each
            conversations = (
                {c.id: c for c in session.scalars(select(Conversation).where(Conversation.id.in_(ids)))} if ids else {}
            )
            for ticket, draft in notices:
                conversation = conversations[ticket.conversation_id]
                stored += [(conversation, m) for m in self._append(session, conversation.id, None, [draft])]
            session.commit()
            return stored

    def _position_updates(self) -> list[tuple[Conversation, Message]]:
        return self._notify_tickets(flow.position_updates)

    def _expire_waiting(self) -> list[tuple[Conversation, Message]]:
        now = utcnow()
        return self._notify_tickets(
            lambda session: flow.expire_waiting(session, now - self.handoff.max_wait, self._schedule(session), now)
        )

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

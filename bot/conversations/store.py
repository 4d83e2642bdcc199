"""The message store: the one write path of messages and their sequence numbers.

Every message, inbound or outbound, is written here, in plain SQL on the session's connection
(bot/conversations/turn_sql.py says why); whatever else a unit of work changes through the ORM
is committed in the same transaction.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import utcnow
from bot.conversations import turn_sql
from bot.conversations.address import speak
from bot.conversations.drafts import Draft, awaits, system_meta
from bot.conversations.features import Features
from bot.conversations.models import Awaiting, Conversation, Message, Mode
from bot.personal_numbers.kinds import Kind
from bot.personal_numbers.masking import mask
from bot.personal_numbers.notice import MASKED_NOTICE, notice_text

T = TypeVar("T")
OFFERED_WINDOW = 30  # bot messages back in which a pressed button still counts as offered


@dataclass
class Said:
    """Messages a unit of work wants stored with its changes (see ConversationService.transact)."""

    conversation_id: int
    drafts: list[Draft]
    reply_to: int | None = None


Unit = Callable[[Session], tuple[T, "Said | None"]]


class MessageStore:
    """Stores inbound and outbound messages, numbered in commit order per conversation."""

    def __init__(self, sessions: sessionmaker[Session], features: Features) -> None:
        self.sessions = sessions
        self.features = features
        # What the resident typed, before masking, for as long as the inbound message object lives
        # (the turn that answers it): only a handler that asked for a number reads it (features.py).
        self._as_typed: weakref.WeakKeyDictionary[Message, str] = weakref.WeakKeyDictionary()

    # -- conversations -----------------------------------------------------------------

    @staticmethod
    def find_or_create(session: Session, channel: str, external_id: str) -> Conversation:
        found = session.scalar(
            select(Conversation).where(Conversation.channel == channel, Conversation.external_id == external_id)
        )
        if found:
            return found
        conversation = Conversation(channel=channel, external_id=external_id, mode=Mode.BOT, last_seq=0)
        session.add(conversation)
        session.flush()
        return conversation

    def conversation_id_of(self, channel: str, external_id: str) -> int | None:
        """The id of a channel user's conversation, if they have one (a read: nothing is created)."""
        with self.sessions() as session:
            return session.scalar(
                select(Conversation.id).where(Conversation.channel == channel, Conversation.external_id == external_id)
            )

    def load_conversation(self, conversation_id: int) -> Conversation:
        with self.sessions() as session:
            return session.get_one(Conversation, conversation_id)

    # -- inbound -----------------------------------------------------------------------

    def store_inbound(
        self,
        channel: str,
        external_id: str,
        text: str,
        client_id: str | None,
        meta: dict[str, Any],
        network: str | None = None,
    ) -> tuple[Conversation, Message, bool]:
        # One transaction finds (or creates) the conversation and stores the message. The first try
        # assumes the usual case (no race, no duplicate); a clash on either unique key (the
        # conversation, or the client_id) is retried carefully: the winner's rows are read first.
        for attempt in range(3):
            with self.sessions() as session:
                try:
                    return self.inbound(
                        session, channel, external_id, text, client_id, meta, careful=attempt > 0, network=network
                    )
                except IntegrityError:
                    session.rollback()
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")

    def inbound(
        self,
        session: Session,
        channel: str,
        external_id: str,
        text: str,
        client_id: str | None,
        meta: dict[str, Any],
        careful: bool = False,
        network: str | None = None,
    ) -> tuple[Conversation, Message, bool]:
        """Stores a resident's message, its personal numbers masked (bot/personal_numbers/masking.py), and commits:
        (conversation, message, whether seen before). The kinds masked are in meta["masked"]; the text as
        typed stays in memory only (as_typed).

        Not careful: an IntegrityError if the client_id was stored before or the conversation was
        created concurrently. Careful: the conversation is found (or created) and a message with the
        same client_id given back, before the same write."""
        if careful:
            conversation = self.find_or_create(session, channel, external_id)
            if client_id:
                existing = session.scalar(
                    select(Message).where(Message.conversation_id == conversation.id, Message.client_id == client_id)
                )
                if existing:
                    session.commit()
                    return conversation, existing, True
        masked = mask(text)
        if masked.changed:
            meta = {**meta, "masked": [kind.value for kind in masked.kinds]}
        conn, now = session.connection(), utcnow()
        # The row update also serialises writers of one conversation, so seq order is commit order.
        row = turn_sql.bump_seq_of_user(conn, channel, external_id, now, network)
        if row is None:
            conversation_id, mode, seq = turn_sql.insert_conversation(conn, channel, external_id, 1, now, network), Mode.BOT, 1
        else:
            conversation_id, mode, seq = row
        inbound = turn_sql.new_message(
            conversation_id=conversation_id,
            seq=seq,
            direction="in",
            text=masked.text,
            meta=meta,
            client_id=client_id,
            status="received",
            created_at=now,
        )
        turn_sql.insert_messages(conn, [inbound])
        session.commit()
        if masked.changed:
            self._as_typed[inbound] = text
        return turn_sql.detached_conversation(conversation_id, channel, external_id, mode, seq), inbound, False

    def as_typed(self, inbound: Message) -> str:
        """An inbound message's text as the resident typed it, while this process still holds the
        message object it stored; else the stored (masked) text."""
        return self._as_typed.get(inbound, inbound.text)

    def tell_masked(self, conversation_id: int, inbound: Message) -> list[Message]:
        """Once per conversation, a kind word that numbers were hidden and why (never send an OTP or a
        password to anyone), stored in reply to the masked message; nothing if it was told before, or if
        the number is the phone number the gateway itself asked for (a call-back)."""
        kinds = [Kind(k) for k in (inbound.meta or {}).get("masked", [])]
        if not kinds:
            return []
        with self.sessions() as session:
            conn = session.connection()
            state = turn_sql.state_of(conn, conversation_id)
            if state is not None and state.awaiting == Awaiting.CALLBACK_PHONE and set(kinds) <= {Kind.PHONE}:
                return []
            told = session.scalar(
                select(Message.id)
                .where(
                    Message.conversation_id == conversation_id,
                    Message.direction == "out",
                    Message.meta["notice"].as_string() == MASKED_NOTICE,
                )
                .limit(1)
            )
            if told is not None:
                return []
            now = utcnow()
            # bump_seq, not bump_seq_saying: what the conversation awaits (a question…) stays awaited
            seq, form = turn_sql.bump_seq(conn, conversation_id, 1, now)
            mode = state.mode if state is not None else Mode.BOT
            draft = Draft(notice_text(kinds), None, system_meta(mode, notice=MASKED_NOTICE))
            notice = self.reply(conversation_id, inbound.seq, draft, seq, now, form)
            turn_sql.insert_messages(conn, [notice])
            session.commit()
            return [notice]

    @staticmethod
    def set_status(session: Session, message_id: int, status: str) -> None:
        turn_sql.set_status(session.connection(), message_id, status)

    def hold(self, inbound_id: int) -> list[Message]:
        """Keeps a message for the volunteer: no reply."""
        with self.sessions() as session:
            self.set_status(session, inbound_id, "held")
            session.commit()
        return []

    # -- outbound ----------------------------------------------------------------------

    def append(self, session: Session, conversation_id: int, reply_to: int | None, drafts: list[Draft]) -> list[Message]:
        """Writes outbound messages in the session's transaction (the caller commits): all the seqs in
        one update, which also records what the conversation now awaits, the rows in one insert."""
        if not drafts:
            return []
        conn, now = session.connection(), utcnow()
        last, form = turn_sql.bump_seq_saying(conn, conversation_id, len(drafts), now, *awaits(drafts[-1]))
        first = last - len(drafts) + 1
        replies = [self.reply(conversation_id, reply_to, draft, first + i, now, form) for i, draft in enumerate(drafts)]
        turn_sql.insert_messages(conn, replies)
        return replies

    def reply(
        self, conversation_id: int, reply_to: int | None, draft: Draft, seq: int, now: datetime, form: str = "bac"
    ) -> Message:
        """The outbound message a draft becomes at a seq, in the conversation's form of address."""
        return turn_sql.new_message(
            conversation_id=conversation_id,
            seq=seq,
            direction="out",
            # a volunteer's words go out as typed; our own texts get the ward's facts and the resident's form
            text=draft.text
            if draft.meta.get("source") == "volunteer"
            else speak(self.features.fill(draft.text), form, own_text=draft.meta.get("source") != "faq"),
            buttons=self.features.buttons(draft, seq),
            meta=draft.meta,
            status="pending",
            reply_to=reply_to,
            created_at=now,
        )

    def transact(self, unit: Unit[T]) -> tuple[T, Said | None, list[Message]]:
        with self.sessions() as session:
            result, said = unit(session)
            replies = self.append(session, said.conversation_id, said.reply_to, said.drafts) if said else []
            session.commit()
            return result, said, replies

    def say_to(self, produce: Callable[[Session], list[tuple[int, Draft]]]) -> list[tuple[Conversation, Message]]:
        """Runs produce(session) → [(conversation id, draft)] and stores each draft in its conversation."""
        with self.sessions() as session:
            stored = []
            notices = produce(session)
            ids = {conversation_id for conversation_id, _ in notices}
            # all their conversations in one query, not one each
            conversations = (
                {c.id: c for c in session.scalars(select(Conversation).where(Conversation.id.in_(ids)))} if ids else {}
            )
            for conversation_id, draft in notices:
                conversation = conversations[conversation_id]
                stored += [(conversation, m) for m in self.append(session, conversation.id, None, [draft])]
            session.commit()
            return stored

    # -- reading -----------------------------------------------------------------------

    def offered(self, channel: str, external_id: str, payload: str) -> bool:
        """True if one of the conversation's latest bot messages offered this button payload: a client
        may press what it was shown, never name a payload of its own ("/emergency")."""
        with self.sessions() as session:
            recent = session.scalars(
                select(Message.buttons)
                .join(Conversation, Message.conversation_id == Conversation.id)
                .where(
                    Conversation.channel == channel,
                    Conversation.external_id == external_id,
                    Message.direction == "out",
                )
                .order_by(Message.seq.desc())
                .limit(OFFERED_WINDOW)
            )
            return any(isinstance(b, dict) and b.get("payload") == payload for buttons in recent for b in buttons or ())

    def replies_to(self, conversation_id: int, seq: int) -> list[Message]:
        with self.sessions() as session:
            return list(
                session.scalars(
                    select(Message)
                    .where(Message.conversation_id == conversation_id, Message.reply_to == seq)
                    .order_by(Message.seq)
                )
            )

    def history(self, conversation_id: int, after_seq: int) -> list[Message]:
        with self.sessions() as session:
            return list(
                session.scalars(
                    select(Message)
                    .where(Message.conversation_id == conversation_id, Message.seq > after_seq)
                    .order_by(Message.seq)
                )
            )

    def said_after(self, channel: str, external_id: str, after_seq: int, limit: int) -> list[Message]:
        """What the gateway said to a channel user after a sequence number (outbound only), at most
        `limit`, in order; nothing for a user it has never heard from (no conversation is created)."""
        with self.sessions() as session:
            return list(
                session.scalars(
                    select(Message)
                    .join(Conversation, Message.conversation_id == Conversation.id)
                    .where(
                        Conversation.channel == channel,
                        Conversation.external_id == external_id,
                        Message.direction == "out",
                        Message.seq > after_seq,
                    )
                    .order_by(Message.seq)
                    .limit(limit)
                )
            )

    def unanswered(self) -> list[tuple[Conversation, Message]]:
        with self.sessions() as session:
            rows = session.execute(
                select(Conversation, Message)
                .join(Message, Message.conversation_id == Conversation.id)
                .where(Message.direction == "in", Message.status == "received")
                .order_by(Message.id)
            ).all()
            return [(conversation, message) for conversation, message in rows]

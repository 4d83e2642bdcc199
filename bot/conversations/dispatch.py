"""Before the bot: the replies the gateway gives itself, from the handlers features registered, and the
holds a message waits behind; all in one session, the turn's only one before the bot."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.conversations import holds, turn_sql
from bot.conversations.drafts import Draft, system_meta
from bot.conversations.features import STALE_BUTTON
from bot.conversations.models import Conversation, Later, Message, Mode
from bot.conversations.store import MessageStore


@dataclass(frozen=True)
class Handled:
    """What became of a resident's message before the bot: the conversation as it is now, and either the
    replies the gateway stored itself, or `waiting` (typed text while the resident waits for a person),
    or neither (the bot answers). `later`: the message is answered later, and by whom."""

    conversation: Conversation
    replies: list[Message] | None = None
    waiting: bool = False
    later: Later | None = None

    @property
    def for_the_bot(self) -> bool:
        return self.replies is None and not self.waiting


def handle_here(
    store: MessageStore, conversation_id: int, inbound: Message, payload: str | None, retrying: bool = False
) -> Handled:
    """Buttons, awaited answers and conversations a person has, dispatched to the features' handlers; a
    message for the bot waits behind the conversation's held ones (unless it is one, being retried)."""
    features = store.features
    with store.sessions() as session:
        if payload is None:
            # The usual case, read in one plain query: a conversation with the bot, which awaits
            # no typed answer (a phone number, a call-back question, a rating comment), has no
            # messages waiting for the bot, and no feature answers itself (a request about the
            # resident's data).
            state = turn_sql.state_of(session.connection(), conversation_id)
            if state is not None and state.mode == Mode.BOT and state.awaiting is None and not features.recognizes(inbound.text):
                conversation = turn_sql.detached_conversation(
                    conversation_id, state.channel, state.external_id, state.mode, state.last_seq
                )
                if not state.held:
                    return Handled(conversation)
                return _behind_held(session, conversation, inbound, retrying)
        conversation = session.get_one(Conversation, conversation_id)
        if conversation.mode == Mode.WAITING and payload is None:
            return Handled(conversation, waiting=True)
        # The inbound message's row is only written, never read: its text and seq came with it.
        drafts: list[Draft] | None
        if conversation.mode != Mode.BOT:
            # A person has (or will have) the conversation: the bot stays silent.
            drafts = features.on_held_payload(session, conversation, payload) if payload else []
            status = "answered" if drafts else "held"
        elif payload and payload.startswith("#"):
            drafts = features.on_payload(session, conversation, payload)
            drafts = drafts or [Draft(STALE_BUTTON, None, system_meta(conversation.mode))]
            status = "answered"
        elif payload is None and (drafts := features.on_typed(session, conversation, inbound.text)) is not None:
            status = "answered"
        elif (
            payload is None
            and (drafts := features.on_awaited(session, conversation, inbound.text, store.as_typed(inbound))) is not None
        ):
            status = "answered"
        else:
            return _behind_held(session, conversation, inbound, retrying)
        store.set_status(session, inbound.id, status)
        replies = store.append(session, conversation.id, inbound.seq, drafts)
        session.commit()
        return Handled(conversation, replies, later=Later.PERSON if status == "held" else None)


def _behind_held(session: Session, conversation: Conversation, inbound: Message, retrying: bool) -> Handled:
    """A message for the bot: if earlier messages of the conversation wait for it, this one waits behind
    them, in order (no replies now); else the bot answers it. A retried message is one of the held."""
    if not retrying and holds.defer_behind(session, conversation.id, inbound.id):
        session.commit()
        return Handled(conversation, replies=[], later=Later.BOT)
    return Handled(conversation)

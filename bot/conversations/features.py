"""What features add to the conversation core, registered when the app is built (bot/app.py).

The core stores messages, numbers them, asks the bot and publishes; it knows no feature. A feature
(handoff, feedback, ward facts…) registers handlers here: for the buttons whose payload starts with
its prefix, for the typed answers a conversation awaits, for an escalation the bot asks for, and to
decorate the replies. The core dispatches to them.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from sqlalchemy.orm import Session

from bot.conversations.drafts import Draft
from bot.conversations.models import Awaiting, Conversation, Message

logger = logging.getLogger(__name__)

# A button of ours ("#…") nobody handles any more.
STALE_BUTTON = "Dạ, nút này đã hết hiệu lực ạ. Bác cần hỏi gì cứ nhắn cho con nhé."
Buttons = list[dict[str, str]]


class PayloadHandler(Protocol):
    """A button's payload → the drafts to say (in the same transaction); None: not one of mine."""

    def __call__(self, session: Session, conversation: Conversation, payload: str) -> list[Draft] | None: ...


class AwaitedHandler(Protocol):
    """A typed text the conversation awaited → the drafts to say; None: let the bot answer it."""

    def __call__(self, session: Session, conversation: Conversation, text: str) -> list[Draft] | None: ...


class TypedHandler(Protocol):
    """A typed text a feature answers itself, before the bot → the drafts to say; None: let the bot answer."""

    def __call__(self, session: Session, conversation: Conversation, text: str) -> list[Draft] | None: ...


class EscalationHandler(Protocol):
    """The bot (or a feature) asks for a person: the drafts that say what happens."""

    def __call__(self, session: Session, conversation_id: int, reason: str, context: dict[str, object] | None) -> list[Draft]: ...


class ButtonsDecorator(Protocol):
    """The buttons an outbound message goes out with, once it has its seq."""

    def __call__(self, draft: Draft, seq: int, buttons: Buttons | None) -> Buttons | None: ...


class TextFiller(Protocol):
    """Our own texts as residents read them (ward facts filled in)."""

    def __call__(self, text: str) -> str: ...


class RepliesHook(Protocol):
    """Runs after a resident's message was answered and the replies published."""

    def __call__(self, replies: Sequence[Message]) -> Awaitable[None]: ...


class Features:
    """The registry: features add handlers, the core dispatches to them."""

    def __init__(self) -> None:
        self._payloads: list[tuple[str, PayloadHandler]] = []
        self._held: list[PayloadHandler] = []
        self._awaited: dict[Awaiting, AwaitedHandler] = {}
        self._typed: list[tuple[Callable[[str], bool], TypedHandler]] = []
        self._as_typed: set[Awaiting] = set()
        self._escalation: EscalationHandler | None = None
        self._decorators: list[ButtonsDecorator] = []
        self._fillers: list[TextFiller] = []
        self.after_replies: list[RepliesHook] = []
        self.on_queue_change: list[Callable[[], Awaitable[None]]] = []

    # -- registering -------------------------------------------------------------------

    def payload(self, prefix: str, handler: PayloadHandler) -> None:
        """Buttons whose payload starts with prefix ("#…"), while the bot has the conversation."""
        self._payloads.append((prefix, handler))

    def while_held(self, handler: PayloadHandler) -> None:
        """Buttons pressed while a person has (or will have) the conversation: the bot stays silent."""
        self._held.append(handler)

    def awaited(self, kind: Awaiting, handler: AwaitedHandler, as_typed: bool = False) -> None:
        """The handler of a typed answer the conversation awaits. as_typed: it gets the text as the resident
        typed it, personal numbers unmasked (the call-back's phone number); every other handler, and
        everything stored, gets the masked text."""
        self._awaited[kind] = handler
        if as_typed:
            self._as_typed.add(kind)

    def typed(self, recognizes: Callable[[str], bool], handler: TypedHandler) -> None:
        """Typed texts a feature answers itself while the bot has the conversation (a resident's request
        about their data), before an awaited answer or the bot. recognizes(text) runs on every message:
        it must be cheap."""
        self._typed.append((recognizes, handler))

    def escalation(self, handler: EscalationHandler) -> None:
        self._escalation = handler

    def decorate_buttons(self, decorator: ButtonsDecorator) -> None:
        self._decorators.append(decorator)

    def fill_text(self, filler: TextFiller) -> None:
        self._fillers.append(filler)

    # -- dispatching (the core) --------------------------------------------------------

    def on_payload(self, session: Session, conversation: Conversation, payload: str) -> list[Draft] | None:
        """The first registered handler's drafts for the payload; None if none takes it."""
        for prefix, handler in self._payloads:
            if payload.startswith(prefix) and (drafts := handler(session, conversation, payload)) is not None:
                return drafts
        return None

    def on_held_payload(self, session: Session, conversation: Conversation, payload: str) -> list[Draft]:
        for handler in self._held:
            if (drafts := handler(session, conversation, payload)) is not None:
                return drafts
        return []

    def recognizes(self, text: str) -> bool:
        """True if a feature may answer this typed text itself (checked before the fast path to the bot)."""
        return any(recognizes(text) for recognizes, _ in self._typed)

    def on_typed(self, session: Session, conversation: Conversation, text: str) -> list[Draft] | None:
        for recognizes, handler in self._typed:
            if recognizes(text) and (drafts := handler(session, conversation, text)) is not None:
                return drafts
        return None

    def on_awaited(
        self, session: Session, conversation: Conversation, text: str, as_typed: str | None = None
    ) -> list[Draft] | None:
        """The drafts of the handler of what the conversation awaits; text is masked, as_typed is not."""
        kind = conversation.awaiting
        handler = self._awaited.get(kind) if kind else None
        if handler is None:
            return None
        return handler(session, conversation, as_typed if as_typed is not None and kind in self._as_typed else text)

    def escalate(
        self, session: Session, conversation_id: int, reason: str, context: dict[str, object] | None = None
    ) -> list[Draft]:
        """What the registered escalation says; nothing if no feature takes escalations."""
        return self._escalation(session, conversation_id, reason, context) if self._escalation else []

    def buttons(self, draft: Draft, seq: int) -> Buttons | None:
        buttons = draft.buttons
        for decorate in self._decorators:
            buttons = decorate(draft, seq, buttons)
        return buttons

    def fill(self, text: str) -> str:
        for filler in self._fillers:
            text = filler(text)
        return text

    async def replied(self, replies: Sequence[Message]) -> None:
        for hook in self.after_replies:
            await hook(replies)

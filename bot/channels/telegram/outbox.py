"""Outbound delivery: one ordered queue per chat, retries with backoff, `delivered` once sent."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.channels.telegram import keyboard
from bot.channels.telegram.split import split_text
from bot.channels.telegram.texts import CHOOSE_BELOW, shown_text
from bot.conversations.models import Conversation, Message
from bot.redaction import redact

logger = logging.getLogger(__name__)

ATTEMPTS = 4  # per part: the first try and three retries
BACKOFF_S = 1.0  # doubled after every failed try
DRAIN_S = 5.0  # how long stop() lets queued messages go out before giving up on them


@dataclass
class Outgoing:
    """A message for a chat: a stored reply (conversation_id and seq set) or a channel notice."""

    text: str
    buttons: list[dict[str, Any]] | None = None
    conversation_id: int | None = None
    seq: int | None = None

    @property
    def key(self) -> tuple[int, int] | None:
        """Identifies a stored message, so it is never queued twice."""
        return (self.conversation_id, self.seq) if self.conversation_id is not None and self.seq is not None else None


class Outbox:
    """Sends in order within a chat, chats independently; never raises into its callers."""

    def __init__(self, bot: Bot, sessions: sessionmaker[Session]) -> None:
        self.bot = bot
        self.sessions = sessions
        self._queues: dict[int, deque[Outgoing]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}
        self._queued: set[tuple[int, int]] = set()
        self._running = False

    def put(self, chat_id: int, item: Outgoing) -> None:
        """Queues a message for the chat (a stored message already queued is ignored)."""
        if item.key is not None:
            if item.key in self._queued:
                return
            self._queued.add(item.key)
        self._queues.setdefault(chat_id, deque()).append(item)
        self._wake(chat_id)

    def start(self) -> None:
        """Starts sending what was queued so far and everything queued from now on."""
        self._running = True
        for chat_id in list(self._queues):
            self._wake(chat_id)

    async def stop(self, grace_s: float = DRAIN_S) -> None:
        """Lets queued messages go out for a moment, then cancels (stored ones stay `pending`)."""
        self._running = False
        workers = list(self._workers.values())
        if not workers:
            return
        _done, late = await asyncio.wait(workers, timeout=grace_s)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)

    async def queue_pending(self) -> int:
        """Queues stored Telegram replies never delivered (the process stopped first); returns how many."""
        rows = await asyncio.to_thread(self._pending)
        for chat_id, item in rows:
            self.put(chat_id, item)
        return len(rows)

    # -- sending ----------------------------------------------------------------------

    def _wake(self, chat_id: int) -> None:
        if self._running and chat_id not in self._workers and self._queues.get(chat_id):
            self._workers[chat_id] = asyncio.create_task(self._work(chat_id), name=f"telegram-outbox-{chat_id}")

    async def _work(self, chat_id: int) -> None:
        # One worker per chat with something to send: order within the chat, no waiting on others.
        queue = self._queues[chat_id]
        try:
            while queue:  # after stop() a running worker keeps going until its grace period ends
                item = queue[0]
                try:
                    await self._deliver(chat_id, item)
                except Exception as error:  # a bug must not silence the chat for good
                    logger.error("Telegram delivery failed unexpectedly: %s", redact(f"{type(error).__name__}: {error}"))
                    logger.debug("Traceback of the failed delivery", exc_info=error)
                queue.popleft()
                if item.key is not None:
                    self._queued.discard(item.key)
        finally:
            self._workers.pop(chat_id, None)
            if not queue:
                self._queues.pop(chat_id, None)

    async def _deliver(self, chat_id: int, item: Outgoing) -> None:
        parts = split_text(item.text) or ([CHOOSE_BELOW] if item.buttons else [])
        reply_markup = keyboard.markup(item.seq, item.buttons) if item.seq is not None else None
        for number, part in enumerate(parts, start=1):
            last = number == len(parts)
            outcome = await self._send(chat_id, part, reply_markup if last else None)
            if outcome != "sent":
                if outcome == "refused":
                    await self._set_status(item, "failed")  # resending would be refused again
                return  # "unsent": stays pending, sent again at the next start
        await self._set_status(item, "delivered")

    async def _send(self, chat_id: int, text: str, reply_markup: Any) -> str:
        """'sent', 'refused' (Telegram will never accept it) or 'unsent' (gave up for now)."""
        delay = BACKOFF_S
        for attempt in range(1, ATTEMPTS + 1):
            try:
                # Plain text on purpose: no parse_mode, so nothing in a reply is read as markup.
                await self.bot.send_message(chat_id=chat_id, text=text, reply_markup=reply_markup)
                return "sent"
            except (Forbidden, BadRequest, ChatMigrated) as error:  # blocked bot, bad chat, bad text
                logger.warning("Telegram refused a message: %s", redact(str(error)))
                return "refused"
            except RetryAfter as error:  # the rate limiter already waited and retried; wait once more
                wait_s = max(_seconds(error.retry_after), delay)
                logger.warning("Telegram flood limit, attempt %d/%d: waiting %.1f s", attempt, ATTEMPTS, wait_s)
            except NetworkError as error:  # includes TimedOut and Telegram's 5xx
                wait_s = delay
                logger.warning("Telegram unreachable, attempt %d/%d: %s", attempt, ATTEMPTS, redact(str(error)))
            except TelegramError as error:
                logger.warning("Telegram error while sending: %s", redact(str(error)))
                return "unsent"
            if attempt < ATTEMPTS:
                await asyncio.sleep(wait_s)
                delay *= 2
        logger.error("Gave up sending to a Telegram chat after %d attempts; it stays pending", ATTEMPTS)
        return "unsent"

    # -- database (in a worker thread) -------------------------------------------------

    async def _set_status(self, item: Outgoing, status: str) -> None:
        key = item.key  # (conversation_id, seq) of a stored message
        if key is not None:
            conversation_id, seq = key
            await asyncio.to_thread(self._update_status, conversation_id, seq, status)

    def _update_status(self, conversation_id: int, seq: int, status: str) -> None:
        with self.sessions() as session:
            session.execute(
                update(Message).where(Message.conversation_id == conversation_id, Message.seq == seq).values(status=status)
            )
            session.commit()

    def _pending(self) -> list[tuple[int, Outgoing]]:
        with self.sessions() as session:
            rows = session.execute(
                select(Conversation.external_id, Message)
                .join(Message, Message.conversation_id == Conversation.id)
                .where(Conversation.channel == "telegram", Message.direction == "out", Message.status == "pending")
                .order_by(Message.id)
            ).all()
        pending = []
        for external_id, message in rows:
            try:
                chat_id = int(external_id)
            except ValueError:
                continue
            pending.append(
                (chat_id, Outgoing(shown_text(message.text, message.meta), message.buttons, message.conversation_id, message.seq))
            )
        return pending


def _seconds(value: Any) -> float:
    # PTB gives retry_after as int seconds or as a timedelta, depending on its settings.
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)

"""The retrier: answers held messages once the bot is back, and hands to a person what waited too long.

Runs in every gateway instance for as long as the app runs (bot/app.py). Each tick it
  1. if conversations have held messages and an attempt is due: asks Rasa's and the action server's
     health (one cheap GET each);
     if it answers, each held conversation is claimed (bot/conversations/holds.py: one instance
     wins) and its messages are answered by the bot one by one, in order, through the usual turn,
     so the replies are stored and published (widget, Telegram) as usual. A failure backs off;
  2. hands to a person the holds older than the hold time (bot_outage_hold_s) — one
     `bot_unavailable` escalation per conversation, however many messages it held — and those whose
     resident meanwhile asked for a person (their messages are kept for the volunteer).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import utcnow
from bot.conversations import holds
from bot.conversations.drafts import Draft
from bot.conversations.models import Conversation, Mode
from bot.conversations.service import ConversationService
from bot.conversations.turn import unavailable_draft

logger = logging.getLogger(__name__)

BOT_UNAVAILABLE = "bot_unavailable"  # the handoff reason (bot.handoff.models.HandoffReason)
R = TypeVar("R")


@dataclass(frozen=True)
class RetryTiming:
    """How often the retrier looks, and how it backs off while the bot stays unavailable."""

    hold: timedelta = timedelta(seconds=60)  # then a person takes over
    tick_s: float = 1.0  # how often held conversations are looked at (a read of a table empty in normal times)
    first_backoff_s: float = 1.0  # after a failed try, the next one waits this long, then twice as long…
    max_backoff_s: float = 10.0
    lease: timedelta = timedelta(seconds=60)  # a claim outlives a dead instance by at most this
    concurrency: int = 8  # held conversations answered at once (each in order)


class Retrier:
    """Answers held messages when the bot is back; escalates the conversations it cannot answer in time."""

    def __init__(
        self,
        service: ConversationService,
        timing: RetryTiming | None = None,
        ready: Callable[[], Awaitable[bool]] | None = None,
    ) -> None:
        self.service = service
        self.timing = timing or RetryTiming()
        # a cheap health check before any held message is sent again (default: Rasa's own)
        self.ready = ready or service.rasa.ready
        # who claims holds: unique per process (several instances, and a restarted one, never share it)
        self.worker = f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._backoff_s = 0.0
        self._next_try = 0.0  # loop time of the next health check and retry

    async def run(self) -> None:
        """Ticks until cancelled; a failing tick (a database hiccup) is logged, not fatal."""
        while True:
            try:
                await self.tick()
            except Exception:
                logger.exception("Retrying held messages failed")
            await asyncio.sleep(self.timing.tick_s)

    async def tick(self) -> tuple[int, int]:
        """One pass: (messages the bot answered, conversations handed to a person)."""
        sessions = self.service.sessions
        answered = 0
        waiting = await asyncio.to_thread(_read, sessions, lambda s: holds.waiting(s, utcnow()))
        loop = asyncio.get_running_loop()
        if waiting and loop.time() >= self._next_try:
            answered, failed = await self._retry_all(waiting)
            if failed:
                self._backoff_s = min(max(self._backoff_s * 2, self.timing.first_backoff_s), self.timing.max_backoff_s)
                self._next_try = loop.time() + self._backoff_s
            else:
                self._backoff_s, self._next_try = 0.0, 0.0
        escalated = await self._hand_over_due() if waiting else 0
        return answered, escalated

    # -- 1. the bot answers -------------------------------------------------------------

    async def _retry_all(self, conversation_ids: list[int]) -> tuple[int, bool]:
        """(messages answered, whether the bot failed): nothing is tried while Rasa's health check fails."""
        if not await self.ready():
            return 0, True
        gate = asyncio.Semaphore(self.timing.concurrency)
        failed = asyncio.Event()

        async def one(conversation_id: int) -> int:
            async with gate:
                if failed.is_set():  # the bot failed elsewhere in this pass: keep the rest for the next try
                    return 0
                answered, ok = await self._retry_conversation(conversation_id)
                if not ok:
                    failed.set()
                return answered

        counts = await asyncio.gather(*(one(c) for c in conversation_ids))
        if sum(counts):
            logger.info("Answered %d held message(s) now that the bot is back", sum(counts))
        return sum(counts), failed.is_set()

    async def _retry_conversation(self, conversation_id: int) -> tuple[int, bool]:
        """Answers one conversation's held messages in order: (how many, False if the bot failed)."""
        sessions, worker, lease = self.service.sessions, self.worker, self.timing.lease
        version = await asyncio.to_thread(_write, sessions, lambda s: holds.claim(s, conversation_id, worker, utcnow(), lease))
        if version is None:
            return 0, True  # another instance has it, or it is gone
        conversation = await asyncio.to_thread(_read, sessions, lambda s: s.get_one(Conversation, conversation_id))
        answered = 0
        while True:
            for inbound in await asyncio.to_thread(_read, sessions, lambda s: holds.held_messages(s, conversation_id)):
                renewed = await asyncio.to_thread(
                    _write, sessions, lambda s: holds.renew(s, conversation_id, worker, utcnow(), lease)
                )
                if renewed is None:
                    return answered, True  # escalated meanwhile, or a lease lost: someone else goes on
                if not await self.service.retry(conversation, inbound):
                    await asyncio.to_thread(_write, sessions, lambda s: holds.unclaim(s, conversation_id, worker))
                    return answered, False
                answered += 1
            # done, unless a message was held into it meanwhile: then its version moved, and round again
            if await asyncio.to_thread(_write, sessions, lambda s, v=version: holds.release(s, conversation_id, worker, v)):
                return answered, True
            version = await asyncio.to_thread(
                _write, sessions, lambda s: holds.renew(s, conversation_id, worker, utcnow(), lease)
            )
            if version is None:
                return answered, True

    # -- 2. a person takes over --------------------------------------------------------

    async def _hand_over_due(self) -> int:
        """Escalates, once each, the held conversations still unanswered after the hold time; a conversation
        a person has already gets its held messages kept for them, without a word."""
        features, worker, timing = self.service.features, self.worker, self.timing

        escalated: list[int] = []

        def hand_over(session: Session) -> list[tuple[int, Draft]]:
            now = utcnow()
            said: list[tuple[int, Draft]] = []
            escalated.clear()  # (say_to runs this once; cleared anyway, so a count is never doubled)
            for conversation_id in holds.claim_for_a_person(session, worker, now - timing.hold, now, timing.lease):
                if mode_of(session, conversation_id) != Mode.BOT:
                    holds.hand_over(session, conversation_id)
                    continue
                escalated.append(conversation_id)
                notice = unavailable_draft(Mode.BOT, features)
                notice.meta.update(handoff=True, handoff_reason=BOT_UNAVAILABLE)
                queued = features.escalate(session, conversation_id, BOT_UNAVAILABLE, None)
                said += [(conversation_id, draft) for draft in [notice, *queued]]
                if mode_of(session, conversation_id) != Mode.BOT:
                    holds.hand_over(session, conversation_id)  # queued: the volunteer reads what it held
                else:  # out of hours (a call-back offered) or refused: the bot answers them when it is back
                    holds.escalated_without_a_person(session, conversation_id, now)
            return said

        if await self.service.say_to(hand_over):
            await self.service.queue_changed()
        if escalated:
            logger.warning("Bot still unavailable: %d held conversation(s) handed to a person", len(escalated))
        return len(escalated)


def mode_of(session: Session, conversation_id: int) -> Mode | None:
    """Who has the conversation now, as the database says (after an escalation in this transaction)."""
    return session.scalar(select(Conversation.mode).where(Conversation.id == conversation_id))


def _read(sessions: sessionmaker[Session], read: Callable[[Session], R]) -> R:
    with sessions() as session:
        return read(session)


def _write(sessions: sessionmaker[Session], write: Callable[[Session], R]) -> R:
    with sessions() as session:
        result = write(session)
        session.commit()
        return result

"""Residents' data as a feature of the conversation core, registered when the app is built (bot/app.py).

A typed "xem dữ liệu của tôi" gets a summary of what is kept; "xóa dữ liệu của tôi" asks for
confirmation (Xóa / Không) and «Xóa» erases the conversation, in the application database and Rasa's
tracker, once the reply saying so has gone out. The widget's «Xóa cuộc trò chuyện» erases through
`erase` directly. Every socket watching an erased conversation hears {"type": "erased"}, so the
browser clears what it kept. The retention job runs here too, each conversation under its lock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.conversations.drafts import Draft, system_meta
from bot.conversations.models import Conversation, Message, Mode
from bot.conversations.service import ConversationService
from bot.handoff.callback_phones import DEFAULT_KEEP as DEFAULT_PHONE_KEEP
from bot.privacy import texts
from bot.privacy.erasure import Erased, Eraser, erase
from bot.privacy.requests import DataRequest, read_request
from bot.privacy.retention import DEFAULT_AUDIT_KEEP, RetentionReport, batches_due, cutoff_of, sweep
from bot.privacy.summary import kept_about, summary_text
from bot.privacy.tracker import RasaTracker

logger = logging.getLogger(__name__)

ERASE_AFTER_REPLY = "erase"  # meta["privacy"] of the reply after which the conversation is erased


def _saying(conversation_id: int, text: str) -> Callable[[Session], list[tuple[int, Draft]]]:
    """A notice for ConversationService.say_to."""
    return lambda _session: [(conversation_id, Draft(text, None, system_meta(Mode.BOT)))]


class Privacy:
    """The resident's requests about their data, erasure, and the retention job, for a ConversationService."""

    failed_text = texts.ERASE_FAILED

    @staticmethod
    def erased_frame() -> dict[str, str]:
        """What sockets watching an erased conversation receive (bot/channels/web/socket.py)."""
        return {"type": "erased", "text": texts.ERASED}

    def __init__(
        self,
        service: ConversationService,
        tracker: RasaTracker,
        retention_days: int,
        phone_keep: timedelta = DEFAULT_PHONE_KEEP,
        audit_keep: timedelta = DEFAULT_AUDIT_KEEP,
    ) -> None:
        self.service = service
        self.tracker = tracker
        self.retention_days = retention_days
        self.phone_keep = phone_keep  # a closed call-back's phone number, then deleted
        self.audit_keep = audit_keep  # the access log's rows and the phone numbers' reads, then deleted

    def install(self) -> Privacy:
        features = self.service.features
        features.typed(lambda text: read_request(text) is not None, self.on_typed)
        features.payload(texts.PREFIX, self.on_payload)
        features.after_replies.append(self.after_replies)
        return self

    # -- handlers ----------------------------------------------------------------------

    def on_typed(self, session: Session, conversation: Conversation, text: str) -> list[Draft] | None:
        request = read_request(text)
        if request == DataRequest.SHOW:
            summary = summary_text(kept_about(session, conversation.id), utcnow(), self.retention_days)
            return [Draft(summary, None, system_meta(conversation.mode))]
        if request == DataRequest.ERASE:
            return [Draft(texts.CONFIRM_ERASE, [texts.ERASE_BUTTON, texts.KEEP_BUTTON], system_meta(conversation.mode))]
        return None

    @staticmethod
    def on_payload(session: Session, conversation: Conversation, payload: str) -> list[Draft] | None:
        if payload == texts.ERASE_BUTTON["payload"]:
            # said first, so every channel gets it; erased in after_replies, this reply included
            return [Draft(texts.ERASING, None, system_meta(conversation.mode, privacy=ERASE_AFTER_REPLY))]
        if payload == texts.KEEP_BUTTON["payload"]:
            return [Draft(texts.KEPT, None, system_meta(conversation.mode))]
        return None

    async def after_replies(self, replies: Sequence[Message]) -> None:
        for conversation_id in {r.conversation_id for r in replies if (r.meta or {}).get("privacy") == ERASE_AFTER_REPLY}:
            try:
                await self.erase(conversation_id)
            except Exception:
                logger.exception("Erasing conversation %s at its resident's request failed", conversation_id)
                await self.service.say_to(_saying(conversation_id, texts.ERASE_FAILED))

    # -- erasing -----------------------------------------------------------------------

    async def erase(
        self, conversation_id: int, by: Eraser = Eraser.RESIDENT, idle_before: datetime | None = None
    ) -> Erased | None:
        """Erases a conversation under its lock (no turn of it is with Rasa meanwhile), its Rasa tracker in
        the same transaction, then tells its sockets; None if there was nothing (left) to erase. Raises
        if the databases fail: then nothing was erased."""

        def unit(session: Session) -> tuple[Erased | None, None]:
            erased = erase(session, conversation_id, utcnow(), by, idle_before, self._forget_in_rasa)
            return erased, None

        erased, _ = await self.service.transact(unit, conversation_id)
        if erased is None:
            return None
        logger.info("Erased conversation %s (%s, %d message(s))", conversation_id, by, erased.messages)
        await self.service.hub.publish(conversation_id, erased.channel, erased.external_id, self.erased_frame())
        if erased.tickets_closed:
            await self.service.queue_changed()
        return erased

    def _forget_in_rasa(self, erased: Erased) -> None:
        self.tracker.forget([erased.rasa_sender])

    # -- retention ---------------------------------------------------------------------

    async def expire(self, now: datetime | None = None) -> RetentionReport:
        """Erases the conversations whose last message is older than retention_days, then sweeps Rasa's
        tracker and the stored Telegram updates; a conversation that fails is left for the next run."""
        now = now or utcnow()
        cutoff = cutoff_of(now, self.retention_days)
        sessions = self.service.sessions
        report = RetentionReport()
        batches = batches_due(sessions, cutoff)
        while (batch := await asyncio.to_thread(next, batches, None)) is not None:
            for conversation_id in batch:
                try:
                    report.count(await self.erase(conversation_id, Eraser.RETENTION, idle_before=cutoff))
                except Exception:
                    logger.exception("Erasing conversation %s failed; the next run tries again", conversation_id)
        await asyncio.to_thread(sweep, sessions, self.tracker, cutoff, report, now, self.phone_keep, self.audit_keep)
        if any(
            (
                report.conversations,
                report.tracker_events,
                report.telegram_updates,
                report.callback_phones,
                report.access_log,
                report.phone_reads,
            )
        ):
            logger.info("Retention (%d days): %s", self.retention_days, report)
        return report

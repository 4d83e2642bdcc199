"""The Telegram channel's lifecycle: the PTB application, update intake, delivery and crash recovery."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.error import BadRequest, InvalidToken, TelegramError
from telegram.ext import Application, ContextTypes

from bot.channels.telegram.handlers import CHANNEL, Handlers, TelegramApplication
from bot.channels.telegram.outbox import Outbox, Outgoing
from bot.channels.telegram.processor import ChatOrderedProcessor
from bot.channels.telegram.ratelimit import ChatRateLimiter
from bot.channels.telegram.texts import shown_text
from bot.channels.telegram.updates import UpdateStore
from bot.conversations.service import ConversationService
from bot.ratelimit import RateLimiter
from bot.redaction import redact
from bot.settings import Settings

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
ALLOWED_UPDATES = ["message", "callback_query"]
MAX_CONCURRENT_UPDATES = 64
KEEP_UPDATES = timedelta(days=7)  # Telegram redelivers for 24 h; a week of ids is plenty to spot repeats
RECONNECT_FIRST_S = 1.0  # doubled after each failed attempt, up to RECONNECT_MAX_S
RECONNECT_MAX_S = 60.0


class TelegramNotConfigured(RuntimeError):
    """The settings do not allow the channel to run."""


class TelegramChannel:
    """Receives updates (webhook route or polling), hands them to PTB, sends the service's replies."""

    def __init__(self, settings: Settings, service: ConversationService) -> None:
        self.settings = settings
        self.service = service
        self.mode = settings.telegram_mode
        self.secret = settings.telegram_webhook_secret
        self.store = UpdateStore(service.sessions)
        self.application = self._build(settings)
        self.outbox = Outbox(self.application.bot, service.sessions)
        Handlers(service, self.outbox, RateLimiter(settings.chat_rate_per_minute)).install(self.application)
        self.application.add_error_handler(self._on_error)
        self.ready = False  # True once the bot is initialised and the application processes updates
        self._in_flight: set[int] = set()  # handed to PTB, not finished: never handed twice
        self._failed: set[int] = set()
        self._reconnect: asyncio.Task[None] | None = None

    def _build(self, settings: Settings) -> TelegramApplication:
        builder = (
            Application.builder()
            .token(settings.telegram_token)
            .base_url(settings.telegram_api_base_url)
            .base_file_url(settings.telegram_api_file_url)
            .rate_limiter(ChatRateLimiter(settings.telegram_rate_per_second))
            .concurrent_updates(ChatOrderedProcessor(MAX_CONCURRENT_UPDATES, self._finished))
        )
        if self.mode == "webhook":
            builder = builder.updater(None)  # our FastAPI route feeds the update queue
        return builder.build()

    # -- lifecycle --------------------------------------------------------------------

    async def start(self) -> None:
        """Connects to Telegram, then sends and handles what a previous run left unfinished.

        Run after ConversationService.recover(): replies it made are still pending and are
        sent here, and no update is handled while recover() answers stored messages.
        If Telegram cannot be reached, the gateway starts anyway and keeps trying in the background.
        """
        self._check_settings()
        self.service.hub.on_channel(CHANNEL, self._on_stored_message)
        try:
            await self._open()
        except (InvalidToken, BadRequest) as error:  # configuration, not weather: say so at once
            await self.stop()
            raise TelegramNotConfigured(f"Telegram refused the bot's settings: {error}") from error
        except TelegramError as error:
            logger.warning("Telegram unreachable at start (%s); retrying in the background", redact(str(error)))
            self._reconnect = asyncio.create_task(self._keep_opening(), name="telegram-reconnect")

    async def stop(self) -> None:
        """Stops intake, finishes the updates already taken, lets queued replies go out, closes."""
        self.ready = False
        if self._reconnect:
            self._reconnect.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reconnect
        application = self.application
        if application.updater and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()  # handles every update already queued
        await self.outbox.stop()
        await application.shutdown()

    def _check_settings(self) -> None:
        if not self.settings.telegram_token:
            raise TelegramNotConfigured("TELEGRAM_MODE is on but TELEGRAM_TOKEN is empty")
        if self.mode == "webhook" and not self.secret:
            raise TelegramNotConfigured(
                "TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET: without it anyone could post fake "
                "updates to /telegram/webhook (use 1–256 characters A-Z, a-z, 0-9, _ and -)"
            )

    async def _open(self) -> None:
        # Every step may be repeated after a failure further down.
        await self.application.initialize()  # asks Telegram who the bot is
        if not self.application.running:
            await self.application.start()
        self.outbox.start()
        self.ready = True
        await self._recover()
        await self._connect()

    async def _keep_opening(self) -> None:
        delay = RECONNECT_FIRST_S
        while True:
            await asyncio.sleep(delay)
            try:
                await self._open()
            except (InvalidToken, BadRequest) as error:
                logger.error("Telegram refused the bot's settings, channel stays off: %s", redact(str(error)))
                return
            except Exception as error:  # Telegram or the database still down: try again later
                logger.warning("Telegram channel not ready yet: %s", redact(f"{type(error).__name__}: {error}"))
                delay = min(delay * 2, RECONNECT_MAX_S)
            else:
                logger.info("Telegram channel connected")
                return

    async def _recover(self) -> None:
        sent = await self.outbox.queue_pending()
        unfinished = await self.store.unfinished()
        for update_id, payload in unfinished:
            try:
                self._hand_over(self.parse(payload))
            except ValueError:
                await self.store.finish(update_id, "failed")
        if sent or unfinished:
            logger.info("Telegram: resending %d reply(ies), handling %d stored update(s)", sent, len(unfinished))
        await self.store.prune(KEEP_UPDATES)

    async def _connect(self) -> None:
        if self.mode == "polling":
            updater = self.application.updater
            if updater is None:  # _build leaves the updater out in webhook mode only
                raise RuntimeError("Telegram polling needs the application's updater")
            if not updater.running:
                # start_polling drops a webhook first, so switching modes needs no manual step
                await updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        elif self.settings.telegram_public_url:
            await self.application.bot.set_webhook(
                url=self.settings.telegram_public_url.rstrip("/") + WEBHOOK_PATH,
                secret_token=self.secret,
                allowed_updates=ALLOWED_UPDATES,
            )

    # -- updates in -------------------------------------------------------------------

    def parse(self, payload: dict[str, Any]) -> Update:
        """The update PTB makes of a payload; ValueError if it cannot make one."""
        try:
            return Update.de_json(payload, self.application.bot)
        except Exception as error:  # PTB raises whatever the malformed field provokes
            raise ValueError(f"not a Telegram update: {type(error).__name__}") from error

    async def accept(self, payload: dict[str, Any]) -> bool:
        """Stores a webhook update, then hands it over; False for a redelivery (nothing done)."""
        update = self.parse(payload)
        if not await self.store.add(update.update_id, payload):
            return False
        if self.ready:  # otherwise the start-up sweep of stored updates takes it
            self._hand_over(update)
        return True

    def _hand_over(self, update: Update) -> None:
        # An update swept at start-up may also have just come in through the route: queue it once.
        if update.update_id in self._in_flight:
            return
        self._in_flight.add(update.update_id)
        self.application.update_queue.put_nowait(update)

    async def _finished(self, update: Update) -> None:
        self._in_flight.discard(update.update_id)
        status = "failed" if update.update_id in self._failed else "processed"
        self._failed.discard(update.update_id)
        try:
            await self.store.finish(update.update_id, status)
        except Exception as error:  # left `received`: handled again at the next start, idempotently
            logger.error("Could not mark Telegram update %s %s: %s", update.update_id, status, type(error).__name__)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # Marked failed rather than retried forever: a bug would otherwise strike at every start.
        if isinstance(update, Update):
            self._failed.add(update.update_id)
        error = context.error
        logger.error("Telegram update failed: %s", redact(f"{type(error).__name__}: {error}"))
        logger.debug("Traceback of the failed Telegram update", exc_info=error)

    # -- replies out ------------------------------------------------------------------

    async def _on_stored_message(self, conversation_id: int, external_id: str, wire: dict[str, Any]) -> None:
        """Hub listener: queues every outbound message of a Telegram conversation (never waits)."""
        if wire.get("direction") != "out":
            return
        try:
            chat_id = int(external_id)
        except ValueError:
            logger.warning("Telegram conversation %s has a non-numeric chat id", conversation_id)
            return
        text = shown_text(wire.get("text") or "", wire.get("meta"))
        self.outbox.put(chat_id, Outgoing(text, wire.get("buttons"), conversation_id, wire.get("seq")))

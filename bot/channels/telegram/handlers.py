"""What each kind of Telegram update means to the conversation service."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, TypeAlias

from telegram import CallbackQuery, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    JobQueue,
    MessageHandler,
    filters,
)

from bot.channels.telegram import keyboard
from bot.channels.telegram.outbox import Outbox, Outgoing
from bot.channels.telegram.texts import BUTTON_FAILED, STALE_BUTTON, TEXT_ONLY
from bot.conversations.inputs import InputRejected
from bot.conversations.service import ConversationService, Origin
from bot.ratelimit import RATE_LIMITED_TEXT, RateLimiter
from bot.redaction import redact

logger = logging.getLogger(__name__)

CHANNEL = "telegram"
TELEGRAM = Origin(trusted_payload=True)  # Telegram vouches for its users; their network is Telegram's
# Only new messages: an edit of an old message is not a new question.
NEW_MESSAGE = filters.UpdateType.MESSAGE
# The application runner.py builds: its bot has a rate limiter (ExtBot[int]), the rest is PTB's default.
TelegramApplication: TypeAlias = Application[
    ExtBot[int],
    ContextTypes.DEFAULT_TYPE,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[ContextTypes.DEFAULT_TYPE],
]


class Handlers:
    """PTB callbacks: text, /start and button presses go to the service; anything else gets a notice."""

    def __init__(self, service: ConversationService, outbox: Outbox, limiter: RateLimiter | None = None) -> None:
        self.service = service
        self.outbox = outbox
        self.limiter = limiter

    def install(self, application: TelegramApplication) -> None:
        """Registers the callbacks, most specific first (PTB runs the first match)."""
        application.add_handler(CommandHandler("start", self.on_start, filters=NEW_MESSAGE))
        application.add_handler(MessageHandler(NEW_MESSAGE & filters.TEXT, self.on_text))
        # Photos, stickers, voice, files, locations…; not service notices such as "X joined the group".
        application.add_handler(MessageHandler(NEW_MESSAGE & ~filters.StatusUpdate.ALL, self.on_other))
        application.add_handler(CallbackQueryHandler(self.on_callback))

    async def on_text(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """A typed message; the update_id makes a re-handled update a no-op in the service."""
        chat, message = update.effective_chat, update.effective_message
        if chat is None or message is None:  # never for the message updates this handler is registered for
            return
        await self._receive(chat.id, message.text, f"tg:{update.update_id}")

    async def on_start(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Telegram's first message: shown as "/start", handled by the bot as a greeting."""
        chat = update.effective_chat
        if chat is None:  # never for the message updates this handler is registered for
            return
        await self._receive(chat.id, "/start", f"tg:{update.update_id}", payload="/greet")

    async def on_other(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Anything but text: the bot cannot read it, so say so kindly without asking the bot."""
        chat = update.effective_chat
        if chat is None:  # never for the message updates this handler is registered for
            return
        self.outbox.put(chat.id, Outgoing(TEXT_ONLY))

    async def on_callback(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press: answered in every case, then its stored payload goes to the bot."""
        query = update.callback_query
        if query is None:  # never for the callback query updates this handler is registered for
            return
        chat = update.effective_chat
        answered = False
        notice: str | None = STALE_BUTTON
        try:
            named = keyboard.parse(query.data)
            if chat is None or named is None:
                return
            button = await asyncio.to_thread(self._stored_button, chat.id, *named)
            if button is None:
                return
            # Answer first: Telegram shows a spinner on the button until we do.
            answered = await self._answer(query, None)
            await self._receive(
                chat.id, button.get("title") or button.get("payload"), f"cb:{query.id}", payload=button.get("payload")
            )
        except Exception:
            notice = BUTTON_FAILED
            raise
        finally:
            if not answered:
                await self._answer(query, notice)

    # -- helpers ----------------------------------------------------------------------

    async def _receive(self, chat_id: int, text: object, client_id: str, payload: str | None = None) -> None:
        # The service publishes the bot's replies to the hub; the channel's listener sends them.
        if self.limiter is not None and not self.limiter.allow(f"telegram:{chat_id}"):
            self.outbox.put(chat_id, Outgoing(RATE_LIMITED_TEXT))
            return
        try:
            # payloads here are the server's own: a stored button's, or /start's
            await self.service.receive(CHANNEL, str(chat_id), text, client_id=client_id, payload=payload, origin=TELEGRAM)
        except InputRejected as rejected:
            self.outbox.put(chat_id, Outgoing(rejected.message))

    def _stored_button(self, chat_id: int, seq: int, index: int) -> dict[str, Any] | None:
        with self.service.sessions() as session:
            return keyboard.stored_button(session, chat_id, seq, index)

    @staticmethod
    async def _answer(query: CallbackQuery, text: str | None) -> bool:
        try:
            await query.answer(text=text)
        except TelegramError as error:  # e.g. "query is too old" after a restart: nothing to fix
            logger.warning("Could not answer a Telegram callback query: %s", redact(str(error)))
        return True

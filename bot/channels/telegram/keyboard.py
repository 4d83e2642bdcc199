"""Reply buttons as Telegram inline keyboards, and button presses back to the stored button."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.conversations.models import Conversation, Message

# "<seq>:<index>" names a button of a stored message: always far below Telegram's 64-byte limit,
# whatever the payload, and nothing a resident could forge reaches Rasa except a stored payload.
CALLBACK = re.compile(r"^(\d{1,18}):(\d{1,3})$")


def markup(seq: int, buttons: list[dict[str, Any]] | None) -> InlineKeyboardMarkup | None:
    """One button per row (long Vietnamese titles stay readable on a phone)."""
    if not buttons:
        return None
    rows = [[InlineKeyboardButton(_label(button), callback_data=f"{seq}:{index}")] for index, button in enumerate(buttons)]
    return InlineKeyboardMarkup(rows)


def parse(data: str | None) -> tuple[int, int] | None:
    """The (seq, index) a callback names, or None for anything else."""
    match = CALLBACK.match(data or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def stored_button(session: Session, chat_id: int, seq: int, index: int) -> dict[str, Any] | None:
    """The button `index` of this chat's outbound message `seq`, if there is one."""
    buttons: list[dict[str, Any]] | None = session.scalar(  # the column's type (SQLAlchemy infers Any here)
        select(Message.buttons)
        .join(Conversation, Message.conversation_id == Conversation.id)
        .where(
            Conversation.channel == "telegram",
            Conversation.external_id == str(chat_id),
            Message.seq == seq,
            Message.direction == "out",
        )
    )
    if not buttons or index >= len(buttons):
        return None
    return buttons[index]


def _label(button: dict[str, Any]) -> str:
    # Telegram refuses a button without text.
    return str(button.get("title") or button.get("payload") or "…")[:64]

"""Bot API update payloads as Telegram sends them, and small helpers for the channel's tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

T = TypeVar("T")
TOKEN = "123:ABC"
SECRET = "s3cret_Token-for-tests"
DATE = 1_763_856_000


def user(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": "Lan", "language_code": "vi"}


def chat(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": "Lan"}


def message(update_id: int, chat_id: int, **content: Any) -> dict[str, Any]:
    """An update with a new message; `content` is its text, photo, sticker…"""
    body = {"message_id": update_id, "date": DATE, "chat": chat(chat_id), "from": user(chat_id), **content}
    return {"update_id": update_id, "message": body}


def text(update_id: int, chat_id: int, words: str) -> dict[str, Any]:
    return message(update_id, chat_id, text=words)


def command(update_id: int, chat_id: int, name: str) -> dict[str, Any]:
    entity = {"type": "bot_command", "offset": 0, "length": len(name)}
    return message(update_id, chat_id, text=name, entities=[entity])


def photo(update_id: int, chat_id: int) -> dict[str, Any]:
    size = {"file_id": "AgAD", "file_unique_id": "u1", "width": 90, "height": 90, "file_size": 1000}
    return message(update_id, chat_id, photo=[size])


def callback(update_id: int, chat_id: int, data: str, query_id: str = "4382bfdwdsb323b2d9") -> dict[str, Any]:
    """A press on a button of the bot's message."""
    shown = {"message_id": 1, "date": DATE, "chat": chat(chat_id), "text": "…"}
    query = {"id": query_id, "from": user(chat_id), "chat_instance": "-1234", "data": data, "message": shown}
    return {"update_id": update_id, "callback_query": query}


def eventually(check: Callable[[], T], timeout: float = 10.0, what: str = "condition") -> T:
    """Polls until `check()` is truthy and returns its value; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; last value: {value!r}")
        time.sleep(0.02)


def rows(database_url: str, model: type, *where: Any) -> list[Any]:
    """Rows of a table, read through a connection of the test's own."""
    engine = create_engine(database_url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(model).where(*where)))
    finally:
        engine.dispose()


def post_update(client: Any, update: object, secret: str | bytes | None = SECRET) -> Any:
    """Delivers an update to the webhook as Telegram does."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return client.post("/telegram/webhook", json=update, headers=headers)

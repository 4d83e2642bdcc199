"""Shapes of the chat API (the shape of Rasa's REST channel, plus meta)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ChatRequest(BaseModel):
    """POST /api/chat body. `message` is checked by the service, so any JSON value is accepted here."""

    sender: str = Field(min_length=1, max_length=128)
    message: Any = None


class Button(BaseModel):
    """A quick reply: what it shows and what it sends."""

    title: str
    payload: str


class ChatReply(BaseModel):
    """One bot reply with how it was made."""

    recipient_id: str
    text: str
    buttons: list[Button] | None = None
    meta: dict[str, Any]

"""Shapes of the chat API (the shape of Rasa's REST channel, plus meta)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

# A sender names the integration's own user; control characters (a NUL, which PostgreSQL cannot store) are refused.
SENDER_MAX = 128
SENDER_PATTERN = r"^[^\x00-\x1f\x7f]+$"
Sender = Annotated[str, Field(min_length=1, max_length=SENDER_MAX, pattern=SENDER_PATTERN)]


class ChatRequest(BaseModel):
    """POST /api/chat body. `message` is checked by the service, so any JSON value is accepted here."""

    sender: Sender
    message: Any = None


class Button(BaseModel):
    """A quick reply: what it shows and what it sends."""

    title: str
    payload: str


class ChatReply(BaseModel):
    """One bot reply with how it was made."""

    recipient_id: str
    # its place in the conversation (GET /api/chat/messages?after= reads on from there)
    seq: int
    text: str
    buttons: list[Button] | None = None
    meta: dict[str, Any]


class ChatMessage(ChatReply):
    """A message the gateway said to an API sender, as stored (personal numbers masked), fetched later."""

    reply_to: int | None = Field(default=None, description="the sequence number of the sender's message it answers")
    created_at: str

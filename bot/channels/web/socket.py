"""The widget's WebSocket: resumable, de-duplicated chat.

Protocol (JSON text frames):
  client → {"type":"hello","sender":<id|null>,"last_seq":<int>}      first frame of every connection
  server → {"type":"welcome","sender":<id>,"history":[<message>…]}    every message with seq > last_seq
  client → {"type":"message","client_id":<id>,"text":…,"payload"?:…}  payload: a quick reply's
  server → {"type":"ack","client_id":…,"seq":n}                       stored (once per client_id)
  server → {"type":"typing","on":true|false}
  server → <message> = {"type":"message","seq","direction":"in|out","text","buttons"?,"meta","client_id","created_at"}
  server → {"type":"error","code":…,"text":<Vietnamese>,"client_id":…|null}
  client → {"type":"ping"}  ·  server → {"type":"pong"}
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from bot import json_depth
from bot.conversations.inputs import InputRejected
from bot.conversations.service import ConversationService
from bot.ratelimit import RATE_LIMITED_TEXT
from bot.strict_numbers import MAX_ID, json_int

logger = logging.getLogger(__name__)
router = APIRouter()

SENDER = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
CLIENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
HELLO_TIMEOUT_S = 15
BAD_JSON = InputRejected("bad_json", "Dạ, con không đọc được dữ liệu vừa gửi. Bác thử gửi lại giúp con ạ.")
BAD_FRAME = InputRejected("bad_frame", "Dạ, yêu cầu không hợp lệ ạ. Bác tải lại trang giúp con nhé.")
NOT_TEXT = InputRejected("not_text", "Dạ, hiện con chỉ đọc được tin nhắn bằng chữ ạ.")


def _error(error: InputRejected, client_id: str | None = None) -> dict[str, Any]:
    return {"type": "error", "code": error.code, "text": error.message, "client_id": client_id}


@router.websocket("/ws/chat")
async def chat_socket(ws: WebSocket) -> None:
    """One browser tab: hello → welcome (history) → messages both ways until it closes."""
    await ws.accept()
    service: ConversationService = ws.app.state.service
    try:
        hello = await asyncio.wait_for(_receive_json(ws), HELLO_TIMEOUT_S)
    except (asyncio.TimeoutError, WebSocketDisconnect):
        await ws.close(code=1008)
        return
    except ValueError as problem:  # not JSON, or nested too deep: say so, then close
        await ws.send_json(_error(NOT_TEXT if str(problem) == "binary" else BAD_JSON))
        await ws.close(code=1008)
        return
    if not isinstance(hello, dict) or hello.get("type") != "hello":
        await ws.send_json(_error(BAD_FRAME))
        await ws.close(code=1008)
        return
    sender = hello.get("sender")
    if not isinstance(sender, str) or not SENDER.match(sender):
        sender = secrets.token_urlsafe(24)
    last_seq = json_int(hello.get("last_seq"), 0, MAX_ID) or 0  # beyond any seq: from the start

    conversation = await service.find_or_create("web", sender)
    outbox = service.hub.subscribe(conversation.id)  # before reading history: nothing slips between
    writer = asyncio.create_task(_write(ws, outbox))
    try:
        history = await service.history(conversation.id, last_seq)
        outbox.put_nowait({"type": "welcome", "sender": sender, "history": [m.to_wire() for m in history]})
        await _read(ws, service, sender, outbox)
    except WebSocketDisconnect:
        pass
    finally:
        service.hub.unsubscribe(conversation.id, outbox)
        writer.cancel()


async def _read(ws: WebSocket, service: ConversationService, sender: str, outbox: asyncio.Queue[dict[str, Any]]) -> None:
    limiter = ws.app.state.chat_limiter
    while True:
        try:
            frame = await _receive_json(ws)
        except ValueError as problem:
            outbox.put_nowait(_error(NOT_TEXT if str(problem) == "binary" else BAD_JSON))
            continue
        if not isinstance(frame, dict):
            outbox.put_nowait(_error(BAD_FRAME))
            continue
        kind = frame.get("type")
        if kind == "ping":
            outbox.put_nowait({"type": "pong"})
        elif kind == "message":
            client_id = frame.get("client_id")
            if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
                outbox.put_nowait(_error(BAD_FRAME))
                continue
            if not limiter.allow(f"web:{sender}"):
                outbox.put_nowait(_error(InputRejected("rate_limited", RATE_LIMITED_TEXT, 429), client_id))
                continue
            payload = frame.get("payload") if isinstance(frame.get("payload"), str) else None
            await _handle_message(service, sender, frame.get("text"), client_id, payload, outbox)
        else:
            outbox.put_nowait(_error(BAD_FRAME))


async def _handle_message(
    service: ConversationService,
    sender: str,
    text: object,
    client_id: str,
    payload: str | None,
    outbox: asyncio.Queue[dict[str, Any]],
) -> None:
    try:
        turn = await service.accept("web", sender, text, client_id=client_id, payload=payload)
    except InputRejected as rejected:
        outbox.put_nowait(_error(rejected, client_id))
        return
    outbox.put_nowait({"type": "ack", "client_id": client_id, "seq": turn.inbound.seq})
    if turn.duplicate:
        return  # its replies are in the history the client asked for, or on their way
    outbox.put_nowait({"type": "typing", "on": True})
    try:
        await service.answer(turn.conversation, turn.inbound)
    finally:
        outbox.put_nowait({"type": "typing", "on": False})


async def _receive_json(ws: WebSocket) -> Any:
    message = await ws.receive()
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", 1000))
    if message.get("text") is None:
        raise ValueError("binary")
    return json_depth.loads(message["text"])  # ValueError: not JSON, or nested too deep to read


async def _write(ws: WebSocket, outbox: asyncio.Queue[dict[str, Any]]) -> None:
    """The socket's only writer, so frames never interleave."""
    try:
        while True:
            await ws.send_json(await outbox.get())
    except (WebSocketDisconnect, RuntimeError):
        pass
    except Exception:
        logger.exception("WebSocket writer failed")

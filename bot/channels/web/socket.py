"""The widget's WebSocket: resumable, de-duplicated chat.

Protocol (JSON text frames):
  client → {"type":"hello","token":<token|null>,"last_seq":<int>}    first frame of every connection
  server → {"type":"welcome","sender":<id>,"token":<token>,"history":[<message>…]}
           every message with seq > last_seq. The token is the resident's proof of who they are: the
           gateway signed it (bot/channels/web/tokens.py). Without a valid one the visitor is a new
           resident with a new token; the browser keeps the renewed token it gets in every welcome.
           A hello creates nothing: the resident's conversation row is created by their first message
           (a visitor who only opens the widget leaves no row); the socket hears it from then on.
  client → {"type":"message","client_id":<id>,"text":…,"payload"?:…}  payload: a quick reply's (heard only
           if the bot offered it in this conversation; otherwise the text is read as typed)
  server → {"type":"ack","client_id":…,"seq":n}                       stored (once per client_id)
  server → {"type":"typing","on":true|false}
  server → <message> = {"type":"message","seq","direction":"in|out","text","buttons"?,"meta","client_id","created_at"}
  server → {"type":"error","code":…,"text":<Vietnamese>,"client_id":…|null}
  client → {"type":"ping"}  ·  server → {"type":"pong"}
  client → {"type":"erase"}                                          the resident erases the conversation
  server → {"type":"erased","text":<Vietnamese>}                      to every socket of an erased conversation
                                                                      (also when erased from the chat): the client
                                                                      forgets what it kept and says hello anew, without a sender
  server closes with 1013 "outbox full: reconnect and reload" when the client has fallen HUB_OUTBOX_LIMIT
  frames behind (bot/conversations/outbox.py): the client reconnects and its hello's last_seq brings back the rest
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from bot import json_depth
from bot.channels.web.depends import Tokens, WidgetOrigins
from bot.channels.web.origin import origin_allowed
from bot.client_address import client_address
from bot.conversations.depends import Service
from bot.conversations.inputs import InputRejected
from bot.conversations.outbox import Outbox, close_when_overflowed
from bot.conversations.service import ConversationService, Origin
from bot.deps.chat_limits import ChatRateLimits
from bot.deps.limiters import NewConversationLimiter
from bot.deps.network import AddressKeys
from bot.deps.privacy import ConversationEraser, PrivacyEraser
from bot.ratelimit import RATE_LIMITED_TEXT, ChatLimits
from bot.strict_numbers import MAX_ID, json_int

logger = logging.getLogger(__name__)
router = APIRouter()

CLIENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
HELLO_TIMEOUT_S = 15
BAD_JSON = InputRejected("bad_json", "Dạ, con không đọc được dữ liệu vừa gửi. Bác thử gửi lại giúp con ạ.")
BAD_FRAME = InputRejected("bad_frame", "Dạ, yêu cầu không hợp lệ ạ. Bác tải lại trang giúp con nhé.")
NOT_TEXT = InputRejected("not_text", "Dạ, hiện con chỉ đọc được tin nhắn bằng chữ ạ.")
UNAVAILABLE = InputRejected(
    "unavailable", "Dạ, hệ thống đang trục trặc một chút ạ. Bác tải lại trang sau ít phút giúp con nhé.", 503
)


def _error(error: InputRejected, client_id: str | None = None) -> dict[str, Any]:
    return {"type": "error", "code": error.code, "text": error.message, "client_id": client_id}


@router.websocket("/ws/chat")
async def chat_socket(
    ws: WebSocket,
    origins: WidgetOrigins,
    service: Service,
    tokens: Tokens,
    limits: ChatRateLimits,
    new_residents: NewConversationLimiter,
    keys: AddressKeys,
    privacy: PrivacyEraser,
) -> None:
    """One browser tab: hello → welcome (history) → messages both ways until it closes."""
    if not origin_allowed(ws.headers.get("origin"), ws.headers.get("host"), origins):
        await ws.close(code=1008)  # before accepting: the browser sees the handshake refused (403)
        return
    await ws.accept()
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
    address = client_address(ws)
    known = tokens.sender_of(hello.get("token"))
    # every connection costs its address a message's token (a reconnect storm is a flood too); a new
    # resident per connection is cheap to ask for, so those have a small bucket of their own
    if not limits.address.allow(address or "?") or (known is None and not new_residents.allow(address or "?")):
        await ws.send_json(_error(InputRejected("rate_limited", RATE_LIMITED_TEXT, 429)))
        await ws.close(code=1008)
        return
    sender, token = tokens.issue(known)  # a known resident gets the same id with a renewed date
    # a new resident has no history to skip; beyond any seq: from the start
    last_seq = (json_int(hello.get("last_seq"), 0, MAX_ID) or 0) if known else 0

    # The resident's messages, whichever conversation they are in: none until the first message creates
    # it (a visitor who only opens the widget leaves no row), a new one after an erasure. Subscribed
    # before anything is read, so nothing slips between.
    resident = ("web", sender)
    outbox = service.hub.subscribe(resident)
    try:
        conversation_id = await service.conversation_of(*resident)
    except Exception:  # the database is unreachable: say so, never a bare close
        logger.exception("Opening a widget conversation failed")
        service.hub.unsubscribe(resident, outbox)
        await ws.send_json(_error(UNAVAILABLE))
        await ws.close(code=1011)
        return
    writer = asyncio.create_task(_write(ws, outbox))
    closer = asyncio.create_task(close_when_overflowed(ws, outbox, writer))  # a client too far behind
    visitor = Visitor(sender, address, Origin(network=keys.of(address)), conversation_id)
    try:
        history = await service.history(conversation_id, last_seq) if conversation_id is not None else []
        welcome = {"type": "welcome", "sender": sender, "token": token, "history": [m.to_wire() for m in history]}
        outbox.put(welcome)
        await _read(ws, service, visitor, outbox, limits, privacy)
    except WebSocketDisconnect:
        pass
    except Exception:  # a database failure mid-conversation: the frames already queued still go out
        logger.exception("Widget socket of conversation %s failed", visitor.conversation_id)
        outbox.put(_error(UNAVAILABLE))
        await _drain(outbox)
        if not outbox.overflowed.is_set():  # else closed already
            await ws.close(code=1011)
    finally:
        service.hub.unsubscribe(resident, outbox)
        writer.cancel()
        closer.cancel()


@dataclass
class Visitor:
    """The resident on this socket: who the token says, and where they connect from."""

    sender: str
    address: str | None
    origin: Origin
    # the conversation this socket found at hello or its messages went to (an erase erases this one);
    # None until there is one
    conversation_id: int | None


async def _read(
    ws: WebSocket, service: ConversationService, visitor: Visitor, outbox: Outbox, limits: ChatLimits, privacy: ConversationEraser
) -> None:
    while True:
        try:
            frame = await _receive_json(ws)
        except ValueError as problem:
            outbox.put(_error(NOT_TEXT if str(problem) == "binary" else BAD_JSON))
            continue
        if not isinstance(frame, dict):
            outbox.put(_error(BAD_FRAME))
            continue
        kind = frame.get("type")
        if kind == "ping":
            outbox.put({"type": "pong"})
        elif kind == "erase":
            limited = limits.check(f"web:{visitor.sender}", visitor.address)
            if limited is not None:
                outbox.put(_error(InputRejected("rate_limited", limits.text(limited), 429)))
                continue
            await _erase(service, visitor, outbox, privacy)
        elif kind == "message":
            client_id = frame.get("client_id")
            if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
                outbox.put(_error(BAD_FRAME))
                continue
            limited = limits.check(f"web:{visitor.sender}", visitor.address)
            if limited is not None:
                outbox.put(_error(InputRejected("rate_limited", limits.text(limited), 429), client_id))
                continue
            payload = frame.get("payload") if isinstance(frame.get("payload"), str) else None
            await _handle_message(service, visitor, frame.get("text"), client_id, payload, outbox)
        else:
            outbox.put(_error(BAD_FRAME))


async def _handle_message(
    service: ConversationService,
    visitor: Visitor,
    text: object,
    client_id: str,
    payload: str | None,
    outbox: Outbox,
) -> None:
    try:
        turn = await service.accept("web", visitor.sender, text, client_id=client_id, payload=payload, origin=visitor.origin)
    except InputRejected as rejected:
        outbox.put(_error(rejected, client_id))
        return
    visitor.conversation_id = turn.conversation.id  # created by the first message
    outbox.put({"type": "ack", "client_id": client_id, "seq": turn.inbound.seq})
    if turn.duplicate:
        return  # its replies are in the history the client asked for, or on their way
    outbox.put({"type": "typing", "on": True})
    try:
        await service.answer(turn.conversation, turn.inbound)
    finally:
        outbox.put({"type": "typing", "on": False})


async def _erase(service: ConversationService, visitor: Visitor, outbox: Outbox, privacy: ConversationEraser) -> None:
    """Erases the resident's conversation (the one this socket knows, else the one another of their tabs
    started); its sockets hear {"type":"erased"} (this one always: an erase before any message, a
    repeated one, or one another tab did first, finds nothing, and creates nothing)."""
    try:
        conversation_id = visitor.conversation_id
        if conversation_id is None:
            conversation_id = visitor.conversation_id = await service.conversation_of("web", visitor.sender)
        erased = await privacy.erase(conversation_id) if conversation_id is not None else None
    except Exception:
        logger.exception("Erasing web conversation %s failed", visitor.conversation_id)
        outbox.put(_error(InputRejected("erase_failed", privacy.failed_text, 503)))
        return
    if erased is None:  # nothing (left) to erase: the browser forgets all the same
        outbox.put(privacy.erased_frame())


async def _drain(outbox: Outbox, wait_s: float = 1.0) -> None:
    """Gives the writer a moment to send what is queued before the socket closes."""
    deadline = asyncio.get_running_loop().time() + wait_s
    while not outbox.empty() and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.02)


async def _receive_json(ws: WebSocket) -> Any:
    message = await ws.receive()
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", 1000))
    if message.get("text") is None:
        raise ValueError("binary")
    return json_depth.loads(message["text"])  # ValueError: not JSON, or nested too deep to read


async def _write(ws: WebSocket, outbox: Outbox) -> None:
    """The socket's only writer, so frames never interleave."""
    try:
        while True:
            await ws.send_json(await outbox.get())
    except (WebSocketDisconnect, RuntimeError):
        pass
    except Exception:
        logger.exception("WebSocket writer failed")

"""POST /api/chat: the REST channel, for integrations, tests and benchmarks; GET /api/chat/messages: what
was said to its senders later.

It is an integration API, not a resident's door: with `chat_api_key` set only callers sending it are
served; without one only callers on this machine (loopback). Its senders live in the "api" channel,
so it can never write into (or read) a widget or Telegram resident's conversation.

Nothing can be pushed to an API caller, so an answer that comes later — a message held while the bot
was unavailable and answered by the retrier, or a volunteer's reply — is fetched: the POST's headers say
the message's sequence number and, when it was held, who answers it later and where to fetch the answer.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from bot.client_address import client_address, is_loopback
from bot.conversations.depends import Service
from bot.conversations.inputs import InputRejected
from bot.conversations.models import Later, Message
from bot.conversations.schemas import SENDER_MAX, SENDER_PATTERN, Button, ChatMessage, ChatReply, ChatRequest
from bot.conversations.service import Origin
from bot.deps.chat_limits import ChatRateLimits
from bot.deps.limiters import ChatFetchLimiter
from bot.deps.network import AddressKeys
from bot.deps.settings import AppSettings
from bot.error_answers import documented
from bot.ratelimit import RATE_LIMITED_TEXT, RateLimiter
from bot.strict_numbers import ASCII_DIGITS, QuerySeq

router = APIRouter(tags=["chat"])

NOT_ALLOWED = "Dạ, địa chỉ này chỉ dành cho phần mềm được phường cho phép ạ. Bác hỏi trợ lý trên trang của phường giúp con nhé."
CHANNEL = "api"
MESSAGES_PATH = "/api/chat/messages"
MAX_FETCH = 100  # messages in one GET /api/chat/messages; more: fetch again after the last seq
FETCHES_PER_MINUTE = 600  # per client address: a poller every second for a few senders at once

# The POST's headers (documented in the OpenAPI document below).
SEQ_HEADER = "X-Chat-Seq"
HELD_HEADER = "X-Chat-Held"
ANSWERS_HEADER = "X-Chat-Answers"
POST_HEADERS: dict[str, Any] = {
    SEQ_HEADER: {
        "description": "the sequence number of the message sent (replies and later answers come after it)",
        "schema": {"type": "integer"},
    },
    HELD_HEADER: {
        "description": "only when the message got no answer yet, and who answers it later: "
        "`bot` (it was held while the bot is unavailable; the answer comes when the bot is back) "
        "or `person` (a volunteer has the conversation)",
        "schema": {"type": "string", "enum": [later.value for later in Later]},
    },
    ANSWERS_HEADER: {
        "description": "with X-Chat-Held: where to fetch the answer when it comes "
        "(GET /api/chat/messages?sender=…&after=<X-Chat-Seq>)",
        "schema": {"type": "string"},
    },
}


def not_allowed() -> InputRejected:
    return InputRejected("not_allowed", NOT_ALLOWED, 401)


def require_api_caller(request: Request, settings: AppSettings) -> None:
    """The caller shows the configured key (X-Api-Key), or, with none configured, calls from this machine.

    A dependency, so it is checked before the body is read or judged."""
    key = settings.chat_api_key
    if key:
        allowed = secrets.compare_digest(request.headers.get("x-api-key", "").encode(), key.encode())
    else:
        allowed = is_loopback(client_address(request))
    if not allowed:
        raise not_allowed()


def new_fetch_limiter() -> RateLimiter:
    """GET /api/chat/messages per client address: polling must not take the senders' message tokens."""
    return RateLimiter(FETCHES_PER_MINUTE)


@router.post(
    "/api/chat",
    response_model=list[ChatReply],
    response_model_exclude_none=True,
    responses={200: {"headers": POST_HEADERS}, **documented(400, 401, 413, 422, 429)},
    dependencies=[Depends(require_api_caller)],
)
async def chat(
    body: ChatRequest, request: Request, response: Response, service: Service, limits: ChatRateLimits, keys: AddressKeys
) -> list[ChatReply] | JSONResponse:
    """Stores the message, asks the bot and returns its replies.

    When the bot is unavailable the message is held and answered by itself when the bot is back (the
    first held message of an outage gets a notice, later ones an empty list); a volunteer who has the
    conversation answers in person. Either way the header `X-Chat-Held` says so, and the answer is
    fetched from `X-Chat-Answers` (`GET /api/chat/messages?sender=…&after=<X-Chat-Seq>`)."""
    address = client_address(request)
    limited = limits.check(f"api:{body.sender}", address)
    if limited is not None:
        return error_response(InputRejected("rate_limited", limits.text(limited), 429))
    # As in Rasa's REST channel, a message starting with "/" is a button payload ("/greet");
    # so is one starting with "#", the gateway's own buttons (👍/👎, queue, call-back, stars) —
    # heard as a button only if the bot offered it in this conversation.
    message = body.message
    payload = message.strip() if isinstance(message, str) and message.strip().startswith(("/", "#")) else None
    origin = Origin(network=keys.of(address))
    turn = await service.receive(CHANNEL, body.sender, message, payload=payload, origin=origin)
    response.headers[SEQ_HEADER] = str(turn.inbound.seq)
    if turn.later is not None:
        response.headers[HELD_HEADER] = turn.later.value
        response.headers[ANSWERS_HEADER] = f"{MESSAGES_PATH}?{urlencode({'sender': body.sender, 'after': turn.inbound.seq})}"
    return [ChatReply(recipient_id=body.sender, **_shown(r)) for r in turn.replies]


@router.get(
    MESSAGES_PATH,
    response_model=list[ChatMessage],
    response_model_exclude_none=True,
    responses=documented(401, 422, 429),
    dependencies=[Depends(require_api_caller)],
)
async def messages(
    request: Request,
    service: Service,
    limiter: ChatFetchLimiter,
    sender: Annotated[
        str, Query(min_length=1, max_length=SENDER_MAX, pattern=SENDER_PATTERN, description="the sender named in POST /api/chat")
    ],
    after: Annotated[QuerySeq, Query(description="only messages after this sequence number (X-Chat-Seq, or a reply's seq)")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_FETCH, description="at most this many, the oldest first"), ASCII_DIGITS] = 50,
) -> list[ChatMessage] | JSONResponse:
    """What the gateway said to an API sender after a sequence number, oldest first, as stored (personal
    numbers masked): the bot's answers to held messages, volunteers' replies, notices.

    A sender that never wrote gets an empty list, like one whose conversation was erased (its next message
    starts again at seq 1): there is nothing to read yet, which is no error, and a poller needs no special
    case. Only the API's own senders are read, never a widget or Telegram resident's conversation."""
    if not limiter.allow(client_address(request) or "?"):
        return error_response(InputRejected("rate_limited", RATE_LIMITED_TEXT, 429))
    said = await service.said_after(CHANNEL, sender, after, limit)
    return [ChatMessage(recipient_id=sender, reply_to=m.reply_to, created_at=m.created_at.isoformat(), **_shown(m)) for m in said]


def _shown(message: Message) -> dict[str, Any]:
    """What a caller sees of a stored outbound message."""
    buttons = [Button.model_validate(b) for b in message.buttons] if message.buttons is not None else None
    return {"seq": message.seq, "text": message.text, "buttons": buttons, "meta": message.meta or {}}


def error_response(error: InputRejected) -> JSONResponse:
    """A rejected input as JSON: a code for programs, a Vietnamese sentence for people."""
    return JSONResponse({"error": error.code, "message": error.message}, status_code=error.http_status)

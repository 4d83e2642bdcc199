"""POST /api/chat: the REST channel, for integrations, tests and benchmarks.

It is an integration API, not a resident's door: with `chat_api_key` set only callers sending it are
served; without one only callers on this machine (loopback). Its senders live in the "api" channel,
so it can never write into a widget or Telegram resident's conversation.
"""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from bot.client_address import client_address, is_loopback
from bot.conversations.depends import Service
from bot.conversations.inputs import InputRejected
from bot.conversations.schemas import Button, ChatReply, ChatRequest
from bot.conversations.service import Origin
from bot.error_answers import documented
from bot.ratelimit import ChatLimits

router = APIRouter(tags=["chat"])

NOT_ALLOWED = "Dạ, địa chỉ này chỉ dành cho phần mềm được phường cho phép ạ. Bác hỏi trợ lý trên trang của phường giúp con nhé."


def not_allowed() -> InputRejected:
    return InputRejected("not_allowed", NOT_ALLOWED, 401)


def require_api_caller(request: Request) -> None:
    """The caller shows the configured key (X-Api-Key), or, with none configured, calls from this machine.

    A dependency, so it is checked before the body is read or judged."""
    key: str = request.app.state.settings.chat_api_key
    if key:
        allowed = secrets.compare_digest(request.headers.get("x-api-key", "").encode(), key.encode())
    else:
        allowed = is_loopback(client_address(request))
    if not allowed:
        raise not_allowed()


@router.post(
    "/api/chat",
    response_model=list[ChatReply],
    response_model_exclude_none=True,
    responses=documented(400, 401, 413, 422, 429),
    dependencies=[Depends(require_api_caller)],
)
async def chat(body: ChatRequest, request: Request, service: Service) -> list[ChatReply] | JSONResponse:
    """Stores the message, asks the bot and returns its replies."""
    limits: ChatLimits = request.app.state.chat_limits
    address = client_address(request)
    limited = limits.check(f"api:{body.sender}", address)
    if limited is not None:
        return error_response(InputRejected("rate_limited", limits.text(limited), 429))
    # As in Rasa's REST channel, a message starting with "/" is a button payload ("/greet");
    # so is one starting with "#", the gateway's own buttons (👍/👎, queue, call-back, stars) —
    # heard as a button only if the bot offered it in this conversation.
    message = body.message
    payload = message.strip() if isinstance(message, str) and message.strip().startswith(("/", "#")) else None
    origin = Origin(network=request.app.state.network_keys.of(address))
    turn = await service.receive("api", body.sender, message, payload=payload, origin=origin)
    return [
        ChatReply(
            recipient_id=body.sender,
            text=r.text,
            buttons=[Button.model_validate(b) for b in r.buttons] if r.buttons is not None else None,
            meta=r.meta,
        )
        for r in turn.replies
    ]


def error_response(error: InputRejected) -> JSONResponse:
    """A rejected input as JSON: a code for programs, a Vietnamese sentence for people."""
    return JSONResponse({"error": error.code, "message": error.message}, status_code=error.http_status)

"""POST /api/chat: the REST channel, for integrations, tests and benchmarks."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.conversations.depends import Service
from bot.conversations.inputs import InputRejected
from bot.conversations.schemas import Button, ChatReply, ChatRequest
from bot.error_answers import documented
from bot.ratelimit import RATE_LIMITED_TEXT

router = APIRouter(tags=["chat"])


@router.post(
    "/api/chat",
    response_model=list[ChatReply],
    response_model_exclude_none=True,
    responses=documented(400, 413, 422, 429),
)
async def chat(body: ChatRequest, request: Request, service: Service) -> list[ChatReply] | JSONResponse:
    """Stores the message, asks the bot and returns its replies."""
    if not request.app.state.chat_limiter.allow(f"api:{body.sender}"):
        return error_response(InputRejected("rate_limited", RATE_LIMITED_TEXT, 429))
    # As in Rasa's REST channel, a message starting with "/" is a button payload ("/greet");
    # so is one starting with "#", the gateway's own buttons (👍/👎, queue, call-back, stars).
    message = body.message
    payload = message.strip() if isinstance(message, str) and message.strip().startswith(("/", "#")) else None
    turn = await service.receive("api", body.sender, message, payload=payload)
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

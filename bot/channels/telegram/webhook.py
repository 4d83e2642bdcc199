"""POST /telegram/webhook: authenticate, store, acknowledge; handling happens after the answer."""

from __future__ import annotations

import hmac
import json
import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from starlette.requests import HTTPConnection

from bot.channels.telegram.runner import WEBHOOK_PATH, TelegramChannel

logger = logging.getLogger(__name__)
router = APIRouter(tags=["telegram"])

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_ID = 2**63 - 1  # the column is a BIGINT


async def telegram_channel(connection: HTTPConnection) -> TelegramChannel | None:
    """The channel the app's lifespan started (None before it did, or when TELEGRAM_MODE=off)."""
    channel: TelegramChannel | None = getattr(connection.app.state, "telegram", None)
    return channel


@router.post(WEBHOOK_PATH, include_in_schema=False)
async def telegram_webhook(request: Request, channel: Annotated[TelegramChannel | None, Depends(telegram_channel)]) -> Response:
    """200 once the update is stored (or was stored before): Telegram retries anything else."""
    if channel is None:
        return JSONResponse({"error": "unavailable"}, status_code=503)
    if channel.mode != "webhook":  # polling: updates come from getUpdates only
        return JSONResponse({"error": "not_found"}, status_code=404)
    if not _authentic(request.headers.get(SECRET_HEADER), channel.secret):
        return JSONResponse({"error": "forbidden"}, status_code=403)
    try:
        payload = json.loads(await request.body())
    except (ValueError, RecursionError):  # also bad UTF-8 and absurd nesting
        return _bad_request("body is not JSON")
    update_id = payload.get("update_id") if isinstance(payload, dict) else None
    if type(update_id) is not int or not 0 <= update_id <= MAX_UPDATE_ID:  # bool is not an id
        return _bad_request("body is not an update with an integer update_id")
    try:
        await channel.accept(payload)
    except ValueError as error:
        return _bad_request(str(error))
    except Exception as error:  # e.g. the database is down: not stored, so let Telegram retry later
        # Only the error's type: database errors quote their parameters, the resident's message among them.
        logger.error("Could not store Telegram update %s: %s", update_id, type(error).__name__)
        logger.debug("Traceback of the failed store", exc_info=error)
        return JSONResponse({"error": "unavailable"}, status_code=503)
    # An empty body: a JSON body with a "method" would be read by Telegram as a Bot API call.
    return Response(status_code=200)


def _authentic(given: str | None, secret: str) -> bool:
    # Constant-time, so the secret cannot be guessed byte by byte from response times.
    if not given or not secret:
        return False
    return hmac.compare_digest(given.encode(), secret.encode())


def _bad_request(problem: str) -> JSONResponse:
    return JSONResponse({"error": "bad_update", "message": problem}, status_code=400)

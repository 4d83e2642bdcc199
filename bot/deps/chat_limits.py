"""The buckets residents' messages are counted in: per resident, per client address, for the whole gateway."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from bot.ratelimit import ChatLimits


async def chat_limits(connection: HTTPConnection) -> ChatLimits:
    limits: ChatLimits = connection.app.state.chat_limits
    return limits


ChatRateLimits = Annotated[ChatLimits, Depends(chat_limits)]

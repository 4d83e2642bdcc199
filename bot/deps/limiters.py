"""The token buckets of single doors, per client address: log-ins, knowledge-base searches, fetches of
/api/chat/messages and new widget residents. (Messages have their three buckets: bot/deps/chat_limits.py.)"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from bot.ratelimit import RateLimiter


async def login_limiter(connection: HTTPConnection) -> RateLimiter:
    """POST /login (made by bot.auth.views.install)."""
    limiter: RateLimiter = connection.app.state.login_limiter
    return limiter


async def kb_search_limiter(connection: HTTPConnection) -> RateLimiter:
    """GET /api/kb/search (made by bot.admin.routes.install)."""
    limiter: RateLimiter = connection.app.state.kb_search_limiter
    return limiter


async def chat_fetch_limiter(connection: HTTPConnection) -> RateLimiter:
    """GET /api/chat/messages."""
    limiter: RateLimiter = connection.app.state.chat_fetch_limiter
    return limiter


async def new_conversation_limiter(connection: HTTPConnection) -> RateLimiter:
    """New widget residents (a hello without a valid token)."""
    limiter: RateLimiter = connection.app.state.new_conversations
    return limiter


LoginLimiter = Annotated[RateLimiter, Depends(login_limiter)]
KbSearchLimiter = Annotated[RateLimiter, Depends(kb_search_limiter)]
ChatFetchLimiter = Annotated[RateLimiter, Depends(chat_fetch_limiter)]
NewConversationLimiter = Annotated[RateLimiter, Depends(new_conversation_limiter)]

"""The token buckets of single doors, per client address: log-ins, knowledge-base searches, fetches of
/api/chat/messages and new widget residents. (Messages have their three buckets: bot/deps/chat_limits.py.)"""

from __future__ import annotations

from typing import Annotated

from bot.deps.state import from_state
from bot.ratelimit import RateLimiter

LoginLimiter = Annotated[RateLimiter, from_state("login_limiter")]  # POST /login (bot.auth.views.install)
KbSearchLimiter = Annotated[RateLimiter, from_state("kb_search_limiter")]  # GET /api/kb/search (bot.admin.routes)
ChatFetchLimiter = Annotated[RateLimiter, from_state("chat_fetch_limiter")]  # GET /api/chat/messages
NewConversationLimiter = Annotated[RateLimiter, from_state("new_conversations")]  # a hello without a valid token

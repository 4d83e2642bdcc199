"""Telegram's flood limits on what the bot sends: overall, per group and per private chat."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

# Telegram asks for about one message a second in a chat; a short burst (a reply cut in parts) is fine.
PER_CHAT_RATE = 1.0
PER_CHAT_BURST = 3
MAX_CHAT_LIMITERS = 1024


class ChatRateLimiter(AIORateLimiter):
    """PTB's limiter (overall and per-group limits, waits out 429 `retry_after`) plus a per-chat one."""

    def __init__(self, overall_per_second: float, max_retries: int = 3) -> None:
        super().__init__(overall_max_rate=overall_per_second, overall_time_period=1, max_retries=max_retries)
        self._chat_limiters: dict[int, AsyncLimiter] = {}

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        """Waits for the private chat's turn, then for the overall and group limits."""
        chat_id: int | None
        try:
            chat_id = int(data["chat_id"])
        except (KeyError, TypeError, ValueError):  # no chat, or a channel's "@name"
            chat_id = None
        # Negative ids are groups and channels: PTB already limits those to 20 a minute.
        limiter = self._chat_limiter(chat_id) if isinstance(chat_id, int) and chat_id > 0 else None
        async with limiter or contextlib.nullcontext():
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)

    def _chat_limiter(self, chat_id: int) -> AsyncLimiter:
        if chat_id not in self._chat_limiters and len(self._chat_limiters) >= MAX_CHAT_LIMITERS:
            # forget chats that have been quiet long enough to have their full burst back
            for key, limiter in list(self._chat_limiters.items()):
                if limiter.has_capacity(limiter.max_rate):
                    del self._chat_limiters[key]
        if chat_id not in self._chat_limiters:
            self._chat_limiters[chat_id] = AsyncLimiter(PER_CHAT_BURST, PER_CHAT_BURST / PER_CHAT_RATE)
        return self._chat_limiters[chat_id]

"""Concurrent handling of updates across chats, one at a time within a chat."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

Finished = Callable[[Update], Awaitable[None]]


class ChatOrderedProcessor(BaseUpdateProcessor):
    """A slow bot answer in one chat does not hold up other chats; a chat's messages keep their order."""

    def __init__(self, max_concurrent_updates: int, finished: Finished) -> None:
        super().__init__(max_concurrent_updates)
        self._finished = finished
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Runs PTB's handlers for the update under its chat's lock, then reports it finished."""
        chat = update.effective_chat if isinstance(update, Update) else None
        try:
            if chat is None:
                await coroutine
            else:
                # PTB starts these calls in queue order and asyncio locks are fair: order is kept.
                self._waiting[chat.id] = self._waiting.get(chat.id, 0) + 1
                lock = self._locks.setdefault(chat.id, asyncio.Lock())
                try:
                    async with lock:
                        await coroutine
                finally:
                    self._release(chat.id)
        finally:
            if isinstance(update, Update):
                await self._finished(update)

    def _release(self, chat_id: int) -> None:
        # Locks are dropped once nobody waits on them, so quiet chats cost no memory.
        self._waiting[chat_id] -= 1
        if not self._waiting[chat_id]:
            del self._waiting[chat_id]
            del self._locks[chat_id]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

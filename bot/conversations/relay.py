"""Delivery between gateway instances: each stored message and each queue change, over Redis pub/sub.

Why Redis rather than PostgreSQL LISTEN/NOTIFY: Redis is already part of the production set-up
(Rasa's lock store when several Rasa instances run), a NOTIFY payload is limited to 8,000 bytes
(a 4,000-character Vietnamese message can exceed it), and redis-py's asyncio client is simple to
reconnect. Losing an event while Redis restarts loses nothing: every message is in the database and
widgets and consoles catch up by sequence number when they reconnect.

One instance alone uses LocalRelay, which sends nothing.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

logger = logging.getLogger(__name__)

CHANNEL = "tlsp:gateway-events"
MessageHandler = Callable[[int, str, str, dict[str, Any]], Awaitable[None]]
QueueHandler = Callable[[], Awaitable[None]]


class LocalRelay:
    """A single gateway: nothing to tell anyone."""

    async def start(self, on_message: MessageHandler, on_queue: QueueHandler) -> None:
        """Nothing to listen to."""

    async def message(self, conversation_id: int, channel: str, external_id: str, wire: dict[str, Any]) -> None:
        """Nobody else to tell."""

    async def queue_changed(self) -> None:
        """Nobody else to tell."""

    async def close(self) -> None:
        """Nothing to close."""


class RedisRelay:
    """Publishes this instance's events and hands other instances' events to the local hub."""

    RETRY_S = (0.5, 1, 2, 5)

    def __init__(self, url: str, channel: str = CHANNEL) -> None:
        import redis.asyncio as redis  # only production needs it at run time

        self.channel = channel
        self.origin = uuid.uuid4().hex  # our own events come back to us: skip them
        self._redis = redis.from_url(url, decode_responses=True)
        self._listener: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()

    async def start(self, on_message: MessageHandler, on_queue: QueueHandler) -> None:
        """Subscribes (waiting until it holds) and keeps listening, reconnecting as needed."""
        self._listener = asyncio.create_task(self._listen(on_message, on_queue), name="gateway-relay")
        try:
            await asyncio.wait_for(self._subscribed.wait(), 10)
        except asyncio.TimeoutError:
            logger.warning("Redis relay not subscribed yet; other instances' events may arrive late")

    async def message(self, conversation_id: int, channel: str, external_id: str, wire: dict[str, Any]) -> None:
        """Tells the other instances about a stored message."""
        await self._publish(
            {"kind": "message", "conversation_id": conversation_id, "channel": channel, "external_id": external_id, "wire": wire}
        )

    async def queue_changed(self) -> None:
        """Tells the other instances' consoles to refresh their queue."""
        await self._publish({"kind": "queue"})

    async def close(self) -> None:
        """Stops listening and closes the connections."""
        if self._listener:
            self._listener.cancel()
            await asyncio.gather(self._listener, return_exceptions=True)
        await self._redis.aclose()

    async def _publish(self, event: dict[str, Any]) -> None:
        try:
            await self._redis.publish(self.channel, json.dumps({**event, "origin": self.origin}, ensure_ascii=False))
        except Exception as error:  # stored anyway; the other side catches up on reconnect
            logger.warning("Redis relay could not publish: %s", type(error).__name__)

    async def _listen(self, on_message: MessageHandler, on_queue: QueueHandler) -> None:
        attempt = 0
        while True:
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                self._subscribed.set()
                attempt = 0
                async for item in pubsub.listen():
                    await self._dispatch(item, on_message, on_queue)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                delay = self.RETRY_S[min(attempt, len(self.RETRY_S) - 1)]
                attempt += 1
                logger.warning("Redis relay lost (%s); reconnecting in %ss", type(error).__name__, delay)
                await asyncio.sleep(delay)
            finally:
                # redis-py leaves PubSub.aclose() unannotated (it returns None)
                await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def _dispatch(self, item: dict[str, Any], on_message: MessageHandler, on_queue: QueueHandler) -> None:
        try:
            event = json.loads(item.get("data") or "")
        except (TypeError, ValueError):
            return
        if not isinstance(event, dict) or event.get("origin") == self.origin:
            return
        try:
            if event.get("kind") == "message":
                await on_message(int(event["conversation_id"]), str(event["channel"]), str(event["external_id"]), event["wire"])
            elif event.get("kind") == "queue":
                await on_queue()
        except Exception:  # one bad event must not stop the listener
            logger.exception("Handling a relayed event failed")


def make_relay(redis_url: str, channel: str = CHANNEL) -> LocalRelay | RedisRelay:
    """Redis when configured (several instances), else the local no-op."""
    return RedisRelay(redis_url, channel) if redis_url else LocalRelay()

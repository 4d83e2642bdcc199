"""In-process fan-out of stored messages to whoever watches a conversation or a channel."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

from bot.conversations.outbox import DEFAULT_LIMIT, Outbox
from bot.conversations.relay import LocalRelay, RedisRelay

logger = logging.getLogger(__name__)

ChannelListener = Callable[[int, str, dict[str, Any]], Awaitable[None]]
# what a watcher watches: a conversation by its id, or a channel user's conversation by (channel, external id),
# whichever it is now (a widget resident has none until their first message)
WatchKey = int | tuple[str, str]


class Hub:
    """Subscribers per conversation or per resident (widget sockets) and listeners per channel (Telegram sender).

    With several gateway instances, the relay carries each message to the others, whose hubs hand
    it to their own sockets (deliver_relayed) but not to channel senders: the instance that stored
    a message is the one that sends it to Telegram.
    """

    def __init__(self, relay: LocalRelay | RedisRelay | None = None, outbox_limit: int = DEFAULT_LIMIT) -> None:
        self.relay = relay or LocalRelay()
        self.outbox_limit = outbox_limit
        self._watchers: dict[WatchKey, set[Outbox]] = defaultdict(set)
        self._channel_listeners: dict[str, list[ChannelListener]] = defaultdict(list)
        self._all_listeners: list[ChannelListener] = []

    def outbox(self) -> Outbox:
        """A socket's outbox, bounded by the hub's limit (bot/conversations/outbox.py)."""
        return Outbox(self.outbox_limit)

    def subscribe(self, key: WatchKey) -> Outbox:
        """An outbox that receives every message of the conversation from now on: the conversation with this
        id, or the one of this (channel, external id), also if it is only created later. A full outbox never
        holds up the publisher: it overflows, and its socket closes it."""
        outbox = self.outbox()
        self._watchers[key].add(outbox)
        return outbox

    def unsubscribe(self, key: WatchKey, outbox: Outbox) -> None:
        """Stops feeding the outbox."""
        watchers = self._watchers.get(key)
        if watchers is not None:
            watchers.discard(outbox)
            if not watchers:
                del self._watchers[key]

    def _watching(self, conversation_id: int, channel: str, external_id: str) -> set[Outbox]:
        return self._watchers.get(conversation_id, set()) | self._watchers.get((channel, external_id), set())

    def on_channel(self, channel: str, listener: ChannelListener) -> None:
        """Calls `listener(conversation_id, external_id, wire)` for each message on the channel."""
        self._channel_listeners[channel].append(listener)

    def on_every_message(self, listener: ChannelListener) -> None:
        """Calls `listener(conversation_id, channel, wire)` for every message on every channel (the console)."""
        self._all_listeners.append(listener)

    async def publish(self, conversation_id: int, channel: str, external_id: str, wire: dict[str, Any]) -> None:
        """Hands a stored message to every watcher and channel listener."""
        for outbox in self._watching(conversation_id, channel, external_id):
            outbox.put(wire)
        for listener in self._channel_listeners.get(channel, ()):
            try:
                await listener(conversation_id, external_id, wire)
            except Exception:  # one broken listener must not stop the others
                logger.exception("Channel listener for %s failed", channel)
        await self._to_everyone_here(conversation_id, channel, wire)
        await self.relay.message(conversation_id, channel, external_id, wire)

    async def deliver_relayed(self, conversation_id: int, channel: str, external_id: str, wire: dict[str, Any]) -> None:
        """A message another instance stored: to this instance's sockets and console."""
        for outbox in self._watching(conversation_id, channel, external_id):
            outbox.put(wire)
        await self._to_everyone_here(conversation_id, channel, wire)

    async def _to_everyone_here(self, conversation_id: int, channel: str, wire: dict[str, Any]) -> None:
        for listener in self._all_listeners:
            try:
                await listener(conversation_id, channel, wire)
            except Exception:
                logger.exception("Message listener failed")

"""HTTP client of the Rasa server's gateway channel, with timeouts and one clear failure type.

aiohttp, not httpx (which the rest of the gateway uses): with 100 turns waiting on Rasa at once,
httpx's connection pool looked at every kept connection, with a readability check on its socket, for
every request it placed — a fifth of the gateway's CPU at 100 residents and growing with them
(`make bench`, py-spy). aiohttp's connector hands out a kept connection without scanning them all.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp


class RasaUnavailable(Exception):
    """Rasa (or the action server behind it) did not answer usefully."""


@dataclass
class RasaTurn:
    """What Rasa made of one message: its replies and the NLU's reading."""

    replies: list[dict[str, Any]]
    intent: str | None = None
    confidence: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class RasaClient:
    """Talks to rasa_addons.channel on the Rasa server."""

    def __init__(self, base_url: str, timeout_s: float, connect_timeout_s: float, max_in_flight: int = 16) -> None:
        self.base_url = base_url.rstrip("/")
        self.max_in_flight = max_in_flight
        # connect: the TCP connect alone (aiohttp's `connect` would also count the wait for a free
        # pooled connection, which under load is the turn's queueing, bounded by `total`)
        self._timeout = aiohttp.ClientTimeout(total=timeout_s, sock_connect=connect_timeout_s)
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        # Made on first use, inside the serving event loop (aiohttp binds a session to its loop).
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                # At most max_in_flight connections, every one kept (Rasa keeps idle ones 120 s; we let
                # go first); further turns queue for one in order of arrival.
                limit=self.max_in_flight,
                keepalive_timeout=60.0,
            )
            self._session = aiohttp.ClientSession(connector=connector, timeout=self._timeout)
        return self._session

    async def _post(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        async with self._client().post(f"{self.base_url}{path}", json=body) as response:
            if response.status != 200:
                return response.status, None
            return 200, await response.json(content_type=None)

    async def send(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> RasaTurn:
        """One resident message in, the bot's turn out; RasaUnavailable on any failure."""
        body: dict[str, Any] = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        started = time.monotonic()
        try:
            status, data = await self._post("/webhooks/meta/webhook", body)
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            waited = time.monotonic() - started
            raise RasaUnavailable(f"Rasa unreachable: {type(error).__name__} after {waited:.1f} s") from error
        except ValueError as error:  # not JSON
            raise RasaUnavailable("Rasa answered something that is not JSON") from error
        if status != 200:
            raise RasaUnavailable(f"Rasa answered {status}")
        if not isinstance(data, dict):
            raise RasaUnavailable("Rasa answered something unexpected")
        replies = [r for r in data.get("messages", []) if isinstance(r, dict) and r.get("text")]
        if not replies:
            # Every turn of our dialogue says something; silence means a custom action failed.
            raise RasaUnavailable("Rasa gave no reply (action server down?)")
        return RasaTurn(replies, data.get("intent"), data.get("confidence"))

    async def intent(self, text: str) -> tuple[str | None, float]:
        """The NLU's reading of a text without a dialogue turn; (None, 0.0) if Rasa cannot say."""
        try:
            status, data = await self._post("/webhooks/meta/parse", {"message": text})
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            return None, 0.0
        if status != 200 or not isinstance(data, dict):
            return None, 0.0
        return data.get("intent"), float(data.get("confidence") or 0.0)

    async def ready(self) -> bool:
        """True when the Rasa server answers and its model is loaded."""
        try:
            async with self._client().get(
                f"{self.base_url}/webhooks/meta/", timeout=aiohttp.ClientTimeout(total=2.0)
            ) as response:
                return response.status == 200
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return False

    async def close(self) -> None:
        """Closes the connection pool."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

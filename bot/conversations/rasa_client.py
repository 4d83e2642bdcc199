"""HTTP client of the Rasa server's gateway channel, with timeouts and one clear failure type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx


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
    """Talks to bot.dialogue.meta_channel on the Rasa server."""

    def __init__(self, base_url: str, timeout_s: float, connect_timeout_s: float) -> None:
        self.base_url = base_url.rstrip("/")
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s),
            # Every connection is kept: with a smaller keep-alive pool, turns beyond it opened and
            # closed a TCP connection each, costing both processes more CPU the busier they got
            # (`make bench`, 50–100 residents). Rasa keeps idle connections 120 s; we let go first.
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=100, keepalive_expiry=60.0),
        )

    async def send(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> RasaTurn:
        """One resident message in, the bot's turn out; RasaUnavailable on any failure."""
        body: dict[str, Any] = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        try:
            response = await self._client.post(f"{self.base_url}/webhooks/meta/webhook", json=body)
        except httpx.HTTPError as error:
            raise RasaUnavailable(f"Rasa unreachable: {type(error).__name__}") from error
        if response.status_code != 200:
            raise RasaUnavailable(f"Rasa answered {response.status_code}")
        data = response.json()
        replies = [r for r in data.get("messages", []) if r.get("text")]
        if not replies:
            # Every turn of our dialogue says something; silence means a custom action failed.
            raise RasaUnavailable("Rasa gave no reply (action server down?)")
        return RasaTurn(replies, data.get("intent"), data.get("confidence"))

    async def intent(self, text: str) -> tuple[str | None, float]:
        """The NLU's reading of a text without a dialogue turn; (None, 0.0) if Rasa cannot say."""
        try:
            response = await self._client.post(f"{self.base_url}/webhooks/meta/parse", json={"message": text})
            data = response.json() if response.status_code == 200 else {}
        except (httpx.HTTPError, ValueError):
            return None, 0.0
        return data.get("intent"), float(data.get("confidence") or 0.0)

    async def ready(self) -> bool:
        """True when the Rasa server answers and its model is loaded."""
        try:
            response = await self._client.get(f"{self.base_url}/webhooks/meta/", timeout=2.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def close(self) -> None:
        """Closes the connection pool."""
        await self._client.aclose()

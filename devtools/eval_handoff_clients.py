"""The clients `make eval-handoff` drives: a volunteer's console (HTTP API and /console/ws) and a resident's widget WebSocket."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import httpx

from devtools.console_client import CSRF_HEADER, ME_PATH, log_in_async, open_socket, session_of

# uvicorn closes idle connections after 5 s; reusing one as it closes fails the request (ReadError)
KEEPALIVE = httpx.Limits(keepalive_expiry=2)


class Volunteer:
    """One logged-in console: its HTTP client, WebSocket and the tickets it holds."""

    def __init__(self, base_url: str, username: str, password: str) -> None:
        self.base_url = base_url
        self.username = username
        self.password = password
        self.http = httpx.AsyncClient(base_url=base_url, timeout=30, limits=KEEPALIVE)
        self.csrf = ""
        self.ws = None
        self.tickets: list[dict[str, Any]] = []
        self.typing = asyncio.Lock()

    async def login(self) -> None:
        answer = await log_in_async(self.http, self.username, self.password)
        if answer.status_code not in (200, 302, 303) or not session_of(self.http):
            raise RuntimeError(f"log-in of {self.username} failed: {answer.status_code} {answer.text[:200]}")
        me = await self.http.get(ME_PATH)
        me.raise_for_status()
        self.csrf = me.json()["csrf_token"]
        self.http.headers[CSRF_HEADER] = self.csrf

    async def connect(self) -> None:
        self.ws = await open_socket(self.base_url, session_of(self.http))

    async def claim(self, ticket_id: int | None = None) -> dict[str, Any] | None:
        """Claims that ticket (or the next one); None if someone else was faster."""
        answer = await self.http.post("/console/api/tickets/claim", json={"ticket_id": ticket_id} if ticket_id else {})
        if answer.status_code == 409:
            return None
        answer.raise_for_status()
        ticket = answer.json()
        self.tickets.append(ticket)
        return ticket

    async def say(self, ticket_id: int, text: str) -> None:
        answer = await self.http.post(f"/console/api/tickets/{ticket_id}/messages", json={"text": text})
        if answer.status_code >= 300:
            raise RuntimeError(f"HTTP {answer.status_code} {answer.text[:80]}")

    async def resolve_all(self) -> int:
        """Closes every held ticket; how many the server accepted."""
        done = 0
        for ticket in self.tickets:
            ticket_id = ticket.get("ticket_id", ticket.get("id"))
            answer = await self.http.post(
                f"/console/api/tickets/{ticket_id}/resolve", json={"outcome": "guided", "confirm_unanswered": True}
            )
            done += answer.status_code < 300
        return done

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        await self.http.aclose()


class Resident:
    """One widget WebSocket."""

    def __init__(self, base_url: str, index: int) -> None:
        self.url = base_url.replace("http://", "ws://") + "/ws/chat"
        self.index = index
        self.sender = f"evalres{index:02d}{uuid.uuid4().hex[:12]}"
        self.ws = None
        self.inbox: asyncio.Queue = asyncio.Queue()
        self._reader: asyncio.Task | None = None
        self._sent = 0

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        self.ws = await connect(self.url, max_size=2**22)
        await self.ws.send(json.dumps({"type": "hello", "token": None, "last_seq": 0}))
        welcome = json.loads(await self.ws.recv())
        if welcome.get("type") != "welcome":
            raise RuntimeError(f"widget: expected welcome, got {welcome}")
        self.sender = welcome["sender"]  # the gateway chooses who a widget resident is
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.ws:
            frame = json.loads(raw)
            if frame.get("type") == "message" and frame.get("direction") == "out":
                await self.inbox.put((time.perf_counter(), frame))

    async def send(self, text: str) -> None:
        self._sent += 1
        await self.ws.send(json.dumps({"type": "message", "client_id": f"c{self._sent}", "text": text}))

    async def wait_for(self, predicate, timeout: float) -> tuple[float, dict[str, Any]]:
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError
            arrived, frame = await asyncio.wait_for(self.inbox.get(), left)
            if predicate(frame):
                return arrived, frame

    async def close(self) -> None:
        if self._reader:
            self._reader.cancel()
        if self.ws is not None:
            await self.ws.close()

"""One simulated resident of the load driver: its connection (HTTP or widget WebSocket), its turns, and how a turn's replies are judged."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import httpx

from bot.personal_numbers.notice import MASKED_NOTICE
from devtools.load_results import Hooks, Result, Target, TurnRecord

UNAVAILABLE = "Dạ, hệ thống trả lời tự động đang tạm gián đoạn"  # the gateway's bot-unavailable notice


class Session:
    """One resident's connection state: a sender id and, on the WebSocket, an open socket."""

    def __init__(self, target: Target, http: httpx.AsyncClient, transport: str, resident: int) -> None:
        self.target, self.http, self.transport, self.resident = target, http, transport, resident
        self.sender = ""
        self.ws = None
        self.sent = 0

    async def new_sender(self) -> None:
        await self.close()
        self.sender = f"bench{self.resident:04d}{uuid.uuid4().hex[:16]}"
        if self.transport == "ws":
            from websockets.asyncio.client import connect

            url = self.target.base_url.replace("http://", "ws://", 1) + "/ws/chat"
            self.ws = await connect(url, max_size=2**22, open_timeout=self.target.turn_timeout_s)
            await self.ws.send(json.dumps({"type": "hello", "token": None, "last_seq": 0}))
            welcome = json.loads(await asyncio.wait_for(self.ws.recv(), self.target.turn_timeout_s))
            if welcome.get("type") != "welcome":
                raise RuntimeError(f"expected welcome, got {welcome.get('type')}")
            self.sender = welcome["sender"]  # the gateway chooses who a widget resident is

    async def say(self, text: str) -> list[dict[str, Any]]:
        """Sends one turn; the replies, or raises TurnFailed(kind)."""
        if self.transport == "ws":
            return await self._say_ws(text)
        path = "/api/chat" if self.target.kind == "gateway" else "/webhooks/rest/webhook"
        try:
            response = await self.http.post(path, json={"sender": self.sender, "message": text})
        except httpx.TimeoutException as error:
            raise TurnFailed("timeout") from error
        except httpx.HTTPError as error:
            raise TurnFailed(f"transport:{type(error).__name__}") from error
        if response.status_code != 200:
            raise TurnFailed(f"http_{response.status_code}")
        return response.json()

    async def _say_ws(self, text: str) -> list[dict[str, Any]]:
        self.sent += 1
        client_id = f"c{self.sent}"
        replies: list[dict[str, Any]] = []
        acked = False
        try:
            await self.ws.send(json.dumps({"type": "message", "client_id": client_id, "text": text}))
            async with asyncio.timeout(self.target.turn_timeout_s):
                while True:
                    frame = json.loads(await self.ws.recv())
                    kind = frame.get("type")
                    if kind == "error":
                        raise TurnFailed(f"ws_error:{frame.get('code')}")
                    if kind == "ack" and frame.get("client_id") == client_id:
                        acked = True
                    elif kind == "message" and frame.get("direction") == "out":
                        replies.append(frame)
                    elif kind == "typing" and frame.get("on") is False and acked:
                        return replies
        except TimeoutError as error:
            raise TurnFailed("timeout") from error
        except TurnFailed:
            raise
        except Exception as error:  # closed socket, bad frame …
            raise TurnFailed(f"ws:{type(error).__name__}") from error

    async def close(self) -> None:
        if self.ws is not None:
            ws, self.ws = self.ws, None
            try:
                await ws.close()
            except Exception:
                pass


class TurnFailed(Exception):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def judge(target: Target, replies: list[dict[str, Any]]) -> tuple[str | None, bool]:
    """(error kind or None, handed off?) for one turn's replies."""
    if not replies:
        return "no_reply", False
    metas = [r.get("meta") or {} for r in replies]
    # the bot was unavailable: the message is held (meta bot_busy) or, before that, a person was called
    if any(m.get("handoff_reason") == "bot_unavailable" or m.get("bot_busy") for m in metas) or any(
        (r.get("text") or "").startswith(UNAVAILABLE) for r in replies
    ):
        return "bot_unavailable", False
    handoff = any(m.get("handoff") or m.get("mode") in ("waiting", "human") for m in metas)
    # other gateway notices (queue position, call-back, rating) belong to a handoff; alone they are wrong — but
    # the notice that a password or a number in the message was masked belongs to any turn that had one
    notices = [m for m in metas if m.get("source") == "system" and m.get("notice") != MASKED_NOTICE]
    if notices and not handoff:
        return "system_reply", False
    return None, handoff


class Resident:
    """Plays conversations one after another; records each turn."""

    def __init__(
        self,
        index: int,
        target: Target,
        http: httpx.AsyncClient,
        conversations: list[list[str]],
        result: Result,
        t0: float,
        hooks: Hooks | None,
    ) -> None:
        self.index, self.target, self.result, self.t0, self.hooks = index, target, result, t0, hooks
        self.session = Session(target, http, target.transport_of(index), index)
        self.conversations = conversations
        self.next_conversation = index  # residents start at different conversations
        self.queue: list[str] = []
        self.fresh = True  # the next turn needs a new sender

    def next_turn(self) -> str:
        if not self.queue:
            self.queue = list(self.conversations[self.next_conversation % len(self.conversations)])
            self.next_conversation += len(self.conversations) // 7 + 1
            self.fresh = True
        return self.queue.pop(0)

    async def turn(self) -> TurnRecord:
        text = self.next_turn()
        started = time.perf_counter()
        error, handoff = None, False
        try:
            if self.fresh:
                await self.session.new_sender()  # a WebSocket's connect + hello count in its first turn
                self.fresh = False
            replies = await self.session.say(text)
            error, handoff = judge(self.target, replies)
        except TurnFailed as failed:
            error = failed.kind
        except Exception as failed:  # connect failures and the like
            error = f"connect:{type(failed).__name__}"
        record = TurnRecord(
            self.index, self.session.transport, started - self.t0, (time.perf_counter() - started) * 1000, error, handoff
        )
        if error or handoff:
            self.fresh = True  # continue with a new sender (a broken or handed-off conversation)
            if error and error.startswith(("ws", "connect", "transport", "timeout")):
                await self.session.close()
        self.result.turns.append(record)
        if self.hooks and self.hooks.on_turn:
            self.hooks.on_turn(record)
        return record

    async def close(self) -> None:
        await self.session.close()

"""A loopback stand-in for the Telegram Bot API, for tests of the Telegram channel.

PTB talks real HTTP to it (base_url http://127.0.0.1:<port>/bot). It answers the methods the
channel uses, records every call with its parameters, serves queued updates to getUpdates and
can be told to fail the next calls of a method (429 with retry_after, 5xx, 403…).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.support.loopback import LoopbackServer

# Parameters PTB sends as plain strings; every other parameter is JSON-encoded.
STRING_PARAMS = {"text", "url", "secret_token", "callback_query_id", "caption", "parse_mode"}
BOT_USER = {
    "id": 123,
    "is_bot": True,
    "first_name": "Trợ lý số phường",
    "username": "tro_ly_phuong_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class Call:
    """One request the fake received."""

    method: str
    params: dict[str, Any]
    status: int


class FakeTelegram(LoopbackServer):
    """The Bot API methods PTB calls, for one bot token."""

    def __init__(self, token: str = "123:ABC") -> None:
        self.token = token
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []
        self._failures: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self._message_ids = itertools.count(1)
        self._lock = threading.Lock()
        app = FastAPI()

        @app.post("/bot{token}/{method}")
        async def api(token: str, method: str, request: Request):
            params = await _params(request)
            status, body = await self._answer(token, method, params)
            with self._lock:
                self.calls.append(Call(method, params, status))
            return JSONResponse(body, status_code=status)

        self.serve(app)

    # -- for tests --------------------------------------------------------------------

    def reset(self) -> None:
        """Forgets calls, updates and scripted failures (between tests)."""
        with self._lock:
            self.calls.clear()
            self.updates.clear()
            self._failures.clear()

    def calls_to(self, method: str, ok_only: bool = False) -> list[dict[str, Any]]:
        """Parameters of every call of a method, in order (only the successful ones if asked)."""
        with self._lock:
            return [c.params for c in self.calls if c.method == method and (c.status == 200 or not ok_only)]

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Messages accepted by sendMessage, in order, optionally for one chat."""
        return [p for p in self.calls_to("sendMessage", ok_only=True) if chat_id is None or p["chat_id"] == chat_id]

    def fail_next(self, method: str, times: int = 1, status: int = 429, retry_after: int = 1) -> None:
        """The next `times` calls of `method` fail: 429 with retry_after, or the given status."""
        if status == 429:
            body = {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {retry_after}",
                "parameters": {"retry_after": retry_after},
            }
        else:
            body = {"ok": False, "error_code": status, "description": f"Scripted failure {status}"}
        with self._lock:
            self._failures.setdefault(method, []).extend([(status, body)] * times)

    def clear_failures(self) -> None:
        """Telegram is back: scripted failures not yet used are dropped."""
        with self._lock:
            self._failures.clear()

    def push_update(self, update: dict[str, Any]) -> None:
        """Queues an update for getUpdates (polling)."""
        with self._lock:
            self.updates.append(update)

    # -- the API ----------------------------------------------------------------------

    async def _answer(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        with self._lock:
            failures = self._failures.get(method)
            if failures:
                return failures.pop(0)
        if method == "getUpdates":
            return 200, {"ok": True, "result": await self._get_updates(params)}
        handler = {
            "getMe": lambda p: BOT_USER,
            "setWebhook": lambda p: True,
            "deleteWebhook": lambda p: True,
            "answerCallbackQuery": lambda p: True,
            "close": lambda p: True,
            "logOut": lambda p: True,
            "sendChatAction": lambda p: True,
            "sendMessage": self._send_message,
        }.get(method)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        return 200, {"ok": True, "result": handler(params)}

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params["chat_id"]
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": {k: BOT_USER[k] for k in ("id", "is_bot", "first_name", "username")},
            "text": params["text"],
        }
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        # Long polling, shortened so that tests and shutdown stay fast.
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 0.5)
        while True:
            with self._lock:
                # Telegram forgets updates below the offset: they count as confirmed.
                self.updates[:] = [u for u in self.updates if u["update_id"] >= offset]
                batch = list(self.updates)
            if batch or time.monotonic() >= deadline:
                return batch
            await asyncio.sleep(0.02)


async def _params(request: Request) -> dict[str, Any]:
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        return json.loads(body or b"{}")
    if content_type.startswith("multipart/form-data"):
        raw = {key: value for key, value in (await request.form()).items() if isinstance(value, str)}
    else:
        raw = dict(parse_qsl(body.decode(), keep_blank_values=True))
    return {key: value if key in STRING_PARAMS else _json_or_str(value) for key, value in raw.items()}


def _json_or_str(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value

"""A volunteer's console from outside the gateway: the log-in, the JSON API's CSRF token, the live socket.

The one client of /console/ws that the measuring scripts and the tests share: `make eval-handoff`
(devtools/eval_handoff_clients.py), `make attacks` (devtools/attacks_tried.py) and the end-to-end tests
(tests/e2e/console_client.py). The socket is opened as the console page's script opens it: with the
session cookie, from the gateway's own origin (the console refuses any other page).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from typing import Any

import httpx
from websockets.asyncio.client import connect as connect_async
from websockets.sync.client import ClientConnection
from websockets.sync.client import connect as connect_sync

SESSION_COOKIE = "tlsp_session"  # bot/auth/deps.py
SOCKET_PATH = "/console/ws"
ME_PATH = "/console/api/me"
CSRF_HEADER = "X-CSRF-Token"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')
MAX_FRAME = 2**22  # a queue snapshot of a busy day is large


def login_form(page: str, username: str, password: str) -> dict[str, str]:
    """The fields /login takes, with the CSRF token of the log-in page read before ("" if it has none)."""
    found = CSRF_INPUT.search(page)
    return {"username": username, "password": password, "csrf_token": found.group(1) if found else ""}


def log_in(http: httpx.Client, username: str, password: str) -> httpx.Response:
    """Reads /login and posts the form; the client keeps the session cookie (the answer: a 303 if it worked)."""
    return http.post("/login", data=login_form(http.get("/login").text, username, password))


async def log_in_async(http: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    """log_in() for an async client."""
    page = await http.get("/login")
    return await http.post("/login", data=login_form(page.text, username, password))


def socket_url(base_url: str) -> str:
    """http://host:port → ws://host:port/console/ws (https → wss)."""
    return base_url.replace("http", "ws", 1) + SOCKET_PATH


def socket_options(base_url: str, session: str) -> dict[str, Any]:
    """The handshake of the console page's script: its session cookie, the gateway's own origin."""
    return {"additional_headers": {"Cookie": f"{SESSION_COOKIE}={session}"}, "origin": base_url}


def session_of(http: httpx.Client | httpx.AsyncClient) -> str:
    """The log-in's session cookie the client keeps."""
    return http.cookies.get(SESSION_COOKIE) or ""


def open_socket(base_url: str, session: str, **options: Any) -> connect_async:
    """The live socket, for asyncio (`async with open_socket(…) as ws` or `ws = await open_socket(…)`)."""
    return connect_async(socket_url(base_url), max_size=MAX_FRAME, **socket_options(base_url, session), **options)


def open_socket_sync(base_url: str, session: str, **options: Any) -> ClientConnection:
    """The live socket, blocking (`with open_socket_sync(…) as ws`)."""
    return connect_sync(socket_url(base_url), max_size=MAX_FRAME, **socket_options(base_url, session), **options)


async def next_frame(
    ws: Any, kind: str, timeout: float = 10, match: Callable[[dict[str, Any]], bool] = lambda frame: True
) -> dict[str, Any]:
    """The next frame of that type satisfying match (others are skipped)."""
    while True:
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if frame["type"] == kind and match(frame):
            return frame

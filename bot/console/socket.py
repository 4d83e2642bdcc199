"""/console/ws: the live socket of a console tab (queue snapshots, the held conversations' messages)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from sqlalchemy.orm import Session, sessionmaker

from bot import json_depth
from bot.auth import service as auth
from bot.auth.deps import SESSION_COOKIE, idle_limit
from bot.auth.models import LoginSession, User
from bot.console.depends import LiveConsoles
from bot.console.live import Connection, ConsoleLive
from bot.conversations.outbox import close_when_overflowed
from bot.deps.database import Sessions
from bot.deps.settings import AppSettings
from bot.settings import Settings
from bot.strict_numbers import MAX_ID, json_id, json_int

router = APIRouter(include_in_schema=False)


def _same_origin(ws: WebSocket) -> bool:
    """Browsers send Origin on WebSockets; a page elsewhere must not ride the volunteer's cookie."""
    origin = ws.headers.get("origin")
    host = ws.headers.get("host")
    if not origin or not host:
        return False
    return origin.split("://", 1)[-1] == host


@router.websocket("/console/ws")
async def console_socket(ws: WebSocket, live: LiveConsoles, sessions: Sessions, settings: AppSettings) -> None:
    """Queue snapshots and the held conversations' messages; the tab may ask to watch a ticket."""
    found = None
    token = ws.cookies.get(SESSION_COOKIE)
    if _same_origin(ws):
        found = await asyncio.to_thread(_logged_in, sessions, settings, token)
    if found is None or found[0].role not in ("volunteer", "admin"):
        await ws.close(code=1008)
        return
    await ws.accept()
    connection = await live.connect(found[0])
    writer = asyncio.create_task(_write(ws, connection))
    closer = asyncio.create_task(close_when_overflowed(ws, connection.outbox, writer))  # a tab too far behind
    try:
        while True:
            message = await ws.receive()
            if message["type"] == "websocket.disconnect":
                break
            # every frame (a ping each 25 s) counts as activity, and ends the socket once the log-in
            # has ended (logged out, idle, expired, deactivated)
            if await asyncio.to_thread(_logged_in, sessions, settings, token) is None:
                await ws.close(code=1008)
                break
            await _on_frame(live, connection, message.get("text"))
    except WebSocketDisconnect:
        pass
    finally:
        live.disconnect(connection)
        writer.cancel()
        closer.cancel()


def _logged_in(sessions: sessionmaker[Session], settings: Settings, token: str | None) -> tuple[User, LoginSession] | None:
    """The log-in behind the socket's cookie, if it is still valid (its last activity moves on)."""
    with sessions() as db:
        found = auth.resolve(db, token, idle=idle_limit(settings))
        db.commit()
        return found


async def _on_frame(live: ConsoleLive, connection: Connection, text: str | None) -> None:
    try:
        frame = json_depth.loads(text or "")
    except ValueError:  # not JSON, or nested too deep to read
        frame = None
    if not isinstance(frame, dict):
        connection.outbox.put({"type": "error", "code": "bad_frame"})
    elif frame.get("type") == "ping":
        await live.seen(connection)
        connection.outbox.put({"type": "pong"})
    elif frame.get("type") == "watch" and (ticket_id := json_id(frame.get("ticket_id"))) is not None:
        after = json_int(frame.get("after_seq"), 0, MAX_ID) or 0
        ok = await live.watch(connection, ticket_id, after)
        connection.outbox.put({"type": "watching", "ticket_id": ticket_id, "ok": ok})
    else:
        connection.outbox.put({"type": "error", "code": "bad_frame"})


async def _write(ws: WebSocket, connection: Connection) -> None:
    try:
        while True:
            await ws.send_json(await connection.outbox.get())
    except (WebSocketDisconnect, RuntimeError):
        pass

"""A widget tab that stops reading is closed once its outbox is full; the resident's other tabs keep
receiving, and the closed tab's reconnect reloads everything it missed from the database."""

from __future__ import annotations

import asyncio

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from bot.app import create_app
from bot.channels.web import socket as web_socket
from bot.conversations.outbox import OUTBOX_FULL, OUTBOX_FULL_REASON
from tests.bot.channels.web.test_socket import hello, until


def stall_the_next_socket(monkeypatch) -> None:
    """The next socket's writer sends the welcome, then nothing more: a client that stopped reading."""
    original, stalled = web_socket._write, []

    async def write(ws, outbox) -> None:
        if stalled:
            return await original(ws, outbox)
        stalled.append(ws)
        await ws.send_json(await outbox.get())
        await asyncio.Event().wait()

    monkeypatch.setattr(web_socket, "_write", write)


def test_a_stalled_tab_is_closed_the_others_keep_receiving_and_its_reconnect_reloads(settings, monkeypatch):
    settings.hub_outbox_limit = 8  # the stalled tab hears 2 frames a message (its text, the reply)
    stall_the_next_socket(monkeypatch)
    with TestClient(create_app(settings)) as client, client.websocket_connect("/ws/chat") as stalled:
        first = hello(stalled)
        with client.websocket_connect("/ws/chat") as other:
            hello(other, first["token"])
            seen = []
            for i in range(6):
                other.send_json({"type": "message", "client_id": f"c-{i}", "text": f"câu hỏi {i}"})
                frames = until(other, lambda f: f["type"] == "typing" and not f["on"])
                seen += [f["seq"] for f in frames if f["type"] == "message"]
        assert seen == list(range(1, 13))  # the reading tab missed nothing
        with pytest.raises(WebSocketDisconnect) as closed:
            stalled.receive_json()
        assert (closed.value.code, closed.value.reason) == (OUTBOX_FULL, OUTBOX_FULL_REASON)
        with client.websocket_connect("/ws/chat") as again:  # the widget reconnects from the last seq it had
            history = hello(again, first["token"], last_seq=0)["history"]
    assert [m["seq"] for m in history] == list(range(1, 13))
    assert [m["text"] for m in history if m["direction"] == "in"] == [f"câu hỏi {i}" for i in range(6)]


def test_a_tab_that_reads_is_never_closed(settings):
    settings.hub_outbox_limit = 4
    with TestClient(create_app(settings)) as client, client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        for i in range(6):  # 5 frames a message (ack, typing, text, reply, typing), read as they come
            ws.send_json({"type": "message", "client_id": f"c-{i}", "text": f"câu hỏi {i}"})
            until(ws, lambda f: f["type"] == "typing" and not f["on"])
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}

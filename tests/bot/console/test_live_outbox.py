"""A console tab that stops reading is closed once its outbox is full; the volunteer's other tabs keep
receiving, and the closed tab's reconnect (queue snapshot, then watch after the last seq it showed)
brings back everything it missed."""

from __future__ import annotations

import asyncio

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from starlette.websockets import WebSocketDisconnect

from bot.app import create_app
from bot.console import socket as console_socket
from bot.conversations.models import Conversation
from bot.conversations.outbox import OUTBOX_FULL, OUTBOX_FULL_REASON
from tests.bot.console.conftest import Volunteer, chat, say
from tests.bot.console.test_live import next_of
from tests.support.loopback import LOCAL_CALLER


def last_seq(database_url: str, sender: str) -> int:
    with Session(create_engine(database_url)) as session:
        return session.scalars(select(Conversation.last_seq).where(Conversation.external_id == sender)).one()


def stall_the_next_socket(monkeypatch) -> None:
    """The next console socket's writer sends the first frame (the queue), then nothing more."""
    original, stalled = console_socket._write, []

    async def write(ws, connection) -> None:
        if stalled:
            return await original(ws, connection)
        stalled.append(ws)
        await ws.send_json(await connection.outbox.get())
        await asyncio.Event().wait()

    monkeypatch.setattr(console_socket, "_write", write)


def test_a_stalled_console_is_closed_the_others_keep_receiving_and_its_reconnect_reloads(
    settings, rasa, database_url, monkeypatch
):
    settings.hub_outbox_limit = 4
    say(rasa, "gặp người")
    with TestClient(create_app(settings), client=LOCAL_CALLER) as client:
        chat(client, "r1", "gặp người")
        lan = Volunteer(client, database_url, "lan")
        claimed = lan.claim().json()
        ticket_id = claimed.get("ticket_id") or claimed["ticket"]["id"]
        shown = last_seq(database_url, "r1")  # what the ticket page showed
        watch = {"type": "watch", "ticket_id": ticket_id, "after_seq": shown}
        stall_the_next_socket(monkeypatch)
        with lan.socket() as stalled:
            assert next_of(stalled, "queue")["mine"][0]["ticket_id"] == ticket_id
            stalled.send_json(watch)
            with lan.socket() as reading:
                next_of(reading, "queue")
                reading.send_json(watch)
                assert next_of(reading, "watching")["ok"] is True
                for i in range(6):  # the held conversation's messages go to both of lan's tabs
                    chat(client, "r1", f"bác hỏi thêm {i}")
                heard = [next_of(reading, "message")["message"]["text"] for _ in range(6)]
            assert heard == [f"bác hỏi thêm {i}" for i in range(6)]
            with pytest.raises(WebSocketDisconnect) as closed:
                while True:
                    stalled.receive_json()
            assert (closed.value.code, closed.value.reason) == (OUTBOX_FULL, OUTBOX_FULL_REASON)
        with lan.socket() as again:  # console.js reconnects and watches again after the last seq it showed
            assert next_of(again, "queue")["mine"][0]["ticket_id"] == ticket_id
            again.send_json(watch)
            replayed = [next_of(again, "message")["message"] for _ in range(6)]
    assert [m["text"] for m in replayed] == [f"bác hỏi thêm {i}" for i in range(6)]
    assert [m["seq"] for m in replayed] == list(range(shown + 1, shown + 7))

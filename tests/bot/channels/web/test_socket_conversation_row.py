"""A widget visitor's conversation row is created by their first message, not by opening the widget;
everything that relies on the row (history on reconnect, the token, limits, erasure) still works."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from bot.app import create_app
from bot.conversations.models import Conversation
from bot.handoff.models import Ticket
from bot.privacy import texts
from tests.bot.channels.web.test_socket import hello, is_reply, until
from tests.bot.console.conftest import say


def conversations(database_url: str) -> list[Conversation]:
    with Session(create_engine(database_url)) as session:
        return list(session.scalars(select(Conversation).order_by(Conversation.id)))


def first_message(ws, text: str = "xin chào", client_id: str = "c-1") -> list[dict]:
    ws.send_json({"type": "message", "client_id": client_id, "text": text})
    return until(ws, lambda f: f["type"] == "typing" and not f["on"])


def test_opening_the_widget_leaves_no_row(client, database_url):
    for _ in range(3):
        with client.websocket_connect("/ws/chat") as ws:
            welcome = hello(ws)
            ws.send_json({"type": "ping"})
            assert ws.receive_json() == {"type": "pong"}
    assert welcome["token"].startswith(welcome["sender"] + ".") and welcome["history"] == []
    assert conversations(database_url) == []


def test_reconnect_before_and_after_the_first_message(client, database_url):
    with client.websocket_connect("/ws/chat") as ws:
        first = hello(ws)
    with client.websocket_connect("/ws/chat") as ws:  # before any message: the same resident, nothing to replay
        again = hello(ws, first["token"], last_seq=0)
        assert again["sender"] == first["sender"] and again["history"] == []
        assert conversations(database_url) == []
        frames = first_message(ws)
    ack = next(f for f in frames if f["type"] == "ack")
    assert ack == {"type": "ack", "client_id": "c-1", "seq": 1}
    [row] = conversations(database_url)
    assert (row.channel, row.external_id, row.last_seq) == ("web", first["sender"], 2)
    assert row.network  # the client network, for the cap on open tickets, is kept from the first message
    with client.websocket_connect("/ws/chat") as ws:  # after it: the history comes back
        welcome = hello(ws, again["token"], last_seq=0)
        assert [(m["seq"], m["direction"]) for m in welcome["history"]] == [(1, "in"), (2, "out")]
        assert hello_then_resume(ws) is None
    with client.websocket_connect("/ws/chat") as ws:
        assert [m["seq"] for m in hello(ws, welcome["token"], last_seq=1)["history"]] == [2]


def hello_then_resume(ws) -> None:
    """The socket stays usable after a welcome with history: a ping is answered."""
    ws.send_json({"type": "ping"})
    assert ws.receive_json() == {"type": "pong"}


def test_an_erase_before_any_message_answers_and_creates_nothing(client, database_url):
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        for _ in range(2):
            ws.send_json({"type": "erase"})
            assert ws.receive_json() == {"type": "erased", "text": texts.ERASED}
    assert conversations(database_url) == []


def test_a_tab_opened_before_the_first_message_hears_it_and_can_erase_it(client, database_url):
    with client.websocket_connect("/ws/chat") as tab, client.websocket_connect("/ws/chat") as other_tab:
        token = hello(tab)["token"]
        hello(other_tab, token)
        first_message(tab)
        heard = until(other_tab, is_reply)
        assert [f["direction"] for f in heard if f["type"] == "message"] == ["in", "out"]
        other_tab.send_json({"type": "erase"})  # this tab never sent anything: it erases the conversation all the same
        assert until(other_tab, lambda f: f["type"] == "erased")[-1]["text"] == texts.ERASED
        assert until(tab, lambda f: f["type"] == "erased")[-1]["text"] == texts.ERASED
    [row] = conversations(database_url)
    assert row.channel == "erased"


def test_a_message_after_an_erasure_starts_a_new_conversation_on_the_same_socket(client, database_url):
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        first_message(ws)
        ws.send_json({"type": "erase"})
        until(ws, lambda f: f["type"] == "erased")
        frames = first_message(ws, "lại là tôi", "c-2")
        assert next(f for f in frames if f["type"] == "ack")["seq"] == 1
        assert any(is_reply(f) for f in frames)  # still heard: the socket follows the resident, not the old row
    assert [row.channel for row in conversations(database_url)] == ["erased", "web"]


def test_a_rejected_first_message_creates_no_row(client, database_url):
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        ws.send_json({"type": "message", "client_id": "c-1", "text": "   "})
        assert ws.receive_json()["type"] == "error"
    assert conversations(database_url) == []


def test_the_limit_per_resident_counts_before_any_row(settings, database_url):
    settings.chat_rate_per_minute = 3  # a burst of 1 for the resident
    with TestClient(create_app(settings)) as client, client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        ws.send_json({"type": "erase"})  # an erase costs as a message does, with or without a row
        assert ws.receive_json()["type"] == "erased"
        ws.send_json({"type": "message", "client_id": "c-1", "text": "alo"})
        error = until(ws, lambda f: f["type"] == "error")[-1]
    assert error["code"] == "rate_limited" and error["client_id"] == "c-1"
    assert conversations(database_url) == []


@pytest.mark.parametrize("cap", [1])
def test_open_tickets_per_network_are_capped_for_widget_residents(settings, rasa, database_url, cap):
    settings.max_open_tickets_per_ip = cap
    say(rasa, "gặp người")
    answers = []
    with TestClient(create_app(settings)) as client:
        for _ in range(2):  # two new residents from one address, each asking for a person at once
            with client.websocket_connect("/ws/chat") as ws:
                hello(ws)
                answers.append([f for f in first_message(ws, "gặp người") if is_reply(f)][-1])
    with Session(create_engine(database_url)) as session:
        assert session.scalar(select(func.count(Ticket.id))) == cap
    assert answers[0]["meta"].get("ticket_id") and answers[1]["meta"].get("refused") == "network_cap"

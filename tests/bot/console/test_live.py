"""The console's WebSocket: the queue as it changes, and the held conversation's messages."""

from __future__ import annotations

import pytest
from starlette.websockets import WebSocketDisconnect

from tests.bot.console.conftest import chat, say


def next_of(ws, kind: str, limit: int = 10) -> dict:
    for _ in range(limit):
        frame = ws.receive_json()
        if frame["type"] == kind:
            return frame
    raise AssertionError(f"no {kind} frame")


def test_a_new_ticket_reaches_open_consoles_and_messages_reach_the_holder(client, rasa, volunteers):
    say(rasa, "gặp người")
    lan = volunteers("lan")
    with lan.socket() as ws:
        assert next_of(ws, "queue")["waiting"] == []
        chat(client, "r1", "gặp người")
        queue = next_of(ws, "queue")
        [item] = queue["waiting"]
        assert item["reason"] == "request_human" and item["reason_label"] == "Muốn gặp người" and item["waiting_s"] >= 0
        ticket_id = item["ticket_id"]
        assert lan.claim(ticket_id).status_code == 200
        ws.send_json({"type": "watch", "ticket_id": ticket_id, "after_seq": 0})
        # the claim notice and the rest of the history arrive with the watch
        frames = [next_of(ws, "message") for _ in range(3)]
        assert [f["message"]["direction"] for f in frames] == ["in", "out", "out"]
        chat(client, "r1", "cháu ơi bác muốn hỏi")
        while True:
            frame = next_of(ws, "message")
            if frame["message"]["direction"] == "in" and frame["message"]["seq"] > frames[-1]["message"]["seq"]:
                break
        assert frame["message"]["text"] == "cháu ơi bác muốn hỏi" and frame["ticket_id"] == ticket_id


def test_another_volunteer_cannot_watch_a_conversation_that_is_not_theirs(client, rasa, volunteers):
    say(rasa, "gặp người")
    chat(client, "r2", "gặp người")
    lan, minh = volunteers("lan"), volunteers("minh")
    ticket_id = lan.claim().json()["ticket_id"]
    with minh.socket() as ws:
        next_of(ws, "queue")
        ws.send_json({"type": "watch", "ticket_id": ticket_id, "after_seq": 0})
        assert next_of(ws, "watching") == {"type": "watching", "ticket_id": ticket_id, "ok": False}


def test_a_page_on_another_origin_cannot_open_the_socket(client, volunteers):
    lan = volunteers("lan")
    with pytest.raises(WebSocketDisconnect) as closed:
        with lan.socket(origin="http://evil.example") as ws:
            ws.receive_json()
    assert closed.value.code == 1008


def test_no_socket_without_a_log_in(client):
    client.cookies.clear()
    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect("/console/ws", headers={"origin": "http://testserver"}) as ws:
            ws.receive_json()


def test_bad_frames_are_answered_not_fatal(client, volunteers):
    with volunteers("lan").socket() as ws:
        next_of(ws, "queue")
        ws.send_text("not json")
        assert next_of(ws, "error")["code"] == "bad_frame"
        ws.send_json({"type": "ping"})
        assert next_of(ws, "pong") == {"type": "pong"}


def test_an_open_console_counts_as_a_volunteer_on_line(client, rasa, volunteers):
    say(rasa, "gặp người")
    with volunteers("lan").socket() as ws:
        next_of(ws, "queue")
        _, queued = chat(client, "r3", "gặp người")
        assert "thời gian chờ dự kiến" in queued["text"]

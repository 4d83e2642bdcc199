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


def _frames_until_pong(ws) -> list[dict]:
    ws.send_json({"type": "ping"})
    frames = []
    while (frame := ws.receive_json())["type"] != "pong":
        frames.append(frame)
    return frames


def test_after_resolving_the_volunteer_no_longer_watches_live(client, rasa, volunteers):
    say(rasa, "gặp người")
    chat(client, "r9", "gặp người")
    lan, boss = volunteers("lan"), volunteers("boss", role="admin")
    ticket_id = lan.claim().json()["ticket_id"]
    with lan.socket() as ws, boss.socket() as admin_ws:
        next_of(ws, "queue")
        next_of(admin_ws, "queue")
        ws.send_json({"type": "watch", "ticket_id": ticket_id, "after_seq": 0})
        assert next_of(ws, "watching")["ok"] is True
        admin_ws.send_json({"type": "watch", "ticket_id": ticket_id, "after_seq": 0})
        assert next_of(admin_ws, "watching")["ok"] is True
        assert lan.post(f"/console/api/tickets/{ticket_id}/resolve", {"outcome": "guided"}).status_code == 200
        _frames_until_pong(ws)
        chat(client, "r9", "chuyện riêng: con gái bác sắp cưới")
        later = [f for f in _frames_until_pong(ws) if f["type"] == "message"]
        assert later == []  # the tab still "watches", but the ticket is over
        ws.send_json({"type": "watch", "ticket_id": ticket_id, "after_seq": 0})
        assert next_of(ws, "watching")["ok"] is False  # nor can it start again
        seen_by_admin = [f["message"]["text"] for f in _frames_until_pong(admin_ws) if f["type"] == "message"]
        assert "chuyện riêng: con gái bác sắp cưới" in seen_by_admin  # admins keep full access


def test_opening_a_conversation_is_logged_once_per_sitting(client, rasa, volunteers):
    from sqlalchemy import select

    from bot.access.models import AccessKind, ConversationAccess

    say(rasa, "gặp người")
    chat(client, "r10", "gặp người")
    lan = volunteers("lan")
    ticket_id = lan.claim().json()["ticket_id"]
    assert lan.get(f"/console/tickets/{ticket_id}").status_code == 200
    with lan.socket() as ws:  # the page's own socket, right after: the same opening
        next_of(ws, "queue")
        ws.send_json({"type": "watch", "ticket_id": ticket_id, "after_seq": 0})
        assert next_of(ws, "watching")["ok"] is True
    boss = volunteers("boss", role="admin")
    with boss.socket() as ws:  # an admin watching without the page: logged as such
        next_of(ws, "queue")
        ws.send_json({"type": "watch", "ticket_id": ticket_id, "after_seq": 0})
        assert next_of(ws, "watching")["ok"] is True
    with client.app.state.sessions() as session:
        rows = list(session.scalars(select(ConversationAccess).order_by(ConversationAccess.id)))
    assert [(r.user_id, r.username, r.role, r.ticket_id, r.kind) for r in rows] == [
        (lan.user_id, "lan", "volunteer", ticket_id, AccessKind.TICKET_PAGE),
        (boss.user_id, "boss", "admin", ticket_id, AccessKind.LIVE_WATCH),
    ]
    assert len({r.conversation_id for r in rows}) == 1


def _last_seen(client, when) -> None:
    from sqlalchemy import update

    from bot.auth.models import LoginSession

    with client.app.state.sessions() as session:
        session.execute(update(LoginSession).values(last_seen_at=when))
        session.commit()


def test_an_open_console_keeps_its_log_in_alive_and_closes_when_it_ends(client, volunteers):
    from datetime import datetime, timedelta, timezone

    from bot.auth.models import LoginSession
    from bot.auth.timestamps import aware

    lan = volunteers("lan")
    with lan.socket() as ws:
        next_of(ws, "queue")
        _last_seen(client, datetime.now(timezone.utc) - timedelta(minutes=20))  # a quiet queue for a while
        ws.send_json({"type": "ping"})
        assert next_of(ws, "pong") == {"type": "pong"}
        with client.app.state.sessions() as session:
            [login] = session.query(LoginSession).all()
        assert datetime.now(timezone.utc) - aware(login.last_seen_at) < timedelta(minutes=1)  # still on duty
        _last_seen(client, datetime.now(timezone.utc) - timedelta(minutes=31))  # idle past the limit
        ws.send_json({"type": "ping"})
        with pytest.raises(WebSocketDisconnect) as closed:
            next_of(ws, "pong")
    assert closed.value.code == 1008


def test_logging_out_ends_the_open_console_socket(client, volunteers):
    lan = volunteers("lan")
    with lan.socket() as ws:
        next_of(ws, "queue")
        assert lan.post("/logout", follow_redirects=False).status_code == 303
        ws.send_json({"type": "ping"})
        with pytest.raises(WebSocketDisconnect) as closed:
            next_of(ws, "pong")
    assert closed.value.code == 1008

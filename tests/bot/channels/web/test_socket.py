"""The widget's WebSocket protocol: hello/welcome, ack, replies, resume, de-duplication, bad frames."""

from __future__ import annotations

import json

import pytest
from starlette.websockets import WebSocketDisconnect


def hello(ws, token=None, last_seq=0, **fields) -> dict:
    ws.send_json({"type": "hello", "token": token, "last_seq": last_seq, **fields})
    welcome = ws.receive_json()
    assert welcome["type"] == "welcome"
    return welcome


def until(ws, predicate, limit=20) -> list[dict]:
    """Frames up to and including the first one matching the predicate."""
    frames = []
    for _ in range(limit):
        frame = ws.receive_json()
        frames.append(frame)
        if predicate(frame):
            return frames
    raise AssertionError(f"no matching frame in {frames}")


def is_reply(frame) -> bool:
    return frame["type"] == "message" and frame["direction"] == "out"


def test_new_visitor_gets_a_fresh_sender_a_token_and_empty_history(client):
    with client.websocket_connect("/ws/chat") as ws:
        welcome = hello(ws)
    assert len(welcome["sender"]) >= 16 and welcome["history"] == []
    assert welcome["token"].startswith(welcome["sender"] + ".")  # the id, signed


def test_message_is_acked_echoed_and_answered(client, rasa):
    rasa.script["xin chào"] = {
        "messages": [{"recipient_id": "x", "text": "Dạ chào ạ", "buttons": [{"title": "VNeID", "payload": "hỏi vneid"}]}],
        "intent": "greet",
        "confidence": 0.99,
    }
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        ws.send_json({"type": "message", "client_id": "c-1", "text": "xin chào"})
        frames = until(ws, lambda f: f["type"] == "typing" and not f["on"])
    kinds = [(f["type"], f.get("direction")) for f in frames]
    assert ("ack", None) in kinds and ("message", "in") in kinds and ("message", "out") in kinds
    ack = next(f for f in frames if f["type"] == "ack")
    echo = next(f for f in frames if f["type"] == "message" and f["direction"] == "in")
    reply = next(f for f in frames if is_reply(f))
    assert ack == {"type": "ack", "client_id": "c-1", "seq": 1}
    assert echo["client_id"] == "c-1" and echo["text"] == "xin chào"
    assert reply["seq"] == 2 and reply["text"] == "Dạ chào ạ"
    assert reply["buttons"] == [{"title": "VNeID", "payload": "hỏi vneid"}]
    assert reply["meta"]["source"] == "dialogue"


def offer(rasa, asked: str, button: dict) -> None:
    rasa.script[asked] = {
        "messages": [{"recipient_id": "x", "text": "Dạ, Bác chọn giúp con:", "buttons": [button]}],
        "intent": "ask_question",
        "confidence": 0.9,
    }


def test_an_offered_button_payload_goes_to_the_bot_title_is_shown(client, rasa):
    offer(rasa, "tạm trú", {"title": "Đăng ký tạm trú", "payload": "/ask_question"})
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        ws.send_json({"type": "message", "client_id": "c-0", "text": "tạm trú"})
        until(ws, is_reply)
        ws.send_json({"type": "message", "client_id": "c-1", "text": "Đăng ký tạm trú", "payload": "/ask_question"})
        frames = until(ws, lambda f: is_reply(f) and f["seq"] > 2)
    assert rasa.received[-1]["message"] == "/ask_question"
    echo = next(f for f in frames if f["type"] == "message" and f["direction"] == "in")
    assert echo["text"] == "Đăng ký tạm trú"


def test_a_payload_the_bot_never_offered_is_read_as_the_text(client, rasa):
    offer(rasa, "tạm trú", {"title": "Đăng ký tạm trú", "payload": "/ask_question"})
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        ws.send_json({"type": "message", "client_id": "c-0", "text": "tạm trú"})
        until(ws, is_reply)
        # a forged frame: the queue's emergency button was never shown here
        ws.send_json({"type": "message", "client_id": "c-1", "text": "cứu", "payload": "/emergency"})
        until(ws, lambda f: is_reply(f) and f["seq"] > 2)
    assert rasa.received[-1]["message"] == "cứu"


def test_reconnect_resumes_from_last_seq_without_duplicates(client):
    with client.websocket_connect("/ws/chat") as ws:
        first = hello(ws)
        ws.send_json({"type": "message", "client_id": "c-1", "text": "một"})
        until(ws, is_reply)
    with client.websocket_connect("/ws/chat") as ws:
        welcome = hello(ws, first["token"], last_seq=0)
        assert [m["seq"] for m in welcome["history"]] == [1, 2]
    assert welcome["sender"] == first["sender"]  # the same resident, with a renewed token
    with client.websocket_connect("/ws/chat") as ws:
        assert hello(ws, welcome["token"], last_seq=1)["history"][0]["seq"] == 2


def test_resent_client_id_is_stored_and_answered_once(client, rasa):
    with client.websocket_connect("/ws/chat") as ws:
        token = hello(ws)["token"]
        ws.send_json({"type": "message", "client_id": "same", "text": "hai"})
        until(ws, is_reply)
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws, token, last_seq=2)
        ws.send_json({"type": "message", "client_id": "same", "text": "hai"})
        ack = until(ws, lambda f: f["type"] == "ack")[-1]
    assert ack["seq"] == 1
    assert len(rasa.received) == 1


def test_bad_frames_get_vietnamese_errors_and_the_socket_survives(client, settings):
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        ws.send_text("{not json")
        assert ws.receive_json()["code"] == "bad_json"
        ws.send_bytes(b"\x00\x01")
        assert ws.receive_json()["code"] == "not_text"
        ws.send_json({"type": "message", "client_id": "c-1", "text": "   "})
        error = ws.receive_json()
        assert error == {"type": "error", "code": "empty", "text": error["text"], "client_id": "c-1"}
        assert "trống" in error["text"]
        ws.send_json({"type": "message", "client_id": "c-2", "text": "x" * (settings.max_message_chars + 1)})
        assert ws.receive_json()["code"] == "too_long"
        ws.send_json({"type": "message", "client_id": "c-3", "text": 12})
        assert ws.receive_json()["code"] == "not_text"
        ws.send_json({"type": "message", "text": "no id"})
        assert ws.receive_json()["code"] == "bad_frame"
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}


def test_first_frame_must_be_hello(client):
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json({"type": "message", "client_id": "c", "text": "hi"})
        assert ws.receive_json()["code"] == "bad_frame"
        try:
            ws.receive_json()
            raise AssertionError("socket should be closed")
        except WebSocketDisconnect as closed:
            assert closed.code == 1008


def test_invalid_token_is_replaced_not_trusted(client):
    with client.websocket_connect("/ws/chat") as ws:
        welcome = hello(ws, token="../../etc/passwd", last_seq=-5)
    assert welcome["sender"] != "../../etc/passwd" and welcome["history"] == []


def test_a_resident_id_chosen_by_the_client_gets_nothing_of_that_resident(client):
    with client.websocket_connect("/ws/chat") as ws:
        victim = hello(ws)
        ws.send_json({"type": "message", "client_id": "c-1", "text": "số nhà tôi là 12"})
        until(ws, is_reply)
    # the old protocol's way in: naming the resident; and a token of the victim's id signed by nobody
    forged = victim["sender"] + ".AAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAA"
    for attempt in ({"sender": victim["sender"]}, {"token": forged}, {"sender": "A" * 16}):
        with client.websocket_connect("/ws/chat") as ws:
            ws.send_json({"type": "hello", "last_seq": 0, **attempt})
            welcome = ws.receive_json()
        assert welcome["sender"] != victim["sender"] and welcome["history"] == []


def test_script_text_comes_back_as_plain_data(client):
    text = "<img src=x onerror=alert(1)>"
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        ws.send_json({"type": "message", "client_id": "c-1", "text": text})
        echo = next(f for f in until(ws, is_reply) if f["type"] == "message" and f["direction"] == "in")
    assert echo["text"] == text  # escaping is the widget's job: it renders with textContent


def test_two_tabs_of_one_resident_both_see_the_conversation(client):
    with client.websocket_connect("/ws/chat") as first:
        token = hello(first)["token"]
        with client.websocket_connect("/ws/chat") as second:
            hello(second, token)
            first.send_json({"type": "message", "client_id": "c-1", "text": "ba"})
            seen = until(second, is_reply)
    assert [f["direction"] for f in seen if f["type"] == "message"] == ["in", "out"]


def test_rasa_down_gives_system_message_over_the_socket(client, rasa):
    rasa.down = True
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        ws.send_json({"type": "message", "client_id": "c-1", "text": "alo"})
        reply = until(ws, is_reply)[-1]
    assert reply["meta"]["source"] == "system" and "đang bận" in reply["text"]


def test_frames_are_json_text(client):
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_text(json.dumps({"type": "hello", "token": None, "last_seq": 0}))
        assert json.loads(ws.receive_text())["type"] == "welcome"


def test_typed_slash_text_cannot_force_an_intent(client, rasa):
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        ws.send_json({"type": "message", "client_id": "c-1", "text": "/emergency"})
        until(ws, is_reply)
    assert rasa.received[-1]["message"] == "emergency"


def test_pages_of_other_sites_cannot_open_the_socket(client):
    try:
        with client.websocket_connect("/ws/chat", headers={"origin": "https://evil.example"}):
            raise AssertionError("the handshake should be refused")
    except WebSocketDisconnect as refused:
        assert refused.code == 1008
    with client.websocket_connect("/ws/chat", headers={"origin": "http://testserver"}) as ws:
        assert hello(ws)["history"] == []  # the gateway's own page


def test_configured_origins_are_the_only_ones_allowed(settings):
    from fastapi.testclient import TestClient

    from bot.app import create_app

    settings.widget_origins = "https://phuong.example"
    with TestClient(create_app(settings)) as client:
        with client.websocket_connect("/ws/chat", headers={"origin": "https://phuong.example"}) as ws:
            assert hello(ws)["history"] == []
        try:
            with client.websocket_connect("/ws/chat", headers={"origin": "http://testserver"}):
                raise AssertionError("the handshake should be refused")
        except WebSocketDisconnect as refused:
            assert refused.code == 1008


def test_new_residents_per_address_are_limited(settings):
    from fastapi.testclient import TestClient

    from bot.app import create_app

    settings.new_conversations_per_ip_per_hour = 6  # a burst of 2
    with TestClient(create_app(settings)) as client:
        tokens = []
        for _ in range(2):
            with client.websocket_connect("/ws/chat") as ws:
                tokens.append(hello(ws)["token"])
        with client.websocket_connect("/ws/chat") as ws:
            ws.send_json({"type": "hello", "token": None, "last_seq": 0})
            assert ws.receive_json()["code"] == "rate_limited"
        with client.websocket_connect("/ws/chat") as ws:  # a known resident is always let back in
            assert hello(ws, tokens[0])["type"] == "welcome"


def test_messages_per_address_are_limited_whatever_the_resident(settings):
    from contextlib import ExitStack

    from fastapi.testclient import TestClient

    from bot.app import create_app

    settings.ip_rate_per_minute = 15  # a burst of 5 for the address: 3 connections, then 2 messages
    with TestClient(create_app(settings)) as client, ExitStack() as open_sockets:
        sockets = [open_sockets.enter_context(client.websocket_connect("/ws/chat")) for _ in range(3)]
        for ws in sockets:  # three residents, one address
            hello(ws)
        codes = []
        for i, ws in enumerate(sockets):
            ws.send_json({"type": "message", "client_id": f"c-{i}", "text": "alo"})
            codes.append(until(ws, lambda f: f["type"] in ("ack", "error"))[-1].get("code"))
    assert codes == [None, None, "rate_limited"]


def test_deep_or_unreadable_json_gets_the_usual_error_and_the_socket_stays_open(client):
    # 5,000 nested brackets raised RecursionError and dropped the socket without a close frame (issue 17)
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        for text in ("[" * 5000 + "]" * 5000, '{"type": "message", "text": ' + "{" * 5000, "1" * 5000):
            ws.send_text(text)
            assert ws.receive_json()["code"] == "bad_json"
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}


def test_a_deep_hello_is_answered_then_closed(client):
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_text("[" * 5000 + "]" * 5000)
        assert ws.receive_json()["code"] == "bad_json"
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 1008


def test_a_huge_last_seq_reads_as_from_the_start(client, rasa):
    with client.websocket_connect("/ws/chat") as ws:
        token = hello(ws)["token"]
        ws.send_json({"type": "message", "client_id": "c-1", "text": "xin chào"})
        until(ws, lambda f: f["type"] == "typing" and not f["on"])
    with client.websocket_connect("/ws/chat") as ws:
        welcome = hello(ws, token, last_seq=2**64)  # reached SQL unchecked: a 500 (issue 17)
    assert [m["seq"] for m in welcome["history"]] == [1, 2]


def test_erasing_again_and_again_creates_nothing_and_always_answers(client, database_url):
    from sqlalchemy import create_engine, func, select
    from sqlalchemy.orm import Session

    from bot.conversations.models import Conversation

    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        ws.send_json({"type": "message", "client_id": "c-1", "text": "xin chào"})
        until(ws, is_reply)
        for _ in range(3):  # a script looping erase frames used to make a new conversation row each time
            ws.send_json({"type": "erase"})
            assert until(ws, lambda f: f["type"] in ("erased", "error"))[-1]["type"] == "erased"
    with Session(create_engine(database_url)) as session:
        assert session.scalar(select(func.count(Conversation.id))) == 1


def test_a_database_failure_is_answered_with_a_frame_not_a_bare_close(client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    async def broken(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(client.app.state.service, "accept", broken)
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        ws.send_json({"type": "message", "client_id": "c-1", "text": "alo"})
        error = until(ws, lambda f: f["type"] == "error")[-1]
        assert error["code"] == "unavailable" and "trục trặc" in error["text"]
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 1011


def test_reconnects_with_a_valid_token_cost_the_address_too(settings):
    from fastapi.testclient import TestClient

    from bot.app import create_app

    settings.ip_rate_per_minute = 9  # a burst of 3 for the address
    with TestClient(create_app(settings)) as client:
        with client.websocket_connect("/ws/chat") as ws:
            token = hello(ws)["token"]
        answers = []
        for _ in range(4):  # a reconnect storm with one valid token
            with client.websocket_connect("/ws/chat") as ws:
                ws.send_json({"type": "hello", "token": token, "last_seq": 0})
                answers.append(ws.receive_json()["type"])
    assert answers[:2] == ["welcome", "welcome"] and answers[-1] == "error"

"""The widget's WebSocket protocol: hello/welcome, ack, replies, resume, de-duplication, bad frames."""

from __future__ import annotations

import json

from starlette.websockets import WebSocketDisconnect


def hello(ws, sender=None, last_seq=0) -> dict:
    ws.send_json({"type": "hello", "sender": sender, "last_seq": last_seq})
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


def test_new_visitor_gets_a_fresh_sender_and_empty_history(client):
    with client.websocket_connect("/ws/chat") as ws:
        welcome = hello(ws)
    assert len(welcome["sender"]) >= 16 and welcome["history"] == []


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


def test_button_payload_goes_to_the_bot_title_is_shown(client, rasa):
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        ws.send_json({"type": "message", "client_id": "c-1", "text": "Đăng ký tạm trú", "payload": "/ask_question"})
        frames = until(ws, is_reply)
    assert rasa.received[-1]["message"] == "/ask_question"
    echo = next(f for f in frames if f["type"] == "message" and f["direction"] == "in")
    assert echo["text"] == "Đăng ký tạm trú"


def test_reconnect_resumes_from_last_seq_without_duplicates(client):
    with client.websocket_connect("/ws/chat") as ws:
        sender = hello(ws)["sender"]
        ws.send_json({"type": "message", "client_id": "c-1", "text": "một"})
        until(ws, is_reply)
    with client.websocket_connect("/ws/chat") as ws:
        welcome = hello(ws, sender, last_seq=0)
        assert [m["seq"] for m in welcome["history"]] == [1, 2]
    with client.websocket_connect("/ws/chat") as ws:
        assert hello(ws, sender, last_seq=1)["history"][0]["seq"] == 2
        assert hello  # same sender keeps its conversation


def test_resent_client_id_is_stored_and_answered_once(client, rasa):
    with client.websocket_connect("/ws/chat") as ws:
        sender = hello(ws)["sender"]
        ws.send_json({"type": "message", "client_id": "same", "text": "hai"})
        until(ws, is_reply)
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws, sender, last_seq=2)
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


def test_invalid_sender_is_replaced_not_trusted(client):
    with client.websocket_connect("/ws/chat") as ws:
        welcome = hello(ws, sender="../../etc/passwd", last_seq=-5)
    assert welcome["sender"] != "../../etc/passwd" and welcome["history"] == []


def test_script_text_comes_back_as_plain_data(client):
    text = "<img src=x onerror=alert(1)>"
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        ws.send_json({"type": "message", "client_id": "c-1", "text": text})
        echo = next(f for f in until(ws, is_reply) if f["type"] == "message" and f["direction"] == "in")
    assert echo["text"] == text  # escaping is the widget's job: it renders with textContent


def test_two_tabs_of_one_resident_both_see_the_conversation(client):
    with client.websocket_connect("/ws/chat") as first:
        sender = hello(first)["sender"]
        with client.websocket_connect("/ws/chat") as second:
            hello(second, sender)
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
        ws.send_text(json.dumps({"type": "hello", "sender": None, "last_seq": 0}))
        assert json.loads(ws.receive_text())["type"] == "welcome"


def test_typed_slash_text_cannot_force_an_intent(client, rasa):
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        ws.send_json({"type": "message", "client_id": "c-1", "text": "/emergency"})
        until(ws, is_reply)
    assert rasa.received[-1]["message"] == "emergency"

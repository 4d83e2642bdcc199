"""Parts of the real stack going down and coming back: clear answers, nothing lost."""

from __future__ import annotations

import asyncio
import json
import uuid

import httpx
import websockets


def chat(stack, sender: str, text: str) -> list[dict]:
    response = httpx.post(f"{stack.gateway_url}/api/chat", json={"sender": sender, "message": text}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_action_server_down_holds_the_message_then_answers_it_by_itself(stack):
    url = stack.gateway_url.replace("http", "ws") + "/ws/chat"

    async def resident() -> tuple[dict, dict]:
        async with websockets.connect(url) as ws:
            await ws.send(json.dumps({"type": "hello", "token": None, "last_seq": 0}))
            await ws.recv()
            await ws.send(json.dumps({"type": "message", "client_id": "c-1", "text": "quen mat khau vneid"}))
            notice = await _next_reply(ws)
            # the bot comes back: the held message is answered with nothing more sent
            started.append(True)
            await asyncio.to_thread(stack.start_one, "actions")
            return notice, await _next_reply(ws, timeout=120)

    started: list[bool] = []
    stack.stop_one("actions")
    try:
        assert "action_server" in httpx.get(f"{stack.gateway_url}/readyz").json()["down"]
        notice, answer = asyncio.run(resident())
    finally:
        if not started:
            stack.start_one("actions")
        stack.wait_ready(timeout=120)
    assert notice["meta"]["source"] == "system" and notice["meta"]["bot_busy"] is True and "đang bận" in notice["text"]
    assert answer["meta"]["source"] == "faq"


async def _next_reply(ws, timeout: float = 30) -> dict:
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if frame["type"] == "message" and frame["direction"] == "out":
            return frame


def test_rasa_down_holds_the_message_and_a_person_is_one_tap_away(stack):
    sender = uuid.uuid4().hex
    stack.stop_one("rasa")
    try:
        [notice] = chat(stack, sender, "xin chao")
        assert notice["meta"]["source"] == "system" and notice["meta"]["bot_busy"] is True
        assert httpx.get(f"{stack.gateway_url}/readyz").status_code == 503
        [queued] = chat(stack, sender, notice["buttons"][0]["payload"])  # «Gặp người hỗ trợ», without Rasa
        assert queued["meta"]["mode"] == "waiting" and queued["meta"]["handoff_reason"] == "request_human"
    finally:
        stack.start_one("rasa")
        stack.wait_ready(timeout=180)
    chat(stack, sender, "#handoff:cancel")
    [reply] = chat(stack, sender, "xin chao")
    assert reply["meta"]["intent"] == "greet"


def typing_off(frame) -> bool:
    return frame["type"] == "typing" and not frame["on"]


async def _ws_turn(url: str, token: str | None, last_seq: int, text: str | None, client_id: str = "c-1", until=typing_off):
    async with websockets.connect(url) as ws:  # the client offers per-message-deflate…
        # …and the gateway as started declines it (small frames: compression cost more than it saved)
        assert "Sec-WebSocket-Extensions" not in ws.response.headers
        await ws.send(json.dumps({"type": "hello", "token": token, "last_seq": last_seq}))
        welcome = json.loads(await ws.recv())
        frames = []
        if text is not None:
            await ws.send(json.dumps({"type": "message", "client_id": client_id, "text": text}))
            while True:
                frame = json.loads(await asyncio.wait_for(ws.recv(), 30))
                frames.append(frame)
                if until(frame):
                    break
            # anything else already queued for us (nothing is expected after a duplicate's ack)
            try:
                while True:
                    frames.append(json.loads(await asyncio.wait_for(ws.recv(), 0.5)))
            except asyncio.TimeoutError:
                pass
        return welcome, frames


def test_gateway_restart_mid_conversation_loses_no_message(stack):
    url = stack.gateway_url.replace("http", "ws") + "/ws/chat"
    welcome, frames = asyncio.run(_ws_turn(url, None, 0, "xin chao"))
    token = welcome["token"]  # its secret is in the stack's workdir: still valid after the restart
    assert any(f["type"] == "message" and f["direction"] == "out" for f in frames)

    stack.stop_one("gateway")
    stack.start_one("gateway")
    stack.wait_ready(timeout=120)

    welcome, frames = asyncio.run(_ws_turn(url, token, 0, "ban la ai", client_id="c-2"))
    assert [(m["direction"], m["seq"]) for m in welcome["history"]] == [("in", 1), ("out", 2)]
    reply = next(f for f in frames if f["type"] == "message" and f["direction"] == "out")
    assert reply["seq"] == 4 and reply["meta"]["intent"] == "bot_identity"
    # the widget re-sends an unacknowledged message after reconnecting: stored once, answered once
    _, again = asyncio.run(_ws_turn(url, token, 4, "ban la ai", client_id="c-2", until=lambda f: f["type"] == "ack"))
    assert [f for f in again if f["type"] == "ack"] == [{"type": "ack", "client_id": "c-2", "seq": 3}]
    assert not any(f["type"] == "message" for f in again)


def test_gateway_restart_in_a_handed_off_conversation_loses_no_message(stack):
    from tests.e2e.console_client import Console, create_user, next_frame

    create_user(stack, "restart_vol", display_name="Tú")
    volunteer = Console(stack, "restart_vol")
    sender = uuid.uuid4().hex
    chat(stack, sender, "cho toi gap nguoi that")
    waiting = volunteer.http.get("/console/api/queue").json()["waiting"]
    ticket_id = max(t["ticket_id"] for t in waiting if t["channel"] == "api")
    volunteer.claim(ticket_id)
    volunteer.reply(ticket_id, "Chào Bác, cháu là Tú ạ.")
    assert chat(stack, sender, "bac hoi ve dang ky tam tru") == []

    stack.stop_one("gateway")
    stack.start_one("gateway")
    stack.wait_ready(timeout=120)

    # still with the volunteer: the bot stays silent, the volunteer's session still works
    assert chat(stack, sender, "chau con do khong") == []
    volunteer.reply(ticket_id, "Dạ cháu vẫn đây ạ.")

    async def everything():
        async with volunteer.socket() as ws:
            await ws.send(json.dumps({"type": "watch", "ticket_id": ticket_id, "after_seq": 0}))
            frames = []
            while True:
                frame = await next_frame(ws, "message")
                frames.append(frame["message"])
                if frame["message"]["text"] == "Dạ cháu vẫn đây ạ.":
                    return frames

    messages = asyncio.run(everything())
    assert [m["seq"] for m in messages] == list(range(1, len(messages) + 1))  # no gap
    said = [m["text"] for m in messages]
    for text in ("cho toi gap nguoi that", "Chào Bác, cháu là Tú ạ.", "bac hoi ve dang ky tam tru", "chau con do khong"):
        assert text in said
    assert all(
        m["meta"].get("source") != "dialogue"
        for m in messages[messages.index(next(m for m in messages if "Tú đã nhận" in m["text"])) :]
    )
    volunteer.resolve(ticket_id)
    [answer] = chat(stack, sender, "ban la ai")
    assert answer["meta"]["intent"] == "bot_identity"
    volunteer.close()

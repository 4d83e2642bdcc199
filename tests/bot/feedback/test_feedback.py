"""👍/👎 under FAQ answers: shown, stored with the conversation, never sent to the bot."""

from __future__ import annotations

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot.feedback.models import Feedback
from bot.feedback.service import buttons_for, parse

FAQ_REPLY = {
    "messages": [
        {
            "recipient_id": "x",
            "text": "Dạ, các bước…",
            "custom": {"meta": {"source": "faq", "faq_id": "cu-tru-1", "faq_score": 0.9}},
        }
    ],
    "intent": "ask_question",
    "confidence": 0.95,
}


def turn(ws, client_id: str, text: str, payload: str | None = None) -> dict:
    frame = {"type": "message", "client_id": client_id, "text": text}
    if payload:
        frame["payload"] = payload
    ws.send_json(frame)
    while True:
        got = ws.receive_json()
        if got["type"] == "message" and got["direction"] == "out":
            return got


def votes(database_url: str) -> list[tuple[int, str]]:
    with Session(create_engine(database_url)) as session:
        return [(f.value, f.faq_id) for f in session.scalars(select(Feedback))]


def test_payloads_round_trip():
    up, down = buttons_for(12)
    assert parse(up["payload"]) == (1, 12) and parse(down["payload"]) == (-1, 12)
    assert parse("#feedback:sideways:1") is None and parse("/greet") is None


def test_faq_answer_gets_feedback_buttons_and_a_vote_is_stored(client, rasa, database_url):
    rasa.script["tạm trú"] = FAQ_REPLY
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json({"type": "hello", "token": None, "last_seq": 0})
        ws.receive_json()
        answer = turn(ws, "c-1", "tạm trú")
        assert answer["buttons"] == buttons_for(answer["seq"])
        thanks = turn(ws, "c-2", "👎 Chưa đúng", answer["buttons"][1]["payload"])
        assert "xin lỗi" in thanks["text"] and thanks["meta"]["source"] == "system"
        assert votes(database_url) == [(-1, "cu-tru-1")]
        turn(ws, "c-3", "👍 Hữu ích", answer["buttons"][0]["payload"])  # changing one's mind: the latest vote counts
    assert votes(database_url) == [(1, "cu-tru-1")]
    assert [r["message"] for r in rasa.received] == ["tạm trú"]  # votes never reach the bot


def test_a_vote_button_nobody_offered_is_read_as_text_and_stores_nothing(client, rasa, database_url):
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json({"type": "hello", "token": None, "last_seq": 0})
        ws.receive_json()
        greeting = turn(ws, "c-1", "chào")
        turn(ws, "c-2", "👍", f"#feedback:up:{greeting['seq']}")  # the greeting had no vote buttons
        turn(ws, "c-3", "👍", "#feedback:up:99999")
    assert votes(database_url) == []
    assert [r["message"] for r in rasa.received] == ["chào", "👍", "👍"]


def test_dialogue_replies_get_no_feedback_buttons(client, rasa):
    [reply] = client.post("/api/chat", json={"sender": "u", "message": "chào"}).json()
    assert "buttons" not in reply

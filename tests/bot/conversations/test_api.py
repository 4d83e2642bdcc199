"""POST /api/chat: the contract of design.md and every kind of bad input."""

from __future__ import annotations

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot.conversations.models import Message


def stored(database_url: str) -> list[Message]:
    with Session(create_engine(database_url)) as session:
        return list(session.scalars(select(Message).order_by(Message.id)))


def test_reply_has_the_contract_shape(client, rasa):
    rasa.script["chào"] = {
        "messages": [{"recipient_id": "x", "text": "Dạ chào ạ", "buttons": [{"title": "A", "payload": "/greet"}]}],
        "intent": "greet",
        "confidence": 0.97,
    }
    response = client.post("/api/chat", json={"sender": "u1", "message": "chào"})
    assert response.status_code == 200
    [reply] = response.json()
    assert reply["recipient_id"] == "u1"
    assert reply["text"] == "Dạ chào ạ"
    assert reply["buttons"] == [{"title": "A", "payload": "/greet"}]
    assert reply["meta"] == {"source": "dialogue", "intent": "greet", "confidence": 0.97, "handoff": False, "mode": "bot"}


def test_faq_meta_is_passed_through(client, rasa):
    rasa.script["tạm trú"] = {
        "messages": [
            {
                "recipient_id": "x",
                "text": "Dạ, các bước…",
                "custom": {"meta": {"source": "faq", "faq_id": "cu-tru-1", "faq_score": 0.81}},
            }
        ],
        "intent": "ask_question",
        "confidence": 0.9,
    }
    [reply] = client.post("/api/chat", json={"sender": "u1", "message": "tạm trú"}).json()
    assert reply["meta"]["source"] == "faq"
    assert reply["meta"]["faq_id"] == "cu-tru-1"
    assert reply["meta"]["faq_score"] == 0.81


def test_nlu_fallback_is_marked_fallback(client, rasa):
    rasa.script["???"] = {
        "messages": [{"recipient_id": "x", "text": "Dạ, con chưa hiểu"}],
        "intent": "nlu_fallback",
        "confidence": 0.3,
    }
    [reply] = client.post("/api/chat", json={"sender": "u1", "message": "???"}).json()
    assert reply["meta"]["source"] == "fallback"


def test_message_and_reply_are_stored_in_order(client, rasa, database_url):
    client.post("/api/chat", json={"sender": "u2", "message": "xin chào"})
    messages = stored(database_url)
    assert [(m.direction, m.seq, m.status) for m in messages] == [("in", 1, "answered"), ("out", 2, "pending")]
    assert messages[0].text == "xin chào"
    assert messages[1].reply_to == 1
    assert rasa.received[0]["sender"].startswith("conv-")  # Rasa never sees the resident's own id


def test_ward_placeholders_are_filled(client, rasa, settings):
    rasa.script["giờ"] = {
        "messages": [{"recipient_id": "x", "text": "Phường làm việc {ward_hours}. {other}"}],
        "intent": "ask_question",
        "confidence": 1,
    }
    [reply] = client.post("/api/chat", json={"sender": "u1", "message": "giờ"}).json()
    assert reply["text"] == f"Phường làm việc {settings.ward_hours}. {{other}}"


def test_rasa_down_gives_a_vietnamese_system_reply_and_keeps_the_message(client, rasa, database_url):
    rasa.down = True
    [notice] = client.post("/api/chat", json={"sender": "u3", "message": "làm căn cước"}).json()
    assert notice["meta"]["source"] == "system" and notice["meta"]["bot_busy"] is True
    assert "đang bận" in notice["text"] and notice["buttons"] == [{"title": "Gặp người hỗ trợ", "payload": "#handoff:person"}]
    # held for the bot, not handed to a person (bot/conversations/test_retrier.py: the rest of the outage)
    assert notice["meta"]["handoff"] is False and notice["meta"]["mode"] == "bot"
    inbound = [m for m in stored(database_url) if m.direction == "in"]
    assert [(m.text, m.status) for m in inbound] == [("làm căn cước", "deferred")]


def test_empty_reply_from_rasa_counts_as_unavailable(client, rasa):
    rasa.script["im lặng"] = {"messages": [], "intent": "ask_question", "confidence": 0.9}
    [reply] = client.post("/api/chat", json={"sender": "u1", "message": "im lặng"}).json()
    assert reply["meta"]["source"] == "system" and reply["meta"]["bot_busy"] is True


def test_unreachable_rasa_gives_system_reply(settings, rasa):
    from fastapi.testclient import TestClient

    from bot.app import create_app
    from tests.support.loopback import LOCAL_CALLER

    settings.rasa_url = "http://127.0.0.1:9"  # nothing listens there
    with TestClient(create_app(settings), client=LOCAL_CALLER) as client:
        [reply] = client.post("/api/chat", json={"sender": "u1", "message": "alo"}).json()
    assert reply["meta"]["source"] == "system" and reply["meta"]["bot_busy"] is True


def test_empty_and_whitespace_messages_are_rejected_in_vietnamese(client, rasa, database_url):
    for text in ["", "   \n\t "]:
        response = client.post("/api/chat", json={"sender": "u1", "message": text})
        assert response.status_code == 422
        assert response.json()["error"] == "empty"
        assert "trống" in response.json()["message"]
    assert stored(database_url) == [] and rasa.received == []


def test_too_long_message_is_rejected(client, settings):
    response = client.post("/api/chat", json={"sender": "u1", "message": "a" * (settings.max_message_chars + 1)})
    assert response.status_code == 413
    assert response.json()["error"] == "too_long"
    ok = client.post("/api/chat", json={"sender": "u1", "message": "a" * settings.max_message_chars})
    assert ok.status_code == 200


def test_non_text_message_is_rejected(client):
    for value in [42, None, ["a"], {"text": "a"}, True]:
        response = client.post("/api/chat", json={"sender": "u1", "message": value})
        assert response.status_code == 422, value
        assert response.json()["error"] == "not_text"


def test_malformed_json_and_binary_bodies(client):
    response = client.post("/api/chat", content=b'{"sender": "u1", "message": ', headers={"content-type": "application/json"})
    assert response.status_code == 400 and response.json()["error"] == "malformed_json"
    response = client.post("/api/chat", content=bytes(range(256)), headers={"content-type": "application/json"})
    assert response.status_code == 400


def test_missing_or_wrong_sender(client):
    for body in [
        {"message": "hi"},
        {"sender": "", "message": "hi"},
        {"sender": 5, "message": "hi"},
        {"sender": "x" * 200, "message": "hi"},
    ]:
        response = client.post("/api/chat", json=body)
        assert response.status_code == 422, body
        assert response.json()["error"] == "invalid_request"


def test_huge_body_is_refused_before_parsing(client):
    response = client.post("/api/chat", content=b"x" * (2 * 1024 * 1024), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


def test_html_is_stored_verbatim_not_interpreted(client, rasa, database_url):
    text = "<script>alert(1)</script>"
    client.post("/api/chat", json={"sender": "u1", "message": text})
    assert stored(database_url)[0].text == text


def test_control_characters_are_dropped(client, database_url):
    client.post("/api/chat", json={"sender": "u1", "message": "xin\x00 chào\x07"})
    assert stored(database_url)[0].text == "xin chào"


def test_rate_limit_answers_429_in_vietnamese(settings):
    from fastapi.testclient import TestClient

    from bot.app import create_app
    from tests.support.loopback import LOCAL_CALLER

    settings.chat_rate_per_minute = 6  # burst of 2
    with TestClient(create_app(settings), client=LOCAL_CALLER) as client:
        codes = [client.post("/api/chat", json={"sender": "flood", "message": "a"}).status_code for _ in range(4)]
        other = client.post("/api/chat", json={"sender": "calm", "message": "a"}).status_code
    assert codes[:2] == [200, 200] and codes[-1] == 429
    assert other == 200


def test_a_slash_message_is_a_button_payload_only_if_the_bot_offered_it(client, rasa):
    client.post("/api/chat", json={"sender": "u1", "message": "/greet"})
    assert rasa.received[-1]["message"] == "greet"  # typed: text, never an intent it chose
    rasa.script["chào"] = {
        "messages": [{"recipient_id": "x", "text": "Dạ chào ạ", "buttons": [{"title": "A", "payload": "/greet"}]}],
        "intent": "greet",
        "confidence": 0.99,
    }
    client.post("/api/chat", json={"sender": "u1", "message": "chào"})
    client.post("/api/chat", json={"sender": "u1", "message": "/greet"})
    assert rasa.received[-1]["message"] == "/greet"  # as in Rasa's REST channel, a pressed button

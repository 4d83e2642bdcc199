"""GET /api/chat/messages and the POST's headers: an API caller fetches the answers that come later
(a message held during an outage and answered by the retrier, a volunteer's reply)."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from tests.bot.console.conftest import say
from tests.support.loopback import LOCAL_CALLER

ELSEWHERE = ("203.0.113.7", 40000)  # not this machine
MESSAGES = "/api/chat/messages"


def fetch(client: TestClient, sender: str, after: int = 0, **headers: str) -> list[dict]:
    response = client.get(MESSAGES, params={"sender": sender, "after": after}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def wait_for(client: TestClient, sender: str, after: int, count: int, timeout_s: float = 15.0) -> list[dict]:
    """Polls as an integration would until `count` messages have come (the app's retrier ticks every second)."""
    deadline = time.monotonic() + timeout_s
    while True:
        got = fetch(client, sender, after)
        if len(got) >= count or time.monotonic() > deadline:
            return got
        time.sleep(0.2)


def test_a_message_held_in_an_outage_is_answered_later_and_fetched(client, rasa):
    rasa.down = True
    first = client.post("/api/chat", json={"sender": "bac-tu", "message": "làm căn cước"})
    second = client.post("/api/chat", json={"sender": "bac-tu", "message": "lệ phí bao nhiêu"})
    assert first.status_code == second.status_code == 200
    [notice] = first.json()
    assert notice["meta"]["bot_busy"] is True and notice["seq"] == 2
    assert (first.headers["x-chat-seq"], first.headers["x-chat-held"]) == ("1", "bot")
    assert first.headers["x-chat-answers"] == "/api/chat/messages?sender=bac-tu&after=1"
    assert second.json() == [] and (second.headers["x-chat-seq"], second.headers["x-chat-held"]) == ("3", "bot")
    assert fetch(client, "bac-tu", after=3) == []  # nothing yet: the bot is still down

    rasa.down = False  # the app's retrier answers by itself
    answers = wait_for(client, "bac-tu", after=3, count=2)
    assert [(a["reply_to"], a["text"]) for a in answers] == [
        (1, "Dạ, bot nhận được: làm căn cước"),
        (3, "Dạ, bot nhận được: lệ phí bao nhiêu"),
    ]
    assert all(a["recipient_id"] == "bac-tu" and a["meta"]["source"] == "dialogue" for a in answers)
    assert answers[0]["seq"] < answers[1]["seq"] and answers[0]["created_at"]
    # the address in the header gives the same answers, with the notice the POST already returned
    everything = client.get(first.headers["x-chat-answers"]).json()
    assert [m["seq"] for m in everything] == [2] + [a["seq"] for a in answers]
    assert fetch(client, "bac-tu", after=answers[-1]["seq"]) == []  # read on from the last seq: nothing twice


def test_an_answer_given_at_once_says_its_seq_and_nothing_is_held(client, rasa):
    response = client.post("/api/chat", json={"sender": "bac-an", "message": "xin chào"})
    [reply] = response.json()
    assert response.headers["x-chat-seq"] == "1" and reply["seq"] == 2
    assert "x-chat-held" not in response.headers and "x-chat-answers" not in response.headers
    [fetched] = fetch(client, "bac-an")
    assert {k: fetched[k] for k in reply} == reply and fetched["reply_to"] == 1  # the same message, as stored


def test_a_volunteers_conversation_is_held_for_the_person(client, rasa):
    say(rasa, "gặp người")
    client.post("/api/chat", json={"sender": "bac-ba", "message": "gặp người"})
    waiting = client.post("/api/chat", json={"sender": "bac-ba", "message": "tôi chờ ở đây"})
    assert waiting.json() == [] and waiting.headers["x-chat-held"] == "person"


def test_messages_are_read_as_stored_with_numbers_masked(client, rasa):
    cccd = "079201001234"
    client.post("/api/chat", json={"sender": "bac-nam", "message": f"số căn cước của tôi là {cccd}"})
    said = fetch(client, "bac-nam")
    assert said and not any(cccd in m["text"] for m in said)
    assert any(m["meta"].get("notice") for m in said)  # the resident is told the number was hidden
    assert any("nhận được" in m["text"] for m in said)  # and the bot's echo carries the masked text


def test_limit_and_after_page_through(client, rasa):
    for n in range(4):
        client.post("/api/chat", json={"sender": "bac-sau", "message": f"câu {n}"})
    page = client.get(MESSAGES, params={"sender": "bac-sau", "limit": 3}).json()
    assert [m["seq"] for m in page] == [2, 4, 6]
    rest = client.get(MESSAGES, params={"sender": "bac-sau", "after": page[-1]["seq"], "limit": 3}).json()
    assert [m["seq"] for m in rest] == [8]


def test_an_unknown_sender_gets_an_empty_list_and_creates_nothing(client, database_url):
    from sqlalchemy import create_engine, func, select
    from sqlalchemy.orm import Session

    from bot.conversations.models import Conversation

    assert fetch(client, "chua-tung-viet") == []
    with Session(create_engine(database_url)) as session:
        assert session.scalar(select(func.count(Conversation.id))) == 0


def test_a_widget_residents_conversation_is_never_read(client, rasa):
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json({"type": "hello", "token": None, "last_seq": 0})
        resident = ws.receive_json()["sender"]
        ws.send_json({"type": "message", "client_id": "c-1", "text": "xin chào"})
        while ws.receive_json().get("direction") != "out":
            pass
    assert fetch(client, resident) == []


@pytest.mark.parametrize(
    "params",
    [
        {"sender": "bac-tu", "after": "abc"},
        {"sender": "bac-tu", "after": "-1"},
        {"sender": "bac-tu", "after": "²"},
        {"sender": "bac-tu", "after": "١٢"},
        {"sender": "bac-tu", "after": " 1"},
        {"sender": "bac-tu", "after": "1.0"},
        {"sender": "bac-tu", "after": "1_000"},
        {"sender": "bac-tu", "after": "+5"},
        {"sender": "bac-tu", "after": str(2**63)},
        {"sender": "bac-tu", "after": "9" * 5000},
        {"sender": "bac-tu", "after": ""},
        {"sender": "bac-tu", "limit": "0"},
        {"sender": "bac-tu", "limit": "101"},
        {"sender": "bac-tu", "limit": "ba"},
        {"sender": ""},
        {"sender": "x" * 129},
        {"sender": "bac\x00tu"},
        {},
    ],
)
def test_bad_parameters_are_refused_clearly_never_a_500(client, params):
    response = client.get(MESSAGES, params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "invalid_request" and body["message"].startswith("Dạ") and body["details"]


def test_a_sender_with_control_characters_is_refused_on_the_post_too(client):
    response = client.post("/api/chat", json={"sender": "bac\x00tu", "message": "xin chào"})
    assert response.status_code == 422 and response.json()["error"] == "invalid_request"


def test_the_same_key_as_the_post(settings):
    settings.chat_api_key = "k3y-for-the-ward-portal-integration"
    params = {"sender": "bac-tu"}
    with TestClient(create_app(settings), client=LOCAL_CALLER) as client:
        assert client.get(MESSAGES, params=params).status_code == 401  # loopback is no key
        wrong = client.get(MESSAGES, params=params, headers={"x-api-key": "guess"})
        right = client.get(MESSAGES, params=params, headers={"x-api-key": settings.chat_api_key})
    assert wrong.status_code == 401 and wrong.json()["error"] == "not_allowed"
    assert right.status_code == 200 and right.json() == []


def test_the_key_is_checked_before_the_parameters(settings):
    with TestClient(create_app(settings), client=ELSEWHERE) as remote:
        assert remote.get(MESSAGES, params={"sender": "bac-tu"}).status_code == 401  # no key: loopback only
        assert remote.get(MESSAGES, params={"after": "abc"}).status_code == 401


def test_polling_is_limited_per_address(client):
    limiter = client.app.state.chat_fetch_limiter
    while limiter.allow(LOCAL_CALLER[0]):  # drain the address's bucket
        pass
    response = client.get(MESSAGES, params={"sender": "bac-tu"})
    assert response.status_code == 429 and response.json()["error"] == "rate_limited"

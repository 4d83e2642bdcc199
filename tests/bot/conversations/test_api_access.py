"""Who may use /api/chat and how much: an API key or this machine; limits per address and overall;
senders of the API never reach a widget or Telegram resident; open tickets capped per network."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from bot.app import create_app
from bot.conversations.models import Conversation, Message
from bot.handoff.models import Ticket
from tests.bot.console.conftest import say
from tests.support.loopback import LOCAL_CALLER

ELSEWHERE = ("203.0.113.7", 40000)  # a documentation address: not this machine
BODY = {"sender": "bac-tu", "message": "xin chào"}


def test_without_a_key_only_this_machine_may_call(settings):
    with TestClient(create_app(settings), client=ELSEWHERE) as remote:
        refused = remote.post("/api/chat", json=BODY)
    assert refused.status_code == 401 and refused.json()["error"] == "not_allowed"
    assert "phường" in refused.json()["message"]
    with TestClient(create_app(settings), client=LOCAL_CALLER) as local:
        assert local.post("/api/chat", json=BODY).status_code == 200


def test_with_a_key_every_caller_must_show_it(settings):
    settings.chat_api_key = "k3y-for-the-ward-portal-integration"
    with TestClient(create_app(settings), client=LOCAL_CALLER) as client:
        assert client.post("/api/chat", json=BODY).status_code == 401  # loopback is no key
        wrong = client.post("/api/chat", json=BODY, headers={"x-api-key": "guess"})
        right = client.post("/api/chat", json=BODY, headers={"x-api-key": settings.chat_api_key})
    assert wrong.status_code == 401 and right.status_code == 200


def test_the_key_is_checked_before_the_body_is_judged(settings):
    with TestClient(create_app(settings), client=ELSEWHERE) as remote:
        assert remote.post("/api/chat", content=b"{not json").status_code == 401


def test_an_api_sender_named_like_a_widget_resident_writes_only_to_its_own_conversation(client, database_url):
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json({"type": "hello", "token": None, "last_seq": 0})
        resident = ws.receive_json()["sender"]
        ws.send_json({"type": "message", "client_id": "c-1", "text": "xin chào"})  # their conversation starts here
        while not ((frame := ws.receive_json())["type"] == "typing" and not frame["on"]):
            pass
    client.post("/api/chat", json={"sender": resident, "message": "hủy giúp tôi"})
    with Session(create_engine(database_url)) as session:
        owners = {(c.channel, c.external_id): c.id for c in session.scalars(select(Conversation))}
        web_messages = session.scalar(select(func.count(Message.id)).where(Message.conversation_id == owners[("web", resident)]))
    assert ("api", resident) in owners and web_messages == 2  # the resident's message and its reply, nothing more


def test_rotating_senders_from_one_address_hits_the_address_limit(settings):
    settings.ip_rate_per_minute = 9  # a burst of 3 for the address, 600/min for each sender
    with TestClient(create_app(settings), client=LOCAL_CALLER) as client:
        codes = [client.post("/api/chat", json={"sender": f"s{i}", "message": "a"}).status_code for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_the_whole_gateway_has_a_limit_too(settings):
    settings.overall_rate_per_minute = 20  # a burst of 2 for everyone together
    with TestClient(create_app(settings), client=LOCAL_CALLER) as client:
        responses = [client.post("/api/chat", json={"sender": f"s{i}", "message": "a"}) for i in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert "nhiều người" in responses[-1].json()["message"]


@pytest.mark.parametrize("cap", [2])
def test_open_tickets_are_capped_per_network(settings, rasa, database_url, cap):
    settings.max_open_tickets_per_ip = cap
    say(rasa, "gặp người")
    with TestClient(create_app(settings), client=LOCAL_CALLER) as client:
        replies = [client.post("/api/chat", json={"sender": f"s{i}", "message": "gặp người"}).json() for i in range(4)]
    with Session(create_engine(database_url)) as session:
        tickets = session.scalar(select(func.count(Ticket.id)))
    assert tickets == cap
    refused = replies[-1][-1]
    assert refused["meta"].get("refused") == "network_cap" and "028 3822 0000" in refused["text"]
    assert [b["title"] for b in refused["buttons"]] == ["Gặp người hỗ trợ"]  # never a dead end
    assert all(r[-1]["meta"].get("ticket_id") for r in replies[:cap])


def test_the_outage_person_button_respects_the_cap_too(settings, rasa, database_url):
    settings.max_open_tickets_per_ip = 1
    rasa.down = True
    with TestClient(create_app(settings), client=LOCAL_CALLER) as client:
        answers = []
        for sender in ("o1", "o2"):
            [notice] = client.post("/api/chat", json={"sender": sender, "message": "alo"}).json()
            [person] = [b["payload"] for b in notice["buttons"] if b["payload"].startswith("#handoff:")]
            answers.append(client.post("/api/chat", json={"sender": sender, "message": person}).json())
    with Session(create_engine(database_url)) as session:
        assert session.scalar(select(func.count(Ticket.id))) == 1
    assert answers[0][-1]["meta"].get("ticket_id") and answers[1][-1]["meta"].get("refused") == "network_cap"

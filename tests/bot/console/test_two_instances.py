"""Two gateway instances on one PostgreSQL and one Redis behave as one (the production path)."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from tests.bot.console.conftest import Volunteer, say
from tests.support.database import migrate
from tests.support.loopback import LOCAL_CALLER
from tests.support.postgres import postgres_schema

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def database_url():
    with postgres_schema() as url:
        migrate(url)
        yield url


@pytest.fixture
def two_gateways(settings):
    """Instances A and B: same database, same Redis channel (fresh per test), separate processes' state."""
    from bot.app import create_app

    channel = f"tlsp:test:{uuid.uuid4().hex}"
    apps = []
    for _ in range(2):
        apps.append(create_app(settings.model_copy(update={"redis_url": REDIS_URL, "redis_channel": channel})))
    with TestClient(apps[0], client=LOCAL_CALLER) as a, TestClient(apps[1], client=LOCAL_CALLER) as b:
        yield a, b


def test_a_volunteer_on_one_instance_talks_with_a_resident_on_the_other(two_gateways, rasa, database_url):
    a, b = two_gateways
    say(rasa, "gặp người")
    volunteer = Volunteer(a, database_url, "lan")
    with volunteer.socket() as console, b.websocket_connect("/ws/chat") as widget:
        assert console.receive_json()["type"] == "queue"
        widget.send_json({"type": "hello", "token": None, "last_seq": 0})
        assert widget.receive_json()["type"] == "welcome"
        widget.send_json({"type": "message", "client_id": "c1", "text": "gặp người"})

        # the ticket made on B shows on A's console
        while True:
            frame = console.receive_json()
            if frame["type"] == "queue" and frame["waiting"]:
                break
        ticket_id = frame["waiting"][0]["ticket_id"]
        assert volunteer.claim(ticket_id).status_code == 200
        assert volunteer.reply(ticket_id, "Chào Bác, cháu nghe ạ").status_code == 200

        # A's reply reaches the widget on B
        while True:
            frame = widget.receive_json()
            if frame.get("type") == "message" and frame["meta"].get("source") == "volunteer":
                break
        assert frame["text"] == "Chào Bác, cháu nghe ạ"

        # the resident's answer through B reaches the console on A
        widget.send_json({"type": "message", "client_id": "c2", "text": "bác hỏi về lương hưu"})
        while True:
            frame = console.receive_json()
            if (
                frame["type"] == "message"
                and frame["message"]["direction"] == "in"
                and frame["message"]["text"] == "bác hỏi về lương hưu"
            ):
                break
        assert frame["ticket_id"] == ticket_id

"""Random frames on /console/ws never crash the socket: each is answered and the socket stays open."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tests.bot.console.conftest import chat, say
from tests.support.frames import frames

FRAMES = frames(["ping", "watch", "queue", "message"], ["ticket_id", "after_seq"])


@pytest.fixture
def admin(client, rasa, volunteers):
    say(rasa, "gặp người")
    chat(client, "resident", "gặp người")  # ticket 1, with messages to replay on a watch
    return volunteers("quan", "admin")


@settings(max_examples=60, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(frame=FRAMES)
def test_any_frame_is_answered_and_the_socket_stays_open(admin, frame):
    with admin.socket() as ws:
        assert ws.receive_json()["type"] == "queue"
        if isinstance(frame, bytes):
            ws.send_bytes(frame)
        else:
            ws.send_text(frame)
        ws.send_json({"type": "ping"})
        for _ in range(30):
            answer = ws.receive_json()  # a closed socket raises WebSocketDisconnect: the test fails
            if answer == {"type": "pong"}:
                break
            assert answer["type"] in ("error", "watching", "message", "queue"), answer
        else:
            raise AssertionError("no pong")

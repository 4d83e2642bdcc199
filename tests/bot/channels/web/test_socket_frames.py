"""Random frames on /ws/chat never crash the socket: each gets a frame back and the socket stays open."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from tests.bot.channels.web.test_socket import hello
from tests.support.frames import frames

FRAMES = frames(
    ["hello", "message", "ping", "pong", "welcome", "error"], ["token", "sender", "last_seq", "client_id", "text", "payload"]
)
BOUNDED = settings(max_examples=60, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def send(ws, frame: str | bytes) -> None:
    if isinstance(frame, bytes):
        ws.send_bytes(frame)
    else:
        ws.send_text(frame)


def until_pong(ws, limit: int = 30) -> list[dict]:
    """Every frame up to the pong (a closed socket raises WebSocketDisconnect: the test fails)."""
    seen = []
    for _ in range(limit):
        frame = ws.receive_json()
        if frame == {"type": "pong"}:
            return seen
        seen.append(frame)
    raise AssertionError(f"no pong after {seen}")


@BOUNDED
@given(frame=FRAMES)
def test_any_frame_after_hello_is_answered_and_the_socket_stays_open(client, rasa, frame):
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        send(ws, frame)
        ws.send_json({"type": "ping"})
        for answer in until_pong(ws):
            assert answer["type"] in ("ack", "typing", "message", "error"), answer
            if answer["type"] == "error":
                assert answer["text"].startswith("Dạ")  # a Vietnamese sentence for the resident


@BOUNDED
@given(frame=FRAMES)
def test_any_first_frame_gets_a_welcome_or_an_error_frame(client, frame):
    with client.websocket_connect("/ws/chat") as ws:
        send(ws, frame)
        first = ws.receive_json()  # never a close without a frame
        assert first["type"] in ("welcome", "error"), first

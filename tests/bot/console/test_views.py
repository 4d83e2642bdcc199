"""The console's routes and socket read ids strictly: huge, non-ASCII or deep input is refused, never a 500.

Issue 17: ids above 2^63 in paths and bodies reached SQL (OverflowError, a 500), and JSON nested
5,000 deep (or an integer of 5,000 digits) dropped the console socket without a frame.
"""

from __future__ import annotations

import pytest

from tests.bot.console.conftest import chat, say

HUGE = 2**64


@pytest.fixture
def held_ticket(client, rasa, volunteers):
    say(rasa, "gặp người")
    chat(client, "resident", "gặp người")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("messages", {"text": "x"}),
        ("notes", {"text": "x"}),
        ("release", {}),
        ("transfer", {"to_user_id": 1}),
        ("resolve", {"outcome": "answered"}),
        ("suggest", {"text": "x"}),
    ],
)
@pytest.mark.parametrize("ticket_id", [str(HUGE), "²"])
def test_ticket_ids_in_paths_are_bounded(client, volunteers, path, body, ticket_id):
    admin = volunteers("quan", "admin")
    response = admin.post(f"/console/api/tickets/{ticket_id}/{path}", body)
    assert response.status_code == 422 and response.json()["error"] == "invalid_request"


def test_pages_with_huge_ids_are_refused(client, volunteers):
    admin = volunteers("quan", "admin")
    assert admin.get(f"/console/tickets/{HUGE}").status_code == 422
    assert admin.form(f"/console/callbacks/{HUGE}", {"status": "done"}).status_code == 422
    assert admin.form(f"/console/callbacks/{HUGE}/phone", {}).status_code == 422  # «Xem số để gọi»


@pytest.mark.parametrize("field", ["ticket_id", "to_user_id"])
@pytest.mark.parametrize("value", [HUGE, 2**31, True])
def test_ids_in_bodies_are_bounded(client, volunteers, held_ticket, field, value):
    lan = volunteers("lan")
    ticket_id = lan.claim().json()["ticket_id"]
    path = "claim" if field == "ticket_id" else f"{ticket_id}/transfer"
    response = lan.post(f"/console/api/tickets/{path}", {field: value})
    assert response.status_code == 422 and response.json()["error"] == "bad_request"


def test_an_anonymous_caller_with_a_huge_id_is_still_asked_to_log_in(client):
    client.cookies.clear()
    assert client.post(f"/console/api/tickets/{HUGE}/release", json={}).status_code == 401


def test_a_deep_body_is_refused_before_it_is_read(client, volunteers):
    lan = volunteers("lan")
    response = lan._as_me().post(
        "/console/api/tickets/claim",
        content="[" * 5000 + "]" * 5000,
        headers={"X-CSRF-Token": lan.csrf, "content-type": "application/json"},
    )
    assert response.status_code == 400 and response.json()["error"] == "too_deep"


def until(ws, kinds: tuple[str, ...], limit: int = 10) -> dict:
    for _ in range(limit):
        frame = ws.receive_json()
        if frame["type"] in kinds:
            return frame
    raise AssertionError(f"no {kinds} frame")


@pytest.mark.parametrize(
    "frame",
    [
        "[" * 5000 + "]" * 5000,
        '{"type": "watch", "ticket_id": ' + "[" * 5000 + "]" * 5000 + "}",
        "1" * 5000,
        f'{{"type": "watch", "ticket_id": {HUGE}}}',
    ],
)
def test_the_socket_answers_bad_frames_and_stays_open(client, volunteers, held_ticket, frame):
    admin = volunteers("quan", "admin")
    with admin.socket() as ws:
        until(ws, ("queue",))
        ws.send_text(frame)
        assert until(ws, ("error", "watching")) == {"type": "error", "code": "bad_frame"}
        ws.send_json({"type": "ping"})
        assert until(ws, ("pong",)) == {"type": "pong"}


def test_a_huge_after_seq_reads_as_from_the_start(client, volunteers, held_ticket):
    admin = volunteers("quan", "admin")
    with admin.socket() as ws:
        until(ws, ("queue",))
        ws.send_text(f'{{"type": "watch", "ticket_id": 1, "after_seq": {HUGE}}}')
        missed = until(ws, ("message",))
        assert missed["message"]["seq"] == 1
        assert until(ws, ("watching",)) == {"type": "watching", "ticket_id": 1, "ok": True}

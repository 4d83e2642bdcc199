"""JSON nesting is limited before any parser reads it (issue 17: 5,000 brackets raised RecursionError)."""

from __future__ import annotations

import json

import pytest

from bot.json_depth import MAX_DEPTH, loads, too_deep


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_depth_up_to_the_limit_is_fine_beyond_it_is_not():
    assert not too_deep(nested(MAX_DEPTH))
    assert too_deep(nested(MAX_DEPTH + 1))
    assert too_deep('{"a":' * (MAX_DEPTH + 1))  # invalid JSON counts too: it is refused unread
    assert too_deep(nested(5000).encode())


def test_brackets_inside_strings_do_not_count():
    assert not too_deep(json.dumps({"text": "[" * 5000}))
    assert not too_deep(json.dumps(['\\"[[[[' * 100]))  # escaped quotes do not end the string
    assert too_deep('"\\\\"' + "[" * (MAX_DEPTH + 1))  # an escaped backslash does


def test_an_unclosed_string_hides_what_follows():
    assert not too_deep('"' + "[" * 100)


def test_loads_refuses_deep_and_unreadable_text_with_value_error():
    assert loads('{"type": "ping"}') == {"type": "ping"}
    for text in (nested(5000), "{not json", "1" * 5000):
        with pytest.raises(ValueError):
            loads(text)


def test_deep_http_bodies_get_a_vietnamese_400(client):
    for body in (nested(5000), '{"sender": "abc", "message": ' + nested(5000) + "}"):
        response = client.post("/api/chat", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 400
        assert response.json()["error"] == "too_deep" and "lồng nhau" in response.json()["message"]
    no_type = client.post("/api/chat", content=nested(5000))  # FastAPI reads a body without a type as JSON
    assert no_type.status_code == 400


def test_a_body_json_cannot_read_gets_the_vietnamese_malformed_answer(client):
    for body in ("1" * 5000, b'{"sender": "a", "message": "\xff"}'):
        response = client.post("/api/chat", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 400
        assert response.json()["error"] == "malformed_json"


def test_ordinary_bodies_pass_unchanged(client, rasa):
    response = client.post("/api/chat", json={"sender": "abc", "message": "xin chào [ { đây"})
    assert response.status_code == 200
    assert rasa.received[-1]["message"] == "xin chào [ { đây"

"""Chatting through the real gateway, Rasa server and action server over /api/chat."""

from __future__ import annotations

import uuid

import httpx


def chat(stack, sender: str, text: str) -> list[dict]:
    response = httpx.post(f"{stack.gateway_url}/api/chat", json={"sender": sender, "message": text}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_readyz_names_every_part(stack):
    body = httpx.get(f"{stack.gateway_url}/readyz").json()
    assert body == {"status": "ready", "checks": {"database": True, "rasa": True, "action_server": True}, "down": []}


def test_greeting_unaccented(stack):
    [reply] = chat(stack, uuid.uuid4().hex, "xin chao")
    assert reply["meta"]["intent"] == "greet" and reply["meta"]["source"] == "dialogue"
    assert reply["text"].startswith("Dạ, con chào")
    assert len(reply["buttons"]) == 3


def test_faq_answer_comes_from_a_real_action_through_rasa(stack):
    """The rasa-sdk action server and Rasa 3.6 agree on the action protocol (request and reply)."""
    reply, *alternatives = chat(stack, uuid.uuid4().hex, "lam sao dong tien dien online")
    assert reply["meta"]["intent"] == "ask_question"
    assert reply["meta"]["source"] == "faq"
    assert reply["meta"]["faq_id"] == "dien-nuoc-thanh-toan-tien-dien"
    assert reply["meta"]["faq_score"] > 0.5
    # a short answer with steps: the steps one at a time, a person, then the resident's 👍/👎
    assert [b["title"] for b in reply["buttons"]] == ["Xem từng bước", "Gặp người hỗ trợ", "👍 Hữu ích", "👎 Chưa đúng"]


def test_close_call_offers_three_choices_and_a_choice_is_answered(stack):
    sender = uuid.uuid4().hex
    [reply] = chat(stack, sender, "le phi")  # the ID card's, the passport's, paying online: a true tie
    assert reply["meta"]["source"] == "faq" and "faq_id" not in reply["meta"]
    choice = next(b for b in reply["buttons"] if "ho-chieu-le-phi" in b["payload"])
    response = httpx.post(f"{stack.gateway_url}/api/chat", json={"sender": sender, "message": choice["payload"]}, timeout=30)
    [answer] = response.json()
    assert reply["buttons"][-1]["title"] == "Không phải các câu trên"
    assert answer["meta"]["faq_id"] == "ho-chieu-le-phi"


def test_emergency_numbers_come_first(stack):
    reply, *_handoff = chat(stack, uuid.uuid4().hex, "chay nha roi cuu voi")
    assert reply["meta"]["intent"] == "emergency"
    for number in ("113", "114", "115"):
        assert number in reply["text"]


def test_two_misunderstandings_hand_over_to_a_person(stack):
    sender = uuid.uuid4().hex
    [first] = chat(stack, sender, "qwzx plmk")
    assert first["meta"]["source"] == "fallback" and not first["meta"]["handoff"]
    assert [b["title"] for b in first["buttons"]] == ["Gặp người hỗ trợ"]
    second, what_next = chat(stack, sender, "vbnr tyhg")
    assert second["meta"]["handoff"] is True and second["meta"]["handoff_reason"] == "misunderstood"
    # the gateway queued it and says what happens next, with a way out
    assert what_next["meta"]["mode"] == "waiting" and what_next["meta"]["queue"]["position"] >= 1
    assert [b["payload"] for b in what_next["buttons"]] == ["#handoff:cancel"]
    assert chat(stack, sender, "alo alo") == []  # the bot stays silent while the resident waits
    [cancelled] = chat(stack, sender, "#handoff:cancel")
    assert cancelled["meta"]["mode"] == "bot"


def test_an_emergency_gets_the_numbers_first_then_a_person(stack):
    numbers, handing, queued = chat(stack, uuid.uuid4().hex, "cháy nhà rồi cứu với")
    assert "114" in numbers["text"] and not numbers["meta"]["handoff"]
    assert handing["meta"]["handoff_reason"] == "emergency"
    assert queued["meta"]["mode"] == "waiting"


def test_out_of_scope_is_refused_kindly(stack):
    [reply] = chat(stack, uuid.uuid4().hex, "hôm nay đội nào đá bóng thắng")
    assert reply["meta"]["intent"] == "out_of_scope"
    assert "không hỗ trợ" in reply["text"]


def test_bad_input_through_the_real_gateway(stack):
    response = httpx.post(f"{stack.gateway_url}/api/chat", json={"sender": "x", "message": "  "})
    assert response.status_code == 422 and "trống" in response.json()["message"]


def test_an_emergency_while_waiting_still_gets_the_numbers(stack):
    sender = uuid.uuid4().hex
    chat(stack, sender, "cho toi gap nguoi that")
    assert chat(stack, sender, "toi cho them chut") == []  # silent while waiting
    numbers, *_ = chat(stack, sender, "chay nha roi cuu voi")  # NLU-only check of each waiting message
    assert "114" in numbers["text"]

"""Short answers with «Xem từng bước», the step-by-step guidance, and answers whose dated rule has ended."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from actions import presenting
from actions.answer_question import ActionAnswerQuestion
from actions.guide import DONE_TEXT, LAST_BUTTON, NEXT_BUTTON, RETRY_BUTTON, STUCK_BUTTON, pieces
from actions.presenting import PERSON_BUTTON, STEPS_BUTTON, guide_payload, say_answer
from knowledge.entries import Rule
from tests.actions.test_actions import meta_of, run, user

ENTRY = "ho-chieu-lam-online-cac-buoc"


def press(payload: str):
    """A guidance button as Rasa parses its payload: ask_question with the payload's entities."""
    data = json.loads(payload[len("/ask_question") :])
    return user(payload, "ask_question", [{"entity": key, "value": value} for key, value in data.items()])


async def test_an_answer_with_steps_offers_them_one_at_a_time_and_a_person(live_index):
    [message] = await run(ActionAnswerQuestion(), [press(presenting.choice_payload(ENTRY))])
    assert message["buttons"] == [{"title": STEPS_BUTTON, "payload": guide_payload(ENTRY, 1)}, PERSON_BUTTON]
    entry = live_index.find(ENTRY)
    assert entry.answer.strip() in message["text"] and not any(step in message["text"] for step in entry.steps)


async def test_each_step_comes_alone_with_done_and_stuck(live_index):
    entry = live_index.find(ENTRY)
    [message] = await run(ActionAnswerQuestion(), [press(guide_payload(ENTRY, 2))])
    assert message["text"] == f"Bước 2/{len(entry.steps)} — «{entry.title}»:\n{entry.steps[1]}"
    assert [b["title"] for b in message["buttons"]] == [NEXT_BUTTON, STUCK_BUTTON]
    assert message["buttons"][0]["payload"] == guide_payload(ENTRY, 3)
    assert meta_of(message)["guide"] == {"faq_id": ENTRY, "step": 2, "total": len(entry.steps), "title": entry.title}


async def test_the_last_step_then_the_end(live_index):
    total = len(live_index.find(ENTRY).steps)
    [last] = await run(ActionAnswerQuestion(), [press(guide_payload(ENTRY, total))])
    assert last["buttons"][0]["title"] == LAST_BUTTON
    [done] = await run(ActionAnswerQuestion(), [press(last["buttons"][0]["payload"])])
    assert done["text"] == DONE_TEXT.format(total=total, title=live_index.find(ENTRY).title)
    assert meta_of(done)["offer"] == "guide_done"


async def test_stuck_gives_the_step_in_pieces_then_a_person_who_knows_the_step(live_index):
    entry = live_index.find(ENTRY)
    [stuck_button] = [
        b
        for b in (await run(ActionAnswerQuestion(), [press(guide_payload(ENTRY, 3))]))[0]["buttons"]
        if b["title"] == STUCK_BUTTON
    ]
    [again] = await run(ActionAnswerQuestion(), [press(stuck_button["payload"])])
    assert pieces(entry.steps[2]) in again["text"] and "Bước 3" in again["text"]
    assert [b["title"] for b in again["buttons"]] == [RETRY_BUTTON, PERSON_BUTTON["title"]]
    [handing_over] = await run(ActionAnswerQuestion(), [press(again["buttons"][1]["payload"])])
    assert meta_of(handing_over)["handoff"] is True and meta_of(handing_over)["handoff_reason"] == "guide_stuck"
    assert meta_of(handing_over)["guide"]["step"] == 3 and entry.title in handing_over["text"]


async def test_a_step_of_an_entry_that_is_gone_offers_a_person(live_index):
    [message] = await run(ActionAnswerQuestion(), [press(guide_payload("khong-co-muc-nay", 1))])
    assert message["buttons"] == [PERSON_BUTTON] and meta_of(message)["offer"] == "guide_gone"


def test_a_step_is_said_again_in_smaller_pieces():
    assert (
        pieces("Mở ứng dụng VNeID, bấm «Đăng nhập» rồi nhập mật khẩu")
        == "• Mở ứng dụng VNeID\n• Bấm «Đăng nhập»\n• Nhập mật khẩu"
    )
    assert pieces("Mở ứng dụng") == "• Mở ứng dụng"


class Collect:
    def __init__(self):
        self.messages = []

    def utter_message(self, **kwargs):
        self.messages.append(kwargs)


@pytest.fixture
def fee(live_index):
    return live_index.find("ho-chieu-le-phi")


def test_a_dated_rule_in_force_is_answered_as_usual(fee, monkeypatch):
    monkeypatch.setattr(presenting, "today", lambda: date(2026, 12, 4))
    said = Collect()
    say_answer(said, fee, 0.99)
    assert said.messages[0]["text"].startswith(f"Dạ, về «{fee.title}»:")
    assert "offer" not in said.messages[0]["json_message"]["meta"]


def test_an_expired_rule_is_not_served_as_current(fee, monkeypatch):
    monkeypatch.setattr(presenting, "today", lambda: date(2027, 1, 1))
    said = Collect()
    say_answer(said, fee, 0.99)
    [message] = said.messages
    assert "áp dụng từ 01/07/2025 đến 31/12/2026" in message["text"] and "đã hết hạn" in message["text"]
    assert fee.answer.strip() not in message["text"]
    assert "dichvucong.bocongan.gov.vn" in message["text"] and "bộ phận một cửa" in message["text"]
    assert message["buttons"] == [PERSON_BUTTON] and message["json_message"]["meta"]["offer"] == "expired_rule"


def test_an_open_ended_rule_never_expires(fee, monkeypatch):
    monkeypatch.setattr(presenting, "today", lambda: date(2099, 1, 1))
    said = Collect()
    say_answer(said, replace(fee, rules=(Rule("Mức mới", "2026-01-01"),)), 0.99)
    assert said.messages[0]["text"].startswith(f"Dạ, về «{fee.title}»:")

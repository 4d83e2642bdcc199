"""Residents as they write, through /api/chat on the real stack: answers, choices, dead ends, civic
reports and follow-ups that keep the topic (issue 14)."""

from __future__ import annotations

import re
import uuid

from tests.e2e.test_chat_api import chat

EMERGENCY_NUMBERS = re.compile(r"(?<!\d)11[345](?!\d)")


def faq_ids(replies: list[dict]) -> list[str]:
    return [r["meta"]["faq_id"] for r in replies if r["meta"].get("faq_id")]


def test_a_clear_unaccented_question_is_answered_directly(stack):
    replies = chat(stack, uuid.uuid4().hex, "mat khau vneid quen roi lam lai sao")
    assert faq_ids(replies)[:1] == ["vneid-quen-mat-khau"]
    assert replies[0]["text"].startswith("Dạ, về «") and not any("muốn hỏi việc nào" in r["text"] for r in replies)


def test_a_tie_is_asked_with_choices_ending_in_none_of_these_which_leads_to_a_person(stack):
    sender = uuid.uuid4().hex
    [choice] = chat(stack, sender, "le phi")
    assert len(choice["buttons"]) >= 3 and choice["buttons"][-1]["title"] == "Không phải các câu trên"
    [hint] = chat(stack, sender, choice["buttons"][-1]["payload"])
    assert "nhắn lại" in hint["text"] and [b["title"] for b in hint["buttons"]] == ["Gặp người hỗ trợ"]
    handing, queued = chat(stack, sender, hint["buttons"][0]["payload"])
    assert handing["meta"]["handoff_reason"] == "request_human" and queued["meta"]["mode"] == "waiting"
    chat(stack, sender, "#handoff:cancel")


def test_a_tie_within_one_subject_is_answered_with_the_other_entry_under_it(stack):
    # the two entries on the social pension tie: both are fair answers, so one is given and the other offered
    pension = {"an-sinh-xa-hoi-tro-cap-nguoi-cao-tuoi", "an-sinh-xa-hoi-tro-cap-huu-tri-xa-hoi"}
    replies = chat(stack, uuid.uuid4().hex, "Người già bao nhiêu tuổi thì được nhận trợ cấp hưu trí xã hội?")
    [answered] = faq_ids(replies)
    assert answered in pension and replies[0]["text"].startswith("Dạ, về «")
    offered = [b["payload"] for r in replies[1:] for b in r.get("buttons") or []]
    assert any(other in payload for other in pension - {answered} for payload in offered)
    assert not any("muốn hỏi việc nào" in r["text"] for r in replies)


def test_a_dont_know_offers_a_person_button(stack):
    [reply] = chat(stack, uuid.uuid4().hex, "thủ tục xin visa du lịch Hàn Quốc cần những gì")
    assert not reply["meta"].get("faq_id") and not reply["meta"]["handoff"]
    assert "Gặp người hỗ trợ" in [b["title"] for b in reply.get("buttons") or []]


def test_a_civic_report_goes_to_1022_not_to_113_115(stack):
    replies = chat(stack, uuid.uuid4().hex, "đèn đường trong hẻm nhà tui hư cả tuần nay tối thui à")
    texts = " ".join(r["text"] for r in replies)
    assert "1022" in texts and "Công dân số" in texts and not EMERGENCY_NUMBERS.search(texts)
    assert "Gặp người hỗ trợ" in [b["title"] for r in replies for b in r.get("buttons") or []]


def test_a_missing_child_is_an_emergency_not_a_report(stack):
    numbers, *_ = chat(stack, uuid.uuid4().hex, "con tôi 5 tuổi đi lạc ở chợ từ trưa tới giờ không tìm thấy")
    assert EMERGENCY_NUMBERS.search(numbers["text"])


def test_the_fee_after_a_passport_answer_survives_a_rasa_restart(stack):
    sender = uuid.uuid4().hex
    assert faq_ids(chat(stack, sender, "làm hộ chiếu online như thế nào"))[:1] == ["ho-chieu-lam-online-cac-buoc"]
    assert faq_ids(chat(stack, sender, "vậy lệ phí bao nhiêu"))[:1] == ["ho-chieu-le-phi"]
    stack.stop_one("rasa")  # the topic lives in Rasa's tracker store, on disk
    stack.start_one("rasa")
    stack.wait_ready(timeout=180)
    other = uuid.uuid4().hex
    assert faq_ids(chat(stack, other, "làm hộ chiếu online như thế nào"))[:1] == ["ho-chieu-lam-online-cac-buoc"]
    stack.stop_one("rasa")
    stack.start_one("rasa")
    stack.wait_ready(timeout=180)
    assert faq_ids(chat(stack, other, "vậy lệ phí bao nhiêu"))[:1] == ["ho-chieu-le-phi"]


def test_a_topic_switch_is_answered_with_the_new_topic(stack):
    sender = uuid.uuid4().hex
    assert faq_ids(chat(stack, sender, "làm hộ chiếu online như thế nào"))[:1] == ["ho-chieu-lam-online-cac-buoc"]
    switched = faq_ids(chat(stack, sender, "quên mật khẩu vneid thì làm sao"))
    assert switched[:1] == ["vneid-quen-mat-khau"]


def test_a_danger_told_at_the_end_of_a_long_story_is_an_emergency(stack):
    sender = uuid.uuid4().hex
    story = (
        "Tôi ở dãy trọ phía sau chợ. Ông hàng xóm uống rượu từ trưa, chửi bới cả buổi, "
        "giờ đang cầm dao rượt vợ ông ấy ra tới đầu hẻm, con nít khóc quá trời. Tôi phải làm gì bây giờ?"
    )
    replies = chat(stack, sender, story)
    assert EMERGENCY_NUMBERS.search(replies[0]["text"])
    assert any(r["meta"].get("handoff_reason") == "emergency" for r in replies)
    chat(stack, sender, "#handoff:cancel")


def test_a_follow_up_that_names_no_danger_stays_a_follow_up(stack):
    # an elderly resident asking about the pension for her mother is not told to call 113
    sender = uuid.uuid4().hex
    first = chat(stack, sender, "người già không có lương hưu thì được trợ cấp gì")
    assert faq_ids(first)
    replies = chat(stack, sender, "Mẹ tôi 80 tuổi ở nhà thì sao?")
    assert not any(EMERGENCY_NUMBERS.search(r["text"]) for r in replies)
    assert not any(r["meta"].get("handoff") for r in replies)

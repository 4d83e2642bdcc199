"""Custom actions, run on tracker states as Rasa sends them (CollectingDispatcher, real knowledge base)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer_question import ActionAnswerQuestion
from actions.fallback import ActionHandleFallback
from actions.human import ActionRequestHuman
from actions.out_of_scope import ActionOutOfScope
from actions.presenting import NONE_OF_THESE_TITLE, PERSON_BUTTON, answer_buttons, choice_payload
from actions.yes_no import ActionReplyYesNo


def user(text: str, intent: str, entities: list[dict[str, Any]] | None = None, confidence: float = 0.9) -> dict[str, Any]:
    return {
        "event": "user",
        "text": text,
        "parse_data": {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities or []},
    }


def bot(text: str, source: str = "dialogue", **meta: Any) -> dict[str, Any]:
    return {"event": "bot", "text": text, "data": {"custom": {"meta": {"source": source, **meta}}}}


def tracker(events: list[dict[str, Any]]) -> Tracker:
    latest = next((e["parse_data"] for e in reversed(events) if e["event"] == "user"), {})
    return Tracker("conv-1", {}, latest, events, False, None, {}, "action_listen")


async def run(action, events) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker(events), {})
    return dispatcher.messages


def meta_of(message: dict[str, Any]) -> dict[str, Any]:
    return message["custom"]["meta"]


async def test_fallback_asks_again_first_with_a_person_one_tap_away():
    [message] = await run(ActionHandleFallback(), [user("xyz", "nlu_fallback")])
    assert meta_of(message) == {"source": "fallback"}
    assert "chưa hiểu" in message["text"] and message["buttons"] == [PERSON_BUTTON]


async def test_second_misunderstanding_in_a_row_hands_over_to_a_person():
    events = [user("xyz", "nlu_fallback"), bot("…", "fallback"), user("abc", "nlu_fallback")]
    [message] = await run(ActionHandleFallback(), events)
    assert meta_of(message) == {"source": "fallback", "handoff": True, "handoff_reason": "misunderstood"}


async def test_an_understood_turn_in_between_resets_the_streak():
    events = [
        user("xyz", "nlu_fallback"),
        bot("…", "fallback"),
        user("chào", "greet"),
        bot("Dạ chào"),
        user("abc", "nlu_fallback"),
    ]
    [message] = await run(ActionHandleFallback(), events)
    assert "handoff" not in meta_of(message)


async def test_a_handover_resets_the_streak():
    # after the volunteer, one more miss asks again instead of queueing at once
    events = [
        user("xyz", "nlu_fallback"),
        bot("…", "fallback"),
        user("abc", "nlu_fallback"),
        bot("nhờ người", "fallback", handoff=True, handoff_reason="misunderstood"),
        user("qqq", "nlu_fallback"),
    ]
    [message] = await run(ActionHandleFallback(), events)
    assert "handoff" not in meta_of(message)


async def test_unknown_question_counts_towards_the_streak():
    events = [
        user("hỏi gì đó", "ask_question"),
        bot("chưa có câu trả lời", "fallback", faq_score=0.1),
        user("xyz", "nlu_fallback"),
    ]
    [message] = await run(ActionHandleFallback(), events)
    assert meta_of(message)["handoff_reason"] == "misunderstood"


async def test_yes_without_context_is_a_polite_acknowledgement():
    [message] = await run(ActionReplyYesNo(), [bot("Dạ chào"), user("ok", "affirm")])
    assert message["text"].startswith("Dạ vâng")


async def test_no_to_a_question_is_an_answer():
    [message] = await run(ActionReplyYesNo(), [bot("Bác có cần hỏi về những việc đó không ạ?"), user("không", "deny")])
    assert message["text"].startswith("Dạ vâng") and meta_of(message)["source"] == "dialogue"


async def test_a_hesitant_no_to_nothing_is_not_understood_and_counts_towards_a_handover():
    events = [bot("Dạ, để làm căn cước Bác mang…", "faq"), user("sao nó không lên", "deny", confidence=0.74)]
    [message] = await run(ActionReplyYesNo(), events)
    assert meta_of(message) == {"source": "fallback"}
    events += [bot(message["text"], "fallback"), user("vẫn không được", "deny", confidence=0.8)]
    [second] = await run(ActionReplyYesNo(), events)
    assert meta_of(second)["handoff_reason"] == "misunderstood"


async def test_a_clear_no_to_nothing_is_a_polite_no():
    events = [bot("Dạ vâng ạ. Bác cần hỏi gì thêm cứ nhắn cho con nhé."), user("thôi không cần đâu", "deny", confidence=0.97)]
    [message] = await run(ActionReplyYesNo(), events)
    assert message["text"] == "Dạ vâng ạ. Khi nào cần, Bác cứ nhắn câu hỏi cho con nhé."


@pytest.mark.parametrize(
    "intent, reason",
    [("request_human", "request_human"), ("affirm", "request_human"), ("complain", "complaint"), ("emergency", "emergency")],
)
async def test_request_human_tells_the_gateway_why(intent, reason):
    [message] = await run(ActionRequestHuman(), [user("…", intent)])
    assert meta_of(message) == {"source": "dialogue", "handoff": True, "handoff_reason": reason}
    assert message["text"].startswith(("Dạ", "Con"))


@pytest.mark.parametrize(
    "question, expected_id",
    [
        ("lam sao dong tien dien online", "dien-nuoc-thanh-toan-tien-dien"),
        ("đăng ký tạm chú ở đâu", "cu-tru-khi-nao-phai-dang-ky-tam-tru"),  # tr/ch misspelt
    ],
)
async def test_known_question_is_answered_from_the_knowledge_base(question, expected_id, live_index):
    answer, *alternatives = await run(ActionAnswerQuestion(), [user(question, "ask_question")])
    assert meta_of(answer)["source"] == "faq"
    assert meta_of(answer)["faq_id"] == expected_id
    assert live_index.current().calibration.suggest_at <= meta_of(answer)["faq_score"] <= 1.0
    assert answer["text"].startswith("Dạ, về «")  # it names what it answers
    assert all(meta_of(m).get("offer") == "alternatives" for m in alternatives)


async def test_an_answer_opens_with_the_title_of_what_it_answers(live_index):
    answer, *_ = await run(ActionAnswerQuestion(), [user("mat khau vneid quen roi lam lai sao", "ask_question")])
    title = live_index.find(meta_of(answer)["faq_id"]).title
    assert meta_of(answer)["faq_id"] == "vneid-quen-mat-khau"
    assert answer["text"].startswith(f"Dạ, về «{title}»:\n")


async def test_a_true_tie_asks_which_one_and_ends_with_none_of_these(live_index):
    # "fee" alone: the ID card's, the passport's, paying fees online are as close as can be
    [message] = await run(ActionAnswerQuestion(), [user("le phi", "ask_question")])
    assert meta_of(message)["source"] == "faq" and "faq_id" not in meta_of(message)
    payloads = [b["payload"] for b in message["buttons"]]
    assert len(payloads) >= 3 and choice_payload("ho-chieu-le-phi") in payloads
    assert message["buttons"][-1] == {"title": NONE_OF_THESE_TITLE, "payload": choice_payload("none")}


async def test_none_of_these_gives_a_rephrase_hint_and_a_person(live_index):
    events = [user(choice_payload("none"), "ask_question", [{"entity": "faq_id", "value": "none"}])]
    [message] = await run(ActionAnswerQuestion(), events)
    assert "nhắn lại" in message["text"] and message["buttons"] == [PERSON_BUTTON]


async def test_a_fairly_sure_answer_shows_the_next_entries_under_it(live_index):
    index = live_index.current()
    saved = index.calibration
    index.calibration = replace(saved, answer_at=1.01, suggest_at=0.0, tie_margin=0.0, alternative_at=0.0)
    try:
        answer, alternatives = await run(ActionAnswerQuestion(), [user("ho chieu bn tien", "ask_question")])
    finally:
        index.calibration = saved
    assert meta_of(answer)["faq_id"] == "ho-chieu-le-phi"
    assert alternatives["text"].startswith("Nếu con hiểu chưa đúng, có phải Bác muốn hỏi")
    assert 1 <= len(alternatives["buttons"]) <= 2 and choice_payload("ho-chieu-le-phi") not in [
        b["payload"] for b in alternatives["buttons"]
    ]


async def test_a_sibling_entry_is_told_apart_by_one_word(live_index):
    # "bn tiền" (how much) picks the fee among the passport entries
    answer, *_ = await run(ActionAnswerQuestion(), [user("ho chieu bn tien", "ask_question")])
    assert meta_of(answer)["faq_id"] == "ho-chieu-le-phi"


async def test_unrelated_question_gets_no_faq_answer():
    [message] = await run(ActionAnswerQuestion(), [user("giá vàng hôm nay bao nhiêu một chỉ", "ask_question")])
    assert "faq_id" not in meta_of(message)


async def test_nothing_close_is_admitted_unknown_with_a_person_button():
    [message] = await run(ActionAnswerQuestion(), [user("qwzx plmk vbnr", "ask_question")])
    assert meta_of(message)["source"] == "fallback"
    assert "chưa có câu trả lời" in message["text"] and message["buttons"] == [PERSON_BUTTON]


async def test_button_choice_answers_that_entry_directly(live_index):
    payload = choice_payload("vneid-quen-mat-khau")
    events = [user(payload, "ask_question", [{"entity": "faq_id", "value": "vneid-quen-mat-khau"}])]
    [message] = await run(ActionAnswerQuestion(), events)
    reviewed = live_index.find("vneid-quen-mat-khau").last_reviewed
    assert meta_of(message) == {"source": "faq", "faq_id": "vneid-quen-mat-khau", "faq_score": 1.0, "reviewed": reviewed}
    assert message["text"].startswith("Dạ, về «")


async def test_choice_payload_fits_in_one_rasa_message():
    assert choice_payload("x-y") == '/ask_question{"faq_id":"x-y"}'


async def test_out_of_scope_is_refused_with_the_domain_response():
    [message] = await run(ActionOutOfScope(), [user("hôm nay đội nào thắng", "out_of_scope")])
    assert message["response"] == "utter_out_of_scope"


async def test_service_question_mistaken_for_out_of_scope_still_gets_its_answer(live_index):
    index = live_index.current()
    saved = index.calibration
    index.calibration = replace(saved, answer_at=min(saved.answer_at, 0.8))  # only a sure answer is given here
    try:
        [message] = await run(ActionOutOfScope(), [user("lam sao dong tien dien online", "out_of_scope")])
    finally:
        index.calibration = saved
    assert meta_of(message)["faq_id"] == "dien-nuoc-thanh-toan-tien-dien"


async def test_fallback_answers_when_the_knowledge_base_is_fairly_sure():
    answer, *_ = await run(ActionHandleFallback(), [user("đăng ký tạm chú ở đâu", "nlu_fallback")])
    assert meta_of(answer)["source"] == "faq" and meta_of(answer)["faq_id"]


async def test_an_unsure_complaint_is_handled_as_not_understood():
    [message] = await run(ActionRequestHuman(), [user("cái kia sao rồi", "complain", confidence=0.4)])
    assert meta_of(message) == {"source": "fallback"}


async def test_a_sure_complaint_goes_to_a_person():
    [message] = await run(ActionRequestHuman(), [user("trả lời vớ vẩn, bực quá", "complain", confidence=0.8)])
    assert meta_of(message)["handoff_reason"] == "complaint"


async def test_an_unsure_out_of_scope_is_handled_as_not_understood(live_index):
    [message] = await run(ActionOutOfScope(), [user("mấy cái đó đó", "out_of_scope", confidence=0.45)])
    assert meta_of(message)["source"] == "fallback"


async def test_a_sure_out_of_scope_is_refused_kindly(live_index):
    [message] = await run(ActionOutOfScope(), [user("hôm nay trời mưa không", "out_of_scope", confidence=0.93)])
    assert message["response"] == "utter_out_of_scope"


async def test_a_question_that_may_also_want_a_person_offers_one(live_index):
    asking = user("có ai biết làm lại căn cước bị mất không", "ask_question")
    asking["parse_data"]["intent_ranking"] = [
        {"name": "ask_question", "confidence": 0.5},
        {"name": "request_human", "confidence": 0.4},
    ]
    message, *_ = await run(ActionAnswerQuestion(), [asking])
    assert message["buttons"][-1] == PERSON_BUTTON
    plain = user("làm lại căn cước bị mất", "ask_question")
    plain["parse_data"]["intent_ranking"] = [
        {"name": "ask_question", "confidence": 0.98},
        {"name": "request_human", "confidence": 0.01},
    ]
    message, *_ = await run(ActionAnswerQuestion(), [plain])
    # only what every answer with steps carries («Xem từng bước», then a person), nothing added
    assert message["buttons"] == answer_buttons(live_index.find(meta_of(message)["faq_id"]))


async def test_not_understood_but_close_to_some_entries_offers_them(live_index):
    [message] = await run(ActionHandleFallback(), [user("le phi", "nlu_fallback")])
    assert message["text"] == "Dạ, Bác muốn hỏi việc nào trong các việc sau ạ?"
    assert choice_payload("ho-chieu-le-phi") in [b["payload"] for b in message["buttons"]]


async def test_a_question_that_asks_someone_to_come_and_help_is_answered_and_handed_over(live_index):
    asking = user("Bác ở một mình, có bạn nào qua nhà chỉ bác làm lại căn cước bị mất không", "ask_question")
    asking["parse_data"]["intent_ranking"] = [
        {"name": "ask_question", "confidence": 0.6},
        {"name": "request_human", "confidence": 0.3},
    ]
    answer, *_, handing_over = await run(ActionAnswerQuestion(), [asking])
    assert meta_of(answer)["source"] == "faq" and answer["buttons"] == answer_buttons(live_index.find(meta_of(answer)["faq_id"]))
    assert meta_of(handing_over) == {"source": "dialogue", "handoff": True, "handoff_reason": "request_human"}


async def test_not_understood_but_asking_someone_to_help_is_handed_over_at_once(live_index):
    [message] = await run(ActionHandleFallback(), [user("co ai ghe nha giup bac voi", "nlu_fallback")])
    assert meta_of(message) == {"source": "dialogue", "handoff": True, "handoff_reason": "request_human"}


async def test_a_hesitant_yes_to_nothing_is_not_understood():
    [message] = await run(ActionReplyYesNo(), [bot("Dạ chào"), user("cái đó sao rồi", "affirm", confidence=0.39)])
    assert meta_of(message) == {"source": "fallback"}

"""What is not the ward's — a business to recommend, another office's service — is refused kindly, however the NLU
read it and in the middle of a topic; what the knowledge base answers still is (actions/not_ours.py)."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.answer_question import ActionAnswerQuestion
from actions.fallback import ActionHandleFallback
from actions.out_of_scope import ActionOutOfScope
from actions.presenting import say_answer
from tests.actions.test_actions import meta_of, run, user

SAVINGS = "tiền lương hưu để dành được ít, gửi tiết kiệm ở ngân hàng nào lãi cao nhất vậy con"


def _refused(messages: list[dict]) -> bool:
    return [m.get("response") for m in messages] == ["utter_no_recommendation"]


async def test_a_shop_asked_for_as_a_question_is_refused():
    assert _refused(await run(ActionAnswerQuestion(), [user(SAVINGS, "ask_question")]))


async def test_a_shop_asked_for_is_refused_however_the_nlu_read_it():
    text = "ti vi nhà tui hư rồi, tiệm sửa nào gần chợ làm uy tín con"
    assert _refused(await run(ActionHandleFallback(), [user(text, "nlu_fallback", confidence=0.3)]))
    assert _refused(await run(ActionOutOfScope(), [user(text, "out_of_scope", confidence=0.45)]))


async def test_a_shop_asked_for_after_an_answer_is_no_follow_up_on_its_topic(live_index):
    entry = live_index.current().by_id["bhxh-bhyt-doi-noi-nhan-luong-huu"]
    dispatcher = CollectingDispatcher()
    say_answer(dispatcher, entry, 1.0)
    answered = {"event": "bot", "text": dispatcher.messages[0]["text"], "data": {"custom": dispatcher.messages[0]["custom"]}}
    events = [user("chuyển nơi nhận lương hưu sang phường khác", "ask_question"), answered, user(SAVINGS, "ask_question")]
    assert _refused(await run(ActionAnswerQuestion(), events))


async def test_which_e_wallet_is_trustworthy_is_answered():
    [message, *_] = await run(ActionAnswerQuestion(), [user("ví điện tử nào uy tín vậy con, sợ bị lừa", "ask_question")])
    assert meta_of(message)["faq_id"] == "ngan-hang-vi-dien-tu-chon-vi-duoc-cap-phep"


async def test_another_offices_service_gets_the_out_of_scope_reply():
    text = "con gái tôi ở Úc muốn bảo lãnh tôi sang ở luôn, giấy tờ làm sao"
    [said] = await run(ActionAnswerQuestion(), [user(text, "ask_question")])
    assert said.get("response") == "utter_out_of_scope"

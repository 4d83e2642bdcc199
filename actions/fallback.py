"""When the NLU did not understand: ask again, and after two misses in a row hand over to a person."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import in_topic
from actions.answer_question import answer_or_ask_which
from actions.handover import Reason, hand_over
from actions.not_ours import refused_as_not_ours
from actions.presenting import PERSON_BUTTON
from actions.replies import FALLBACK, meta, misunderstood_streak
from nlu.frustration import fed_up
from nlu.person import asks_for_a_person

ASK_AGAIN = (
    "Dạ, con chưa hiểu rõ ý Bác ạ. Bác nói lại ngắn gọn hơn giúp con nhé, "
    'ví dụ: "đăng ký tạm trú", "quên mật khẩu VNeID", "làm lại căn cước"; '
    "hoặc bấm «Gặp người hỗ trợ» để có người của phường giúp."
)


class ActionHandleFallback(Action):  # type: ignore[misc]  # rasa_sdk has no type information: Action is Any
    """Replies to a message the NLU could not classify confidently."""

    def name(self) -> str:
        return "action_handle_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        # The NLU was unsure: it may be a follow-up on the topic, or the knowledge base may know what this is
        # (or offer its best entries); a message asking for someone is not a follow-up (the search hands it over).
        wants_a_person = asks_for_a_person(text)
        if not wants_a_person and refused_as_not_ours(dispatcher, text):
            return []
        followed_up = not wants_a_person and in_topic.reply(dispatcher, tracker, text)
        if followed_up or answer_or_ask_which(dispatcher, text, tracker):
            return []
        if fed_up(text):
            # "huhu cái vneid này hành bác cả tuần nay rồi, nản lắm": not a question to ask again
            hand_over(dispatcher, Reason.COMPLAINT)
        elif misunderstood_streak(tracker.events) + 1 >= 2:
            # The gateway queues the conversation and says what happens next (with a way to cancel).
            hand_over(dispatcher, Reason.MISUNDERSTOOD)
        else:
            dispatcher.utter_message(text=ASK_AGAIN, buttons=[PERSON_BUTTON], json_message=meta(FALLBACK))
        return []
